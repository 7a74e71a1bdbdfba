import { describe, it, expect } from 'vitest';
import { multiclassMetrics } from '../../../src/lib/metrics/multiclass-metrics';

function expectAllClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
}

describe('multiclassMetrics', () => {
  it('matches a 3×3 matrix worked by hand', () => {
    const m = multiclassMetrics([
      [5, 1, 0],
      [2, 3, 1],
      [0, 2, 6],
    ]);
    // total 20, diagonal 5+3+6 = 14 → accuracy 0.7
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    // row sums (support) 6, 6, 8; column sums (predicted) 7, 6, 7
    expect(m.support).toEqual([6, 6, 8]);
    expectAllClose(m.precision, [5 / 7, 3 / 6, 6 / 7]); // 0.714286, 0.5, 0.857143
    expectAllClose(m.recall, [5 / 6, 3 / 6, 6 / 8]); // 0.833333, 0.5, 0.75
    // F1 = 2·diag/(row+col): 10/13, 6/12, 12/15 = 0.769231, 0.5, 0.8
    expectAllClose(m.f1, [10 / 13, 0.5, 0.8]);
    // (0.769231 + 0.5 + 0.8)/3 = 2.069231/3
    expect(m.macroF1).toBeCloseTo(0.689744, 6);
  });

  it('leaves a class with neither support nor predictions out of macro-F1, keeps the rest', () => {
    const m = multiclassMetrics([
      [3, 1, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 0, 0], // class 2: never actual, never predicted → excluded
      [0, 1, 0, 0], // class 3: support 1, never predicted → F1 0, included
    ]);
    // rows 4, 2, 0, 1; columns 3, 4, 0, 0
    expectAllClose(m.f1, [6 / 7, 4 / 6, 0, 0]); // 2·3/(4+3), 2·2/(2+4), 0/0→0, 0/(1+0)
    expectAllClose(m.precision, [1, 0.5, 0, 0]); // 3/3, 2/4, 0/0→0, 0/0→0
    expectAllClose(m.recall, [0.75, 1, 0, 0]); // 3/4, 2/2, 0/0→0, 0/1
    // (6/7 + 2/3 + 0)/3 = (0.857143 + 0.666667)/3 = 1.523810/3; averaging all 4 would give 0.380952
    expect(m.macroF1).toBeCloseTo(0.507937, 6);
    expect(m.accuracy).toBeCloseTo(5 / 7, 12); // (3+2)/7
  });

  it('scores a perfect diagonal as 1 everywhere', () => {
    const m = multiclassMetrics([
      [4, 0],
      [0, 1],
    ]);
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    expect(m.recall).toEqual([1, 1]);
  });

  it('defines the empty matrix as all zeros (0/0 → 0)', () => {
    const m = multiclassMetrics([
      [0, 0],
      [0, 0],
    ]);
    expect(m.accuracy).toBe(0);
    expect(m.macroF1).toBe(0);
    expect(m.f1).toEqual([0, 0]);
  });

  it('rejects a non-square matrix', () => {
    expect(() => multiclassMetrics([[1, 2], [3]])).toThrow(RangeError);
  });
});
