import { describe, it, expect } from 'vitest';
import { precisionRecallCurve } from '../../src/lib/precision-recall';
import { seededRandom } from '../fixtures/synthetic-records';

/**
 * O(n²) average precision, written from the other definition: the mean over positives i of the
 * precision when flagging every score >= score_i (tied samples are flagged together).
 */
function bruteForceAveragePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let sum = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    positives++;
    let flagged = 0;
    let flaggedPositive = 0;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] < 0 || scores[j] < scores[i]) continue;
      flagged++;
      if (labels[j] === 1) flaggedPositive++;
    }
    sum += flaggedPositive / flagged;
  }
  return sum / positives;
}

function expectAllClose(actual: Float64Array, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
}

describe('precisionRecallCurve', () => {
  it('matches a hand-worked case: labels [0,0,1,1], scores [0.1,0.4,0.35,0.8] → AP 0.8333', () => {
    const pr = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    // P = 2. Highest first:
    //   +Inf: P 1 (convention), R 0
    //   0.8 (pos): tp 1 fp 0 → P 1,   R 0.5
    //   0.4 (neg): tp 1 fp 1 → P 0.5, R 0.5
    //   0.35(pos): tp 2 fp 1 → P 2/3, R 1
    //   0.1 (neg): tp 2 fp 2 → P 0.5, R 1
    expect([...pr.thresholds]).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expectAllClose(pr.precision, [1, 1, 0.5, 2 / 3, 0.5]);
    expectAllClose(pr.recall, [0, 0.5, 0.5, 1, 1]);
    // AP = 0.5·1 + 0·0.5 + 0.5·(2/3) + 0·0.5 = 0.833333
    expect(pr.averagePrecision).toBeCloseTo(5 / 6, 12);
  });

  it('makes tied scores one point: labels [1,0,1,0], scores [0.5,0.5,0.9,0.1]', () => {
    const pr = precisionRecallCurve([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]);
    //   0.9: tp 1 fp 0 → P 1,   R 0.5
    //   0.5: tp 2 fp 1 → P 2/3, R 1   (tied pos and neg flagged together)
    //   0.1: tp 2 fp 2 → P 0.5, R 1
    expect([...pr.thresholds]).toEqual([Infinity, 0.9, 0.5, 0.1]);
    expectAllClose(pr.precision, [1, 1, 2 / 3, 0.5]);
    expectAllClose(pr.recall, [0, 0.5, 1, 1]);
    // AP = 0.5·1 + 0.5·(2/3) + 0·0.5 = 0.833333 (putting the tied positive first would give 1)
    expect(pr.averagePrecision).toBeCloseTo(5 / 6, 12);
  });

  it('gives AP 1 for a perfect ranking and 5/12 for an inverted one', () => {
    expect(precisionRecallCurve([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]).averagePrecision).toBe(1);
    // inverted, highest first: 0.9 neg (P 0, R 0), 0.8 neg (P 0, R 0), 0.2 pos (P 1/3, R 0.5), 0.1 pos (P 0.5, R 1)
    // AP = 0.5·(1/3) + 0.5·0.5 = 1/6 + 1/4 = 5/12
    expect(precisionRecallCurve([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]).averagePrecision).toBeCloseTo(5 / 12, 12);
  });

  it('gives the positive share as AP when every score ties', () => {
    // one point: P 2/5, R 1 → AP = 1·0.4
    const pr = precisionRecallCurve([1, 0, 0, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3]);
    expect(pr.averagePrecision).toBeCloseTo(0.4, 12);
    expect(pr.thresholds).toHaveLength(2);
  });

  it('returns AP NaN without positives, and 1 without negatives; skips label < 0', () => {
    const noPositives = precisionRecallCurve([0, 0, -1], [0.1, 0.2, 0.3]);
    expect(noPositives.averagePrecision).toBeNaN();
    expect(noPositives.recall.every(Number.isNaN)).toBe(true);
    expect(precisionRecallCurve([1, 1, -1], [0.1, 0.2, 0.3]).averagePrecision).toBe(1);
  });

  it('agrees with an O(n²) average precision on 400 seeded scores with heavy ties', () => {
    for (const seed of [7, 8, 9]) {
      const random = seededRandom(seed);
      const n = 400;
      const labels = new Int8Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = random();
        labels[i] = r < 0.05 ? -1 : r < 0.3 ? 1 : 0;
        scores[i] = Math.floor(random() * 10 + (labels[i] === 1 ? 3 : 0)) / 10;
      }
      const pr = precisionRecallCurve(labels, scores);
      expect(pr.averagePrecision).toBeCloseTo(bruteForceAveragePrecision(labels, scores), 12);
      for (let k = 1; k < pr.recall.length; k++) expect(pr.recall[k]).toBeGreaterThanOrEqual(pr.recall[k - 1]);
      expect(pr.recall[pr.recall.length - 1]).toBe(1);
    }
  });
});
