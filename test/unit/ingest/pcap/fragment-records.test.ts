/**
 * Fragment attacks through the whole extraction (reader, tracker, traffic windows): the records carry
 * wrong_fragment, service, flag and bytes as NSL-KDD's teardrop and pod rows do (KDDTrain+: teardrop
 * udp private SF src_bytes 28 wrong_fragment 3; pod icmp ecr_i SF src_bytes 1480 wrong_fragment 1).
 */
import { describe, expect, it } from 'vitest';
import { fragmentIpv4, icmp, udp, writePcap, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { CaptureExtraction } from '../../../../src/lib/ingest/pcap/capture-source.ts';
import type { ExtractedRecord } from '../../../../src/lib/ingest/connections/connection.ts';

function extract(frames: Frame[]): ExtractedRecord[] {
  const out: ExtractedRecord[] = [];
  const extraction = new CaptureExtraction((r) => out.push(r));
  extraction.push(writePcap(frames));
  const { capture } = extraction.finish();
  expect(capture.framesRead).toBe(capture.framesUsed + capture.framesSkipped);
  return out;
}

describe('fragment attacks as records', () => {
  it('a teardrop pair (to a dynamic port) is a private UDP record with wrong_fragment 3 and the first fragment\'s 28 data bytes', () => {
    const frames = fragmentIpv4(udp({ ts: 100, src: '10.0.0.66', dst: '172.16.112.50', sport: 1024, dport: 50123, payload: 28, ipId: 242 }), [
      { offset: 0, length: 36, more: true },
      { offset: 24, length: 11, more: false },
    ]);
    const records = extract(frames);
    expect(records).toHaveLength(1);
    expect(records[0].features).toMatchObject({ protocol_type: 'udp', service: 'private', src_bytes: 28, dst_bytes: 0, wrong_fragment: 3 });
  });

  it('an echo reply past 65,535 bytes (ping of death) is an ICMP record with wrong_fragment 1', () => {
    const big = icmp({ ts: 200, src: '10.0.0.66', dst: '172.16.112.50', type: 0, code: 0, dataLength: 65520 - 8 });
    const records = extract(fragmentIpv4(big, [...new Array<number>(44).fill(1480), 400]));
    expect(records).toHaveLength(1);
    expect(records[0].features).toMatchObject({ protocol_type: 'icmp', service: 'ecr_i', wrong_fragment: 1 });
  });

  it('a clean fragmented datagram has wrong_fragment 0', () => {
    const records = extract(fragmentIpv4(udp({ ts: 300, src: '10.0.0.1', dst: '10.0.0.2', sport: 5000, dport: 53, payload: 3000 }), [1480, 1480, 48]));
    expect(records[0].features.wrong_fragment).toBe(0);
  });
});
