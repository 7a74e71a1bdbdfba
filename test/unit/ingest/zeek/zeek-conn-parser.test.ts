import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../../src/lib/ingest/connections/connection';
import { detectZeekConnLog } from '../../../../src/lib/ingest/zeek/detect';
import { ZeekConnParser, type ZeekSummary } from '../../../../src/lib/ingest/zeek/zeek-conn-parser';

const FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes',
  'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];
const TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count',
  'string', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'];

type Row = Record<string, string>;

/** A TSV conn.log as Zeek writes it, with the columns in `order` (default: Zeek's). */
function tsvLog(rows: Row[], order: string[] = FIELDS): string {
  const types = order.map((f) => TYPES[FIELDS.indexOf(f)]);
  const head = [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn',
    '#open\t2024-01-01-00-00-00', `#fields\t${order.join('\t')}`, `#types\t${types.join('\t')}`,
  ];
  const body = rows.map((r) => order.map((f) => r[f] ?? '-').join('\t'));
  return [...head, ...body, '#close\t2024-01-01-00-10-00', ''].join('\n');
}

const HTTP: Row = {
  ts: '1700000010.250000', uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': '51234', 'id.resp_h': '10.0.0.2',
  'id.resp_p': '80', proto: 'tcp', service: 'ssl', duration: '3.9', orig_bytes: '215', resp_bytes: '45076',
  conn_state: 'SF', local_orig: 'T', missed_bytes: '0', history: 'ShADadFf', orig_pkts: '10', orig_ip_bytes: '735',
  resp_pkts: '40', resp_ip_bytes: '47000', tunnel_parents: '(empty)',
};

function read(text: string, chunk = text.length): { connections: Connection[]; summary: ZeekSummary } {
  const connections: Connection[] = [];
  const p = new ZeekConnParser({ onConnection: (c) => connections.push(c) });
  for (let i = 0; i < text.length; i += chunk) p.pushText(text.slice(i, i + chunk));
  const summary = p.finish();
  expect(summary.rowsRead).toBe(summary.rowsAccepted + summary.rowsRejected);
  return { connections, summary };
}

