/**
 * The live sensor's latency at the extraction (#25): a generated 600 s stream (scripts/lib/live-stream.ts)
 * written one capture second at a time, faster than real time. Each record's lag is the capture time
 * the stream had reached when it came out (the packet being read then), less the end of its connection (UDP: less its end plus the
 * 60 s idle timeout). Bounds: p95 ≤ 10 s (every TCP record ≤ 10 s), the flood and the scan reported
 * ≤ 10 s after they start, every record out by the end and equal to the whole-file run, the start-order
 * queue flat however long the SSH session stays open; a quiet link's wall clock brings the last
 * records out without another packet.
 */
import { describe, expect, it } from 'vitest';
import { CaptureExtraction, LINK_DELAY_SECONDS } from '../../../src/lib/ingest/pcap/capture-source';
import { recordFields } from '../../../src/lib/ingest/extracted-batches';
import type { ExtractedRecord } from '../../../src/lib/ingest/connections/connection';
import { LIVE_STREAM_START, liveStream } from '../../../scripts/lib/live-stream';

const SECONDS = 600;
const stream = liveStream(SECONDS);
const end = (r: ExtractedRecord) => r.identity.ts + r.durationSeconds;

interface Out {
  record: ExtractedRecord;
  /** Capture time written when it came out (Infinity: only at the end). */
  at: number;
}

/** The stream written a capture second at a time (the pcap header first). */
function secondBySecond(): { out: Out[]; waiting: number[]; extraction: CaptureExtraction } {
  // The pcap header is the 24 bytes before second 0.
  const out: Out[] = [];
  const extraction: CaptureExtraction = new CaptureExtraction((record) => out.push({ record, at: extraction.clock }));
  extraction.push(stream.pcap.subarray(0, stream.secondOffsets[0]).slice());
  const waiting: number[] = [];
  for (let k = 0; k < SECONDS; k++) {
    extraction.push(stream.pcap.subarray(stream.secondOffsets[k], stream.secondOffsets[k + 1]).slice());
    waiting.push(extraction.waitingForPlace);
  }
  return { out, waiting, extraction };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];

