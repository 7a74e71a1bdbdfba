import { describe, expect, it } from 'vitest';
import { timelineOf } from '../../../src/lib/metrics/timeline';
import { topTalkers } from '../../../src/lib/metrics/top-talkers';

describe('timelineOf', () => {
  it('bins records and anomalies over the span, the last record in the last bin', () => {
    const ts = Float64Array.of(100, 101, 102.5, 104, 110);
    const score = Float32Array.of(0.9, 0.1, 0.6, 0.2, 0.7);
    const t = timelineOf(ts, score, 0.5, 5, 5);
    expect(t.start).toBe(100);
    expect(t.binSeconds).toBe(2);
    expect([...t.records]).toEqual([2, 1, 1, 0, 1]);
    expect([...t.anomalies]).toEqual([1, 1, 0, 0, 1]);
  });

  it('gives one bin to a capture of one instant, and none to no rows', () => {
    expect([...timelineOf(Float64Array.of(5, 5), Float32Array.of(1, 0), 0.5, 2).records]).toEqual([2]);
    expect(timelineOf(new Float64Array(0), new Float32Array(0), 0.5, 0).records.length).toBe(0);
  });
});

describe('topTalkers', () => {
  it('counts anomalous rows per address, most first, ties by first seen, at most `top`', () => {
    const hosts = Uint32Array.of(0, 1, 1, 2, 2, 2, 3);
    const score = Float32Array.of(0.9, 0.9, 0.9, 0.9, 0.1, 0.9, 0.9);
    expect(topTalkers(hosts, score, 0.5, 7, 4, 3)).toEqual([
      { address: 1, anomalies: 2 },
      { address: 2, anomalies: 2 },
      { address: 0, anomalies: 1 },
    ]);
    expect(topTalkers(hosts, score, 0.95, 7, 4)).toEqual([]);
  });
});
