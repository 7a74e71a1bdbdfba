import { describe, expect, it } from 'vitest';
import { addToHistogram, binOf, createScoreHistogram } from '../../../src/lib/metrics/score-histogram';

describe('score histogram', () => {
  it('puts each score in [k/bins, (k+1)/bins), 1 in the last bin, out-of-range scores at the ends', () => {
    expect([0, 0.099, 0.1, 0.55, 0.999, 1, -0.2, 1.7].map((s) => binOf(s, 10))).toEqual([0, 0, 1, 5, 9, 9, 0, 9]);
  });

  it('counts normal, attack and unlabelled rows apart, chunk by chunk, skipping NaN', () => {
    const h = createScoreHistogram(4);
    const scores = Float32Array.of(0.1, 0.3, 0.6, 0.9, 0.95, NaN, 0.2);
    const truth = Int8Array.of(0, 0, 2, 1, 4, 1, -1);
    addToHistogram(h, scores, truth, 0, 3);
    addToHistogram(h, scores, truth, 3, scores.length);
    expect(Array.from(h.normal)).toEqual([1, 1, 0, 0]);
    expect(Array.from(h.attack)).toEqual([0, 0, 1, 2]);
    expect(Array.from(h.unlabelled)).toEqual([1, 0, 0, 0]);
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => createScoreHistogram(0)).toThrow(RangeError);
    expect(() => createScoreHistogram(2.5)).toThrow(RangeError);
  });
});
