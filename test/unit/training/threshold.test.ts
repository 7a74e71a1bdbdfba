import { describe, expect, it } from 'vitest';
import { describeThresholdPolicy, hardNormalLabels, thresholdForFalsePositiveRate, thresholdForPolicy, thresholdForRecall } from '../../../src/lib/training/threshold';

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

describe('thresholdForPolicy', () => {
  // 10 normals: 6 easy (difficulty 21) with low scores, 4 hard (< 21) with higher ones; 2 attacks.
  const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
  const scores = [0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.3, 0.5, 0.7, 0.9, 0.6, 0.95];
  const difficulty = [21, 21, 21, 21, 21, 21, 18, 15, 19, 20, 12, 21];

  it('marks only hard normals as negatives', () => {
    expect(Array.from(hardNormalLabels(labels, difficulty))).toEqual([-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 1, 1]);
    // No difficulty column (-1): no row is hard.
    expect(Array.from(hardNormalLabels([0, 1], [-1, -1]))).toEqual([-1, 1]);
  });

  it('without a hard-normal limit is the plain false-positive budget', () => {
    expect(thresholdForPolicy(labels, scores, difficulty, { targetFpr: 0.2 })).toBe(thresholdForFalsePositiveRate(labels, scores, 0.2));
  });

  it('raises the threshold until the hard normals are within their limit too', () => {
    // Budget 0.2 of 10 normals allows 2 (0.9, 0.7): the next score above the third (0.5) is 0.6.
    expect(thresholdForFalsePositiveRate(labels, scores, 0.2)).toBe(0.6);
    // 25 % of the 4 hard normals allows 1 (0.9): the next score above 0.7 is 0.9.
    const t = thresholdForPolicy(labels, scores, difficulty, { targetFpr: 0.2, hardNormalFpr: 0.25 });
    expect(t).toBe(0.9);
    const hardFlagged = scores.filter((s, i) => labels[i] === 0 && difficulty[i] < 21 && s >= t).length;
    expect(hardFlagged).toBeLessThanOrEqual(1);
  });

  it('keeps the overall budget when it is already the stricter limit', () => {
    // All 4 hard normals allowed: the overall budget (0 of 10) decides.
    expect(thresholdForPolicy(labels, scores, difficulty, { targetFpr: 0, hardNormalFpr: 1 })).toBe(0.95);
  });

  it('falls back to the overall budget when no row has a difficulty', () => {
    const none = labels.map(() => -1);
    expect(thresholdForPolicy(labels, scores, none, { targetFpr: 0.2, hardNormalFpr: 0 })).toBe(0.6);
  });

  it('says what it did', () => {
    expect(describeThresholdPolicy({ targetFpr: 0.02 })).toBe('lowest threshold with validation false-positive rate ≤ 0.02');
    expect(describeThresholdPolicy({ targetFpr: 0.02, hardNormalFpr: 0.05 })).toBe(
      'lowest threshold with validation false-positive rate ≤ 0.02, and ≤ 0.05 on the validation normal rows of difficulty < 21',
    );
  });
});

describe('thresholdForRecall', () => {
  it('is the highest threshold flagging at least the share asked for', () => {
    const scores = [0.9, 0.1, 0.5, 0.7, 0.3, 0.8, 0.2, 0.6, 0.4, 1.0];
    for (const recall of [0.05, 0.1, 0.35, 0.9, 0.95, 1]) {
      const t = thresholdForRecall(scores, recall);
      const flagged = scores.filter((s) => s >= t).length;
      expect(flagged / scores.length).toBeGreaterThanOrEqual(recall);
      // Any higher score as threshold flags fewer than asked.
      const higher = scores.filter((s) => s > t);
      if (higher.length > 0) expect(scores.filter((s) => s >= Math.min(...higher)).length / scores.length).toBeLessThan(recall);
    }
    expect(thresholdForRecall(scores, 0.9)).toBe(0.2);
    expect(() => thresholdForRecall([], 0.9)).toThrow(/no positives/);
  });
});
