/**
 * An incident's packets as a capture file: every packet of the capture that belongs to one of the
 * incident's records (same protocol and both ends, within the record's time), copied byte for byte
 * into a file of the capture's own format (pcap or pcapng), ready for Wireshark. Two passes over the
 * file: the capture reader finds the frames, the copier copies them. Pure; the worker feeds the chunks.
 *
 * A TCP record takes its tuple's packets from its start to its end plus Zeek's 5 s close delay (the
 * last ACK after a close belongs to it but does not lengthen it); UDP from start to end; an ICMP record
 * its one message. A fragmented datagram contributes the frame that completed it.
 */
import type { FlaggedRecord } from '../incidents/flagged-record';
import { CaptureReader } from '../ingest/pcap/capture-reader';
import type { DecodedPacket } from '../ingest/pcap/packet';
import { ZEEK_TIMEOUTS } from '../ingest/connections/zeek-rules';
import { PacketRecordCopier } from './packet-records';

type Window = [startMicros: number, endMicros: number];

const micros = (seconds: number) => Math.round(seconds * 1e6);
const end = (host: string, port: number) => `${host} ${port}`;
const keyOf = (protocol: string, a: string, b: string) => (a < b ? `${protocol}|${a}|${b}` : `${protocol}|${b}|${a}`);

/** Which packets belong to the records: by protocol and the two ends, then time. */
export class PacketSelector {
  private readonly windows = new Map<string, Window[]>();

  constructor(records: readonly Pick<FlaggedRecord, 'protocol' | 'origH' | 'origP' | 'respH' | 'respP' | 'ts' | 'duration'>[]) {
    for (const r of records) {
      if (r.ts === null || r.origH === null || r.respH === null) continue;
      const key = r.protocol === 'icmp'
        ? `icmp|${r.origH}|${r.respH}|${r.origP}|${r.respP}`
        : keyOf(r.protocol, end(r.origH, r.origP), end(r.respH, r.respP));
      const linger = r.protocol === 'tcp' ? ZEEK_TIMEOUTS.tcpCloseDelay : 0;
      const w: Window = [micros(r.ts), micros(r.ts + (r.protocol === 'icmp' ? 0 : r.duration + linger))];
      const list = this.windows.get(key);
      if (list) list.push(w);
      else this.windows.set(key, [w]);
    }
  }

  get empty(): boolean {
    return this.windows.size === 0;
  }

  matches(p: DecodedPacket): boolean {
    const key = p.protocol === 'icmp'
      ? `icmp|${p.src}|${p.dst}|${p.srcPort}|${p.dstPort}`
      : keyOf(p.protocol, end(p.src, p.srcPort), end(p.dst, p.dstPort));
    const list = this.windows.get(key);
    if (!list) return false;
    const t = micros(p.ts);
    return list.some(([from, to]) => t >= from && t <= to);
  }
}

export interface IncidentCapture {
  bytes: Uint8Array;
  /** Packets (frames) copied. */
  packets: number;
}

/**
 * Reads the capture twice through `chunks` (called once per pass, giving the file's bytes in order).
 * Throws when the records carry no addresses and times (a CSV of records has no packets to export).
 */
export async function incidentCapture(records: readonly FlaggedRecord[], chunks: () => AsyncIterable<Uint8Array>): Promise<IncidentCapture> {
  const selector = new PacketSelector(records);
  if (selector.empty) throw new Error('These records carry no addresses and times: only a capture has packets to export.');
  const frames = new Set<number>();
  const reader = new CaptureReader({ onPacket: (p) => void (selector.matches(p) && frames.add(p.frame)) });
  for await (const chunk of chunks()) reader.push(chunk);
  reader.finish();
  const copier = new PacketRecordCopier(frames);
  for await (const chunk of chunks()) copier.push(chunk);
  return { bytes: copier.finish(), packets: copier.copied };
}
