import { describe, expect, it } from 'vitest';
import { thinCurve } from '../../../src/lib/metrics/curve-points';

describe('thinCurve', () => {
  it('keeps the ends and at most about `resolution` steps of a long staircase', () => {
    const n = 100_001;
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    const y = Float64Array.from(x, (v) => Math.sqrt(v));
    const kept = thinCurve(x, y, 200);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    expect(kept.length).toBeLessThanOrEqual(2 * 200 + 2);
    expect(kept.length).toBeGreaterThan(100);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    // Kept neighbours are at most one step plus one data step apart (sqrt is steep near 0).
    let dataStep = 0;
    for (let i = 1; i < n; i++) dataStep = Math.max(dataStep, x[i] - x[i - 1], y[i] - y[i - 1]);
    for (let i = 1; i < kept.length; i++) {
      const dx = x[kept[i]] - x[kept[i - 1]];
      const dy = y[kept[i]] - y[kept[i - 1]];
      expect(Math.max(dx, dy)).toBeLessThanOrEqual(1 / 200 + dataStep);
    }
  });

  it('keeps a jump as a jump', () => {
    const x = [0, 0, 0, 0.5, 1];
    const y = [0, 0.0001, 0.9, 0.9, 1];
    expect(thinCurve(x, y, 10)).toEqual([0, 2, 3, 4]);
  });

  it('returns short curves whole', () => {
    expect(thinCurve([0, 1], [0, 1], 5)).toEqual([0, 1]);
    expect(thinCurve([], [], 5)).toEqual([]);
  });
});