describe('live stream: records leave seconds after their connection ends (600 s generated stream)', () => {
  const { out, waiting, extraction } = secondBySecond();
  const lastPacket = extraction.clock;
  const beforeEnd = out.length;
  extraction.finish();
  for (const o of out.slice(beforeEnd)) o.at = Infinity;

  it('TCP records: every one out ≤ 10 s of capture time after its connection ended (but the SSH session, open to the end)', () => {
    // Those ending in the stream's last 10 s may go out only at its end: not counted.
    const tcp = out.filter((o) => o.record.features.protocol_type === 'tcp' && end(o.record) <= lastPacket - 10);
    expect(tcp.length).toBeGreaterThan(SECONDS + 400 + 500 - 20);
    const lags = tcp.map((o) => o.at - end(o.record));
    expect(percentile(lags, 0.95)).toBeLessThanOrEqual(10);
    // The bound holds for each record, to the next packet (the timers run on packets).
    expect(Math.max(...lags)).toBeLessThanOrEqual(10.5);
    // Not trivially: a record needs its 5 s close delay.
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(4);
  });

  it('UDP records: out ≤ 10 s after their 60 s idle timeout', () => {
    const udp = out.filter((o) => o.record.features.protocol_type === 'udp' && end(o.record) + 60 <= lastPacket - 10);
    expect(udp.length).toBeGreaterThan(SECONDS / 2 - 40);
    const lags = udp.map((o) => o.at - (end(o.record) + 60));
    expect(percentile(lags, 0.95)).toBeLessThanOrEqual(10);
    expect(Math.max(...lags)).toBeLessThanOrEqual(10 + 1);
  });

  it('the flood and the scan are reported ≤ 10 s after they start', () => {
    const firstOut = (pick: (r: ExtractedRecord) => boolean) => Math.min(...out.filter((o) => pick(o.record)).map((o) => o.at));
    const flood = out.filter((o) => o.record.identity.respH === stream.floodVictim);
    expect(flood).toHaveLength(400);
    expect(flood.every((o) => o.record.features.flag === 'S0')).toBe(true);
    expect(firstOut((r) => r.identity.respH === stream.floodVictim) - stream.floodStart).toBeLessThanOrEqual(10);
    const scan = out.filter((o) => o.record.identity.origH === stream.scanner);
    expect(scan).toHaveLength(500);
    expect(scan.every((o) => o.record.features.flag === 'REJ')).toBe(true);
    expect(firstOut((r) => r.identity.origH === stream.scanner) - stream.scanStart).toBeLessThanOrEqual(10);
    // The flood's records see the flood in their windows.
    expect(Math.max(...flood.map((o) => o.record.traffic.count))).toBeGreaterThan(300);
    expect(Math.max(...flood.map((o) => o.record.traffic.serror_rate))).toBe(1);
  });

  it('memory flat: the start-order queue stays short while the SSH session stays open', () => {
    const ssh = out.filter((o) => o.record.identity.origP === 50022);
    expect(ssh).toHaveLength(1);
    expect(ssh[0].record.cutByEnd).toBe(true);
    expect(ssh[0].at).toBe(Infinity);
    // 10 s of starts at most: ~1 web + 0.5 DNS a second before the flood; as many after 100 s as after 290 s.
    expect(Math.max(...waiting.slice(0, 290))).toBeLessThanOrEqual(20);
    expect(waiting[289]).toBeLessThanOrEqual(waiting[99] + 2);
    // The scan's 500 starts in 5 s are the most it ever holds.
    expect(Math.max(...waiting)).toBeLessThan(600);
  });

  it('every record out by the end, the same records as the whole file at once, in the same order', () => {
    const whole: ExtractedRecord[] = [];
    const once = new CaptureExtraction((r) => whole.push(r));
    once.push(stream.pcap.slice());
    once.finish();
    expect(out.length).toBe(whole.length);
    expect(out.map((o) => recordFields(o.record).join(','))).toEqual(whole.map((r) => recordFields(r).join(',')));
    // Every connection of the stream: SSH + web + DNS + flood + scan.
    expect(whole.length).toBe(1 + (SECONDS - 1) + (SECONDS / 2 - 1) + 400 + 500);
  });

  it('cut into 777-byte pieces (packets split anywhere): the same records in the same order', () => {
    const pieces: ExtractedRecord[] = [];
    const extraction777 = new CaptureExtraction((r) => pieces.push(r));
    for (let at = 0; at < stream.pcap.length; at += 777) extraction777.push(stream.pcap.slice(at, at + 777));
    extraction777.finish();
    expect(pieces.map((r) => recordFields(r).join(','))).toEqual(out.map((o) => recordFields(o.record).join(',')));
  });
});

describe('live stream: a quiet link', () => {
  it('the wall clock brings records out without another packet; a packet on its way is waited for', () => {
    const stream30 = liveStream(30);
    const out: ExtractedRecord[] = [];
    const extraction = new CaptureExtraction((r) => out.push(r));
    extraction.push(stream30.pcap.slice());
    // SSH + web + DNS + the flood and the scan (at 15 s and 20 s).
    const total = 1 + 29 + 14 + 400 + 500;
    expect(total - out.length).toBeGreaterThan(3);
    // Within the link's delay nothing moves.
    extraction.quiet(LINK_DELAY_SECONDS);
    const afterDelay = out.length;
    // 15 s quiet: the last web requests' close delay has passed (the DNS flows keep their 60 s).
    extraction.quiet(15 + LINK_DELAY_SECONDS);
    const tcpOut = out.filter((r) => r.features.protocol_type === 'tcp').length;
    expect(tcpOut).toBe(29 + 900);
    expect(out.length).toBeGreaterThan(afterDelay);
    // 70 s quiet: every DNS flow timed out; only the SSH session is left.
    extraction.quiet(70 + LINK_DELAY_SECONDS);
    expect(out.length).toBe(total - 1);
    extraction.finish();
    expect(out.length).toBe(total);
    expect(out.at(-1)!.identity.respP).toBe(22);
  });
});
