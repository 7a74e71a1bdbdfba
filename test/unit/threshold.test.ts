import { describe, expect, it } from 'vitest';
import { thresholdForFalsePositiveRate } from '../../src/lib/threshold';

describe('thresholdForFalsePositiveRate', () => {
  // negatives: 0.1 0.2 0.3 0.4 0.9 (5) ; positives: 0.35 0.5 0.95
  const labels = [0, 0, 0, 0, 0, 1, 1, 1];
  const scores = [0.1, 0.2, 0.3, 0.4, 0.9, 0.35, 0.5, 0.95];

  it('allows floor(target · negatives) false positives and no more', () => {
    // 20% of 5 negatives = 1 allowed (0.9); the next negative 0.4 must stay below: lowest score above 0.4 is 0.5.
    const t = thresholdForFalsePositiveRate(labels, scores, 0.2);
    expect(t).toBe(0.5);
    const flaggedNegatives = scores.filter((s, i) => labels[i] === 0 && s >= t).length;
    expect(flaggedNegatives).toBe(1);
  });

  it('with a zero budget sits just above the highest negative', () => {
    expect(thresholdForFalsePositiveRate(labels, scores, 0)).toBe(0.95);
  });

  it('with a budget of everything flags everything', () => {
    expect(thresholdForFalsePositiveRate(labels, scores, 1)).toBe(0.1);
  });

  it('ignores unlabelled rows and needs negatives', () => {
    expect(thresholdForFalsePositiveRate([-1, 0, 1], [0.99, 0.2, 0.6], 0)).toBe(0.6);
    expect(() => thresholdForFalsePositiveRate([1, 1], [0.2, 0.3], 0.1)).toThrow(/no negatives/);
  });
});
