import { FIELD_INDEX, type ConnField, type RawConnRow, type RawValue } from './conn-fields';
import { RowRejected } from './rejects';
import { parseDecimal, parseZeekTime } from './zeek-time';

/** Zeek's conn_state values (https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html). */
export const CONN_STATES: readonly string[] = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'];

export type ZeekProto = 'tcp' | 'udp' | 'icmp';

/**
 * One checked conn.log row, as small as it can be: the reader holds every row until the log ends
 * (to sort them by start), so this, not a full Connection, is the per-row memory.
 */
export interface ConnRow {
  ts: number;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: ZeekProto;
  connState: string;
  /** Seconds; 0 when unset. */
  duration: number;
  origBytes: number;
  respBytes: number;
  /** orig_pkts + resp_pkts, each 0 when unset. */
  packets: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[\w.-]+)?$/;

function value(row: RawConnRow, field: ConnField): RawValue {
  return row[FIELD_INDEX[field]];
}

function required(row: RawConnRow, field: ConnField): string | number {
  const v = value(row, field);
  if (v === null) throw new RowRejected('missing-field', `${field} is missing or unset`);
  return v;
}

function address(row: RawConnRow, field: ConnField): string {
  const v = required(row, field);
  const s = String(v);
  const v4 = IPV4.exec(s);
  const ok = v4 !== null ? v4.slice(1).every((octet) => Number(octet) <= 255) : s.includes(':') && IPV6.test(s);
  if (!ok) throw new RowRejected('bad-address', `${field} is not an IP address: '${s}'`);
  return s;
}

function port(row: RawConnRow, field: ConnField): number {
  const raw = required(row, field);
  const n = parseDecimal(raw);
  if (n === null) throw new RowRejected('not-a-number', `${field} is not a number: '${raw}'`);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new RowRejected('out-of-range', `${field} is not a port (0–65535): '${raw}'`);
  return n;
}

/** A non-negative count or duration; unset → 0. */
function optionalAmount(row: RawConnRow, field: ConnField, integer: boolean): number {
  const raw = value(row, field);
  if (raw === null) return 0;
  const n = parseDecimal(raw);
  if (n === null) throw new RowRejected('not-a-number', `${field} is not a number: '${raw}'`);
  if (n < 0 || (integer && !Number.isInteger(n))) throw new RowRejected('out-of-range', `${field} is not a ${integer ? 'count' : 'duration'}: '${raw}'`);
  return n;
}

/** Checks a row's values; throws RowRejected naming the first problem. */
export function checkConnRow(row: RawConnRow): ConnRow {
  const rawTs = required(row, 'ts');
  const ts = parseZeekTime(rawTs);
  if (ts === null) throw new RowRejected('not-a-number', `ts is not a time: '${rawTs}'`);
  const origH = address(row, 'id.orig_h');
  const origP = port(row, 'id.orig_p');
  const respH = address(row, 'id.resp_h');
  const respP = port(row, 'id.resp_p');
  const proto = String(required(row, 'proto')).toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp') {
    throw new RowRejected('unknown-proto', `proto is not tcp, udp or icmp: '${proto}'`);
  }
  const connState = String(required(row, 'conn_state'));
  if (!CONN_STATES.includes(connState)) throw new RowRejected('unknown-conn-state', `conn_state is not a Zeek state: '${connState}'`);
  return {
    ts,
    origH,
    origP,
    respH,
    respP,
    proto,
    connState,
    duration: optionalAmount(row, 'duration', false),
    origBytes: optionalAmount(row, 'orig_bytes', true),
    respBytes: optionalAmount(row, 'resp_bytes', true),
    packets: optionalAmount(row, 'orig_pkts', true) + optionalAmount(row, 'resp_pkts', true),
  };
}
