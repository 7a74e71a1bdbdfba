import { describe, it, expect } from 'vitest';
import { aucTrapezoid, rocCurve } from '../../../src/lib/metrics/roc';
import { createRng } from '../../../src/lib/util/random';

/** O(n²) Mann–Whitney: share of (positive, negative) pairs ranked correctly, ties counting half. */
function bruteForceAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

describe('rocCurve', () => {
  it('makes tied scores one point: labels [1,0,1,0], scores [0.5,0.5,0.9,0.1] → AUC 0.875', () => {
    const roc = rocCurve([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]);
    // P = 2, N = 2. Distinct thresholds, highest first:
    //   +Inf: tp 0 fp 0 → (0, 0)
    //   0.9 : tp 1 fp 0 → (0, 0.5)
    //   0.5 : tp 2 fp 1 → (0.5, 1)   (the tied pos/neg pair enters together: one diagonal step)
    //   0.1 : tp 2 fp 2 → (1, 1)
    expect([...roc.thresholds]).toEqual([Infinity, 0.9, 0.5, 0.1]);
    expect([...roc.fpr]).toEqual([0, 0, 0.5, 1]);
    expect([...roc.tpr]).toEqual([0, 0.5, 1, 1]);
    // pairs (pos,neg): (0.5,0.5)=0.5, (0.5,0.1)=1, (0.9,0.5)=1, (0.9,0.1)=1 → 3.5/4
    // trapezoids: 0·… + 0.5·(0.5+1)/2 + 0.5·(1+1)/2 = 0.375 + 0.5
    expect(roc.auc).toBe(0.875);
  });

  it('gives AUC 1 for a perfect ranking and 0 for an inverted one', () => {
    const labels = [0, 0, 1, 1];
    expect(rocCurve(labels, [0.1, 0.2, 0.8, 0.9]).auc).toBe(1);
    expect(rocCurve(labels, [0.9, 0.8, 0.2, 0.1]).auc).toBe(0);
    // perfect: (0,0) → (0,0.5) → (0,1) → (0.5,1) → (1,1)
    expect([...rocCurve(labels, [0.1, 0.2, 0.8, 0.9]).fpr]).toEqual([0, 0, 0, 0.5, 1]);
  });

  it('gives AUC 0.5 and a single diagonal step when every score ties', () => {
    const roc = rocCurve([1, 0, 0, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3]);
    expect([...roc.thresholds]).toEqual([Infinity, 0.3]);
    expect([...roc.fpr]).toEqual([0, 1]);
    expect([...roc.tpr]).toEqual([0, 1]);
    expect(roc.auc).toBe(0.5); // every pair tied: 6 pairs · 0.5 / 6
  });

  it('treats -0 and +0 as the same score', () => {
    expect(rocCurve([1, 0], [-0, 0]).auc).toBe(0.5);
  });

  it('ignores entries with label < 0', () => {
    const withUnlabeled = rocCurve([1, -1, 0, 1, -1, 0], [0.5, 100, 0.5, 0.9, -100, 0.1]);
    const without = rocCurve([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]);
    expect(withUnlabeled).toEqual(without);
  });

  it('returns AUC NaN when a class is absent', () => {
    expect(rocCurve([1, 1, 1], [0.1, 0.2, 0.3]).auc).toBeNaN();
    expect(rocCurve([0, 0], [0.1, 0.2]).auc).toBeNaN();
    expect(rocCurve([], []).auc).toBeNaN();
  });

  it('rejects NaN scores and mismatched lengths', () => {
    expect(() => rocCurve([1, 0], [0.5, NaN])).toThrow(RangeError);
    expect(() => rocCurve([1, 0], [0.5])).toThrow(RangeError);
  });

  it('agrees with an O(n²) Mann–Whitney count on 400 seeded scores with heavy ties', () => {
    for (const seed of [1, 2, 3]) {
      const random = createRng(seed);
      const n = 400;
      const labels = new Int8Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = random();
        labels[i] = r < 0.05 ? -1 : r < 0.4 ? 1 : 0;
        // 12 score levels for 400 samples → many ties; positives shifted up a little
        scores[i] = Math.floor(random() * 10 + (labels[i] === 1 ? 2 : 0)) / 10;
      }
      const roc = rocCurve(labels, scores);
      expect(roc.auc).toBeCloseTo(bruteForceAuc(labels, scores), 12);
      // each curve point is the (FPR, TPR) of flagging score >= threshold, counted directly
      const positives = labels.filter((l) => l === 1).length;
      const negatives = labels.filter((l) => l === 0).length;
      for (let k = 1; k < roc.thresholds.length; k++) {
        let tp = 0;
        let fp = 0;
        for (let i = 0; i < n; i++) {
          if (scores[i] < roc.thresholds[k]) continue;
          if (labels[i] === 1) tp++;
          else if (labels[i] === 0) fp++;
        }
        expect(roc.tpr[k]).toBeCloseTo(tp / positives, 12);
        expect(roc.fpr[k]).toBeCloseTo(fp / negatives, 12);
      }
      expect(new Set(roc.thresholds).size).toBe(roc.thresholds.length); // one point per distinct score
      expect(roc.fpr[roc.fpr.length - 1]).toBe(1);
      expect(roc.tpr[roc.tpr.length - 1]).toBe(1);
    }
  });

  it('handles 1,000,000 tied scores and matches a histogram Mann–Whitney count', () => {
    const random = createRng(42);
    const n = 1_000_000;
    const levels = 100;
    const labels = new Uint8Array(n);
    const scores = new Float32Array(n);
    const positivesAt = new Float64Array(levels);
    const negativesAt = new Float64Array(levels);
    for (let i = 0; i < n; i++) {
      const level = Math.floor(random() * levels);
      const positive = random() < level / levels; // higher levels are more often attacks
      labels[i] = positive ? 1 : 0;
      scores[i] = level;
      if (positive) positivesAt[level]++;
      else negativesAt[level]++;
    }
    // Σ over levels: positives at level × (negatives below + ½ negatives at the same level)
    let wins = 0;
    let negativesBelow = 0;
    let positives = 0;
    for (let level = 0; level < levels; level++) {
      wins += positivesAt[level] * (negativesBelow + 0.5 * negativesAt[level]);
      negativesBelow += negativesAt[level];
      positives += positivesAt[level];
    }
    const roc = rocCurve(labels, scores);
    expect(roc.thresholds.length).toBe(levels + 1);
    expect(roc.auc).toBeCloseTo(wins / (positives * negativesBelow), 12);
  }, 20_000);
});

describe('aucTrapezoid', () => {
  it('sums trapezoids', () => {
    expect(aucTrapezoid([0, 1, 2], [0, 1, 0])).toBe(1); // 1·(0+1)/2 + 1·(1+0)/2
    // 0.5·(0.2+0.4)/2 + 0.5·(0.4+0.4)/2 = 0.15 + 0.2
    expect(aucTrapezoid([0, 0.5, 1], [0.2, 0.4, 0.4])).toBeCloseTo(0.35, 12);
    expect(aucTrapezoid([0], [1])).toBe(0);
  });

  it('rejects mismatched lengths', () => {
    expect(() => aucTrapezoid([0, 1], [0])).toThrow(RangeError);
  });
});
