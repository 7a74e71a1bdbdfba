/**
 * The live sensor's latency for `npm run bench` (section 7): the generated stream of
 * scripts/lib/live-stream.ts written a capture second at a time through the extraction; each record's
 * lag is the capture time read when it came out less its connection's end (UDP: end + 60 s idle).
 * Records still open at the stream's end, or ending in its last 10 s, are not counted.
 */
import { CaptureExtraction } from '../../src/lib/ingest/pcap/capture-source';
import type { ExtractedRecord } from '../../src/lib/ingest/connections/connection';
import { liveStream } from './live-stream';

export interface LiveLatency {
  seconds: number;
  records: number;
  tcp: { p50: number; p95: number; max: number };
  udp: { p50: number; p95: number; max: number };
  floodReportedAfter: number;
  scanReportedAfter: number;
  /** Most records ever waiting for their place in the start order. */
  peakWaiting: number;
}

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};

export function benchLiveLatency(seconds = 600): LiveLatency {
  const stream = liveStream(seconds);
  const out: { record: ExtractedRecord; at: number }[] = [];
  const extraction: CaptureExtraction = new CaptureExtraction((record) => out.push({ record, at: extraction.clock }));
  extraction.push(stream.pcap.subarray(0, stream.secondOffsets[0]).slice());
  let peakWaiting = 0;
  for (let k = 0; k < seconds; k++) {
    extraction.push(stream.pcap.subarray(stream.secondOffsets[k], stream.secondOffsets[k + 1]).slice());
    peakWaiting = Math.max(peakWaiting, extraction.waitingForPlace);
  }
  const last = extraction.clock;
  extraction.finish();
  const end = (r: ExtractedRecord) => r.identity.ts + r.durationSeconds;
  const lags = (protocol: 'tcp' | 'udp', linger: number) =>
    out.filter((o) => o.record.features.protocol_type === protocol && end(o.record) + linger <= last - 10).map((o) => o.at - end(o.record) - linger);
  const firstOut = (pick: (r: ExtractedRecord) => boolean) => Math.min(...out.filter((o) => pick(o.record)).map((o) => o.at));
  return {
    seconds,
    records: out.length,
    tcp: quantiles(lags('tcp', 0)),
    udp: quantiles(lags('udp', 60)),
    floodReportedAfter: firstOut((r) => r.identity.respH === stream.floodVictim) - stream.floodStart,
    scanReportedAfter: firstOut((r) => r.identity.origH === stream.scanner) - stream.scanStart,
    peakWaiting,
  };
}