describe('ZeekConnParser: TSV', () => {
  it('maps a row with the capture definitions', () => {
    const { connections, summary } = read(tsvLog([HTTP]));
    expect(summary).toMatchObject({ format: 'zeek-tsv', rowsRead: 1, rowsAccepted: 1, rowsRejected: 0 });
    const [c] = connections;
    expect(c.identity).toEqual({ ts: 1700000010.25, origH: '10.0.0.1', origP: 51234, respH: '10.0.0.2', respP: 80 });
    // service from the port (80 → http), not Zeek's "ssl"; duration rounded down; logged_in for SF with data.
    expect(c.features).toMatchObject({ duration: 3, protocol_type: 'tcp', service: 'http', flag: 'SF', src_bytes: 215, dst_bytes: 45076, land: 0, logged_in: 1, hot: 0, urgent: 0, wrong_fragment: 0 });
    expect(c.packets).toBe(50);
    expect(c.durationSeconds).toBe(3.9);
    expect(c.cutByEnd).toBe(false);
  });

  it('reads the columns in whatever order #fields gives them', () => {
    const shuffled = [...FIELDS].reverse();
    const a = read(tsvLog([HTTP])).connections;
    const b = read(tsvLog([HTTP], shuffled)).connections;
    expect(b).toEqual(a);
    // Only the columns the mapping needs.
    const minimal = ['conn_state', 'id.resp_p', 'proto', 'id.orig_h', 'ts', 'id.resp_h', 'id.orig_p'];
    const [c] = read(tsvLog([HTTP], minimal)).connections;
    expect(c.features).toMatchObject({ duration: 0, src_bytes: 0, dst_bytes: 0, logged_in: 0, flag: 'SF' });
    expect(c.packets).toBe(0);
  });

  it('treats unset (-) and empty ((empty)) optional values as 0', () => {
    const row = { ...HTTP, duration: '-', orig_bytes: '-', resp_bytes: '(empty)', orig_pkts: '-', resp_pkts: '3', conn_state: 'S0' };
    const [c] = read(tsvLog([row])).connections;
    expect(c.features).toMatchObject({ duration: 0, src_bytes: 0, dst_bytes: 0, flag: 'S0', logged_in: 0 });
    expect(c.packets).toBe(3);
  });

  it('maps conn_state to flag: RSTRH and SHR → OTH, UDP and ICMP → SF', () => {
    const states = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'];
    const tcp = read(tsvLog(states.map((s) => ({ ...HTTP, conn_state: s })))).connections.map((c) => c.features.flag);
    expect(tcp).toEqual(['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'OTH', 'SH', 'OTH', 'OTH']);
    const udp = read(tsvLog([{ ...HTTP, proto: 'udp', 'id.resp_p': '53', conn_state: 'S0' }])).connections[0];
    expect(udp.features).toMatchObject({ flag: 'SF', service: 'domain_u', logged_in: 0 });
    const icmp = read(tsvLog([{ ...HTTP, proto: 'icmp', 'id.orig_p': '8', 'id.resp_p': '0', conn_state: 'OTH' }])).connections[0];
    expect(icmp.features).toMatchObject({ flag: 'SF', service: 'eco_i', protocol_type: 'icmp', logged_in: 0 });
  });

  it('logged_in only for TCP in an established flag with src_bytes > 0', () => {
    const cases: [string, string, number][] = [
      ['SF', '1', 1], ['S1', '5', 1], ['S2', '5', 1], ['S3', '5', 1], ['RSTO', '5', 1], ['RSTR', '5', 1],
      ['SF', '0', 0], ['S0', '5', 0], ['REJ', '5', 0], ['SH', '5', 0], ['RSTOS0', '5', 0], ['OTH', '5', 0], ['SHR', '5', 0],
    ];
    const got = read(tsvLog(cases.map(([s, b]) => ({ ...HTTP, conn_state: s, orig_bytes: b })))).connections.map((c) => c.features.logged_in);
    expect(got).toEqual(cases.map((c) => c[2]));
  });

  it('ICMP: type and code from the ports, v6 from the address', () => {
    const rows = [
      { ...HTTP, proto: 'icmp', 'id.orig_p': '3', 'id.resp_p': '3' },
      { ...HTTP, proto: 'icmp', 'id.orig_h': 'fe80::1', 'id.resp_h': 'fe80::2', 'id.orig_p': '128', 'id.resp_p': '0' },
      { ...HTTP, proto: 'icmp', 'id.orig_h': 'fe80::1', 'id.resp_h': 'fe80::2', 'id.orig_p': '1', 'id.resp_p': '4' },
    ];
    expect(read(tsvLog(rows)).connections.map((c) => c.features.service)).toEqual(['urp_i', 'eco_i', 'urp_i']);
  });

  it('land: same address and port; for ICMP the same address', () => {
    const rows = [
      { ...HTTP, 'id.resp_h': '10.0.0.1', 'id.resp_p': '51234' },
      { ...HTTP, 'id.resp_h': '10.0.0.1' },
      { ...HTTP, proto: 'icmp', 'id.resp_h': '10.0.0.1', 'id.orig_p': '8', 'id.resp_p': '0' },
    ];
    expect(read(tsvLog(rows)).connections.map((c) => c.features.land)).toEqual([1, 0, 1]);
  });

  it('delivers rows sorted by ts, ties in file order', () => {
    const rows = [
      { ...HTTP, ts: '1700000005.000000', uid: 'a', 'id.orig_p': '1' },
      { ...HTTP, ts: '1700000001.000000', uid: 'b', 'id.orig_p': '2' },
      { ...HTTP, ts: '1700000005.000000', uid: 'c', 'id.orig_p': '3' },
      { ...HTTP, ts: '1700000003.000000', uid: 'd', 'id.orig_p': '4' },
    ];
    const { connections, summary } = read(tsvLog(rows));
    expect(connections.map((c) => c.identity.origP)).toEqual([2, 4, 1, 3]);
    expect(summary.rowsOutOfStartOrder).toBe(2);
  });

  it('gives the same result fed one character at a time', () => {
    const text = tsvLog([HTTP, { ...HTTP, ts: '1700000000.5', proto: 'udp' }, { ...HTTP, 'id.orig_p': 'x' }]);
    const whole = read(text);
    const bytewise = read(text, 1);
    expect(bytewise.connections).toEqual(whole.connections);
    expect(bytewise.summary).toEqual(whole.summary);
    expect(whole.summary).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
  });

  it('reads CRLF line ends and a last line without a line break', () => {
    const text = tsvLog([HTTP]).replace('\n#close\t2024-01-01-00-10-00\n', '').replace(/\n/g, '\r\n');
    expect(read(text).connections).toHaveLength(1);
  });

  it('rejects bad rows with their row number and reason, and reads on', () => {
    const rows = [
      HTTP,
      { ...HTTP, 'id.orig_p': 'abc' },
      { ...HTTP, 'id.resp_p': '70000' },
      { ...HTTP, proto: 'unknown_transport' },
      { ...HTTP, conn_state: 'XX' },
      { ...HTTP, 'id.orig_h': '-' },
      { ...HTTP, ts: 'yesterday' },
      { ...HTTP, 'id.resp_h': '10.0.0.300' },
      { ...HTTP, orig_bytes: '-5' },
      HTTP,
    ];
    const text = tsvLog(rows).replace('#close', 'only\ttwo\n#close');
    const { connections, summary } = read(text);
    expect(connections).toHaveLength(2);
    expect(summary).toMatchObject({ rowsRead: 11, rowsAccepted: 2, rowsRejected: 9 });
    expect(summary.rejects).toEqual([
      { row: 2, kind: 'not-a-number', reason: "id.orig_p is not a number: 'abc'" },
      { row: 3, kind: 'out-of-range', reason: "id.resp_p is not a port (0–65535): '70000'" },
      { row: 4, kind: 'unknown-proto', reason: "proto is not tcp, udp or icmp: 'unknown_transport'" },
      { row: 5, kind: 'unknown-conn-state', reason: "conn_state is not a Zeek state: 'XX'" },
      { row: 6, kind: 'missing-field', reason: 'id.orig_h is missing or unset' },
      { row: 7, kind: 'not-a-number', reason: "ts is not a time: 'yesterday'" },
      { row: 8, kind: 'bad-address', reason: "id.resp_h is not an IP address: '10.0.0.300'" },
      { row: 9, kind: 'out-of-range', reason: "orig_bytes is not a count: '-5'" },
      { row: 11, kind: 'field-count', reason: 'expected 20 fields (as #fields names), found 2' },
    ]);
    expect(summary.rejectCounts).toEqual({ 'not-a-number': 2, 'out-of-range': 2, 'unknown-proto': 1, 'unknown-conn-state': 1, 'missing-field': 1, 'bad-address': 1, 'field-count': 1 });
  });

  it('rejects every row when #fields lacks a required column', () => {
    const order = FIELDS.filter((f) => f !== 'conn_state');
    const { summary } = read(tsvLog([HTTP, HTTP], order));
    expect(summary.rejects).toEqual([
      { row: 1, kind: 'missing-field', reason: '#fields has no conn_state column' },
      { row: 2, kind: 'missing-field', reason: '#fields has no conn_state column' },
    ]);
  });

  it('rejects data before any #fields header', () => {
    const { summary } = read('#separator \\x09\n1700000000\t10.0.0.1\n');
    expect(summary.rejects).toEqual([{ row: 1, kind: 'no-header', reason: 'data line before any #fields header' }]);
  });

  it('keeps the first 1,000 rejects and counts them all', () => {
    const bad = Array.from({ length: 1500 }, () => ({ ...HTTP, proto: 'sctp' }));
    const { summary } = read(tsvLog(bad));
    expect(summary.rejects).toHaveLength(1000);
    expect(summary.rejects[999].row).toBe(1000);
    expect(summary.rejectCounts).toEqual({ 'unknown-proto': 1500 });
    expect(summary.rowsRejected).toBe(1500);
  });

  it('reads logs written one after another, each with its own header', () => {
    const text = tsvLog([HTTP]) + tsvLog([{ ...HTTP, ts: '1700000000.000000' }], [...FIELDS].reverse());
    const { connections, summary } = read(text);
    expect(summary.rowsAccepted).toBe(2);
    expect(connections.map((c) => c.identity.ts)).toEqual([1700000000, 1700000010.25]);
  });

  it('honours a different #separator and #unset_field', () => {
    const text = tsvLog([{ ...HTTP, duration: '' }])
      .replace('#separator \\x09', '#separator \\x7c')
      .replace(/\t/g, '|')
      .replace('#unset_field|-', '#unset_field|NONE')
      .replace('|3.9|', '|NONE|');
    const [c] = read(text).connections;
    expect(c.features.duration).toBe(0);
    expect(c.features.src_bytes).toBe(215);
  });

  it('rejects a line longer than the limit as one row', () => {
    const text = tsvLog([HTTP]).replace('#close', `${'x'.repeat(70_000)}\n#close`);
    const { summary } = read(text, 4096);
    expect(summary.rejects).toEqual([{ row: 2, kind: 'too-long', reason: 'line longer than 65536 characters' }]);
  });
});

describe('ZeekConnParser: JSON lines', () => {
  const json = {
    ts: 1700000010.25, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 51234, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80,
    proto: 'tcp', service: 'ssl', duration: 3.9, orig_bytes: 215, resp_bytes: 45076, conn_state: 'SF', missed_bytes: 0,
    history: 'ShADadFf', orig_pkts: 10, orig_ip_bytes: 735, resp_pkts: 40, resp_ip_bytes: 47000,
  };

  it('maps a JSON row exactly as the same TSV row', () => {
    const fromJson = read(JSON.stringify(json) + '\n').connections;
    const fromTsv = read(tsvLog([HTTP])).connections;
    expect(fromJson).toEqual(fromTsv);
  });

  it('reads ISO 8601 timestamps with microseconds', () => {
    const [c] = read(JSON.stringify({ ...json, ts: '2023-11-14T22:13:30.123456Z' })).connections;
    expect(c.identity.ts).toBeCloseTo(1700000010.123456, 6);
    const [d] = read(JSON.stringify({ ...json, ts: '2023-11-14T23:13:30.5+01:00' })).connections;
    expect(d.identity.ts).toBe(1700000010.5);
  });

  it('treats missing keys as unset, reads nested id objects, sorts by ts', () => {
    const lines = [
      { ts: 1700000005, 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 22, proto: 'tcp', conn_state: 'S0' },
      { ts: 1700000001, id: { orig_h: '10.0.0.3', orig_p: 2, resp_h: '10.0.0.2', resp_p: 22 }, proto: 'tcp', conn_state: 'REJ', duration: null },
    ].map((o) => JSON.stringify(o)).join('\n');
    const { connections, summary } = read(lines, 7);
    expect(summary).toMatchObject({ format: 'zeek-json', rowsAccepted: 2 });
    expect(connections.map((c) => [c.identity.origH, c.features.flag, c.features.service, c.features.duration, c.packets])).toEqual([
      ['10.0.0.3', 'REJ', 'ssh', 0, 0],
      ['10.0.0.1', 'S0', 'ssh', 0, 0],
    ]);
  });

  it('rejects lines that are not objects or lack fields', () => {
    const lines = [JSON.stringify(json), '{"ts": 1,', '[1,2]', JSON.stringify({ ...json, proto: undefined }), JSON.stringify({ ...json, 'id.orig_p': true })].join('\n');
    const { summary } = read(lines);
    expect(summary.rejects).toEqual([
      { row: 2, kind: 'bad-json', reason: 'not a JSON object (the line does not parse)' },
      { row: 3, kind: 'bad-json', reason: 'not a JSON object' },
      { row: 4, kind: 'missing-field', reason: 'proto is missing or unset' },
      { row: 5, kind: 'not-a-number', reason: 'id.orig_p is neither a string nor a number' },
    ]);
  });

  it('gives the same result fed one character at a time', () => {
    const text = [JSON.stringify(json), JSON.stringify({ ...json, ts: 1699999999.000001 }), 'garbage'].join('\n');
    expect(read(text, 1)).toEqual(read(text));
  });
});

describe('detectZeekConnLog', () => {
  it('recognises the TSV header', () => {
    expect(detectZeekConnLog('#separator \\x09\n#set_separator\t,\n')).toBe('zeek-tsv');
    expect(detectZeekConnLog('\uFEFF#separator \\x09\n')).toBe('zeek-tsv');
  });

  it('recognises a JSON conn.log line, even one cut off', () => {
    expect(detectZeekConnLog('{"ts":1700000000.1,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"proto":"tcp","conn_st')).toBe('zeek-json');
    expect(detectZeekConnLog('\n{"ts":1,"id.orig_h":"10.0.0.1","conn_state":"S0"}\n')).toBe('zeek-json');
  });

  it('refuses other text', () => {
    expect(detectZeekConnLog('duration,protocol_type,service\n0,tcp,http\n')).toBeNull();
    expect(detectZeekConnLog('{"ts":1,"query":"example.com","id.orig_h":"10.0.0.1"}')).toBeNull();
    expect(detectZeekConnLog('')).toBeNull();
    expect(detectZeekConnLog('#fields\tts\n')).toBeNull();
  });
});
