/**
 * An incident's packets exported as a capture: generated captures (pcap and pcapng) holding a port
 * scan among ordinary traffic; the scan's records selected; the exported file read back by the same
 * reader and tracker gives exactly the scan's records, and every packet in it is the scanner's.
 */
import { describe, expect, it } from 'vitest';
import { tcp, udp, writePcap, writePcapng, type Frame } from '../../../src/lib/capture-writer/capture-writer';
import { incidentCapture } from '../../../src/lib/capture-export/incident-capture';
import { ConnectionTracker } from '../../../src/lib/ingest/connections/connection-tracker';
import type { Connection } from '../../../src/lib/ingest/connections/connection';
import { CaptureReader } from '../../../src/lib/ingest/pcap/index';
import type { DecodedPacket } from '../../../src/lib/ingest/pcap/packet';
import type { FlaggedRecord } from '../../../src/lib/incidents/flagged-record';

const SCANNER = '203.0.113.9';
const T0 = 1700000000;

function traffic(): Frame[] {
  const frames: Frame[] = [];
  // A web session and DNS beside the scan, same hosts involved, interleaved in time.
  frames.push(tcp({ ts: T0, src: '10.0.0.5', dst: '10.0.0.1', sport: 51000, dport: 80, flags: 'S', seq: 1 }));
  frames.push(tcp({ ts: T0 + 0.01, src: '10.0.0.1', dst: '10.0.0.5', sport: 80, dport: 51000, flags: 'SA', seq: 9, ack: 2 }));
  for (let port = 20; port < 60; port++) {
    const ts = T0 + 0.02 + (port - 20) * 0.01;
    frames.push(tcp({ ts, src: SCANNER, dst: '10.0.0.1', sport: 40000, dport: port, flags: 'S', seq: 100 }));
    frames.push(tcp({ ts: ts + 0.001, src: '10.0.0.1', dst: SCANNER, sport: port, dport: 40000, flags: 'RA', seq: 0, ack: 101 }));
    if (port % 10 === 0) frames.push(udp({ ts: ts + 0.002, src: '10.0.0.5', dst: '10.0.0.53', sport: 53000 + port, dport: 53, payload: 30 }));
  }
  frames.push(tcp({ ts: T0 + 0.5, src: '10.0.0.5', dst: '10.0.0.1', sport: 51000, dport: 80, flags: 'A', seq: 2, ack: 10 }));
  return frames;
}

function read(bytes: Uint8Array): { records: Connection[]; packets: DecodedPacket[] } {
  const records: Connection[] = [];
  const packets: DecodedPacket[] = [];
  const tracker = new ConnectionTracker({ onConnection: (c) => records.push(c) });
  const reader = new CaptureReader({ onPacket: (p) => (packets.push({ ...p, payload: p.payload.slice() }), tracker.push(p)) });
  reader.push(bytes);
  reader.finish();
  tracker.finish();
  return { records, packets };
}

const flagged = (c: Connection, i: number): FlaggedRecord => ({
  row: i + 1, index: i, ts: c.identity.ts, duration: c.durationSeconds, origH: c.identity.origH, origP: c.identity.origP,
  respH: c.identity.respH, respP: c.identity.respP, protocol: c.features.protocol_type, service: c.features.service,
  flag: c.features.flag, srcBytes: c.features.src_bytes, dstBytes: c.features.dst_bytes, packets: c.packets,
  failedLogins: 0, loggedIn: false, score: 1, category: 'Probe',
});

/** Chunks of 100 bytes, so records straddle chunk boundaries. */
const chunked = (bytes: Uint8Array) => async function* () {
  for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
};

describe('incidentCapture', () => {
  for (const [format, write] of [
    ['pcap', (f: Frame[]) => writePcap(f)],
    ['pcapng', (f: Frame[]) => writePcapng(f, { interfaces: [{ linkType: 1 }] })],
  ] as const) {
    it(`${format}: the exported file holds the scan's packets and nothing else`, async () => {
      const original = write(traffic());
      const all = read(original);
      const scan = all.records.filter((c) => c.identity.origH === SCANNER);
      expect(scan.length).toBe(40);
      const out = await incidentCapture(scan.map(flagged), chunked(original));
      expect(out.packets).toBe(80);
      // Same format as the original: the same first four bytes.
      expect(Array.from(out.bytes.subarray(0, 4))).toEqual(Array.from(original.subarray(0, 4)));
      const back = read(out.bytes);
      expect(back.packets.every((p) => p.src === SCANNER || p.dst === SCANNER)).toBe(true);
      expect(back.records.map((c) => [c.identity, c.features.flag])).toEqual(scan.map((c) => [c.identity, c.features.flag]));
    });
  }

  it('refuses records without addresses (a CSV of records has no packets)', async () => {
    const noIdentity = { ...flagged(read(writePcap(traffic())).records[0], 0), origH: null, respH: null, ts: null };
    await expect(incidentCapture([noIdentity], chunked(new Uint8Array(0)))).rejects.toThrow(/only a capture has packets/);
  });
});
