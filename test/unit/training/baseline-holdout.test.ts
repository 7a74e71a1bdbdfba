import { describe, expect, it } from 'vitest';
import { baselineHoldout, captureFolds, mostAnomalous } from '../../../src/lib/training/baseline-holdout';

// Sources of 5, 1, 3, 8, 2 and 6 records, records of a source together.
const sizes = [5, 1, 3, 8, 2, 6];
const sourceOf = Int32Array.from(sizes.flatMap((n, s) => new Array(n).fill(s)));

describe('captureFolds', () => {
  it('puts every record in exactly one fold, whole sources only, folds near equal in records', () => {
    const folds = captureFolds(sourceOf, sizes.length, 3, 4);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: sourceOf.length }, (_, i) => i));
    for (const fold of folds) {
      const sources = new Set(fold.map((i) => sourceOf[i]));
      for (const s of sources) expect(fold.filter((i) => sourceOf[i] === s).length).toBe(sizes[s]);
    }
    const lengths = folds.map((f) => f.length);
    // 25 records: greedy largest-first gives 8 | 6+2 | 5+3+1 or as balanced.
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
  });

  it('is seeded and refuses more folds than sources', () => {
    expect(captureFolds(sourceOf, 6, 2, 9)).toEqual(captureFolds(sourceOf, 6, 2, 9));
    expect(() => captureFolds(sourceOf, 6, 7, 1)).toThrow(/7 folds of 6 sources/);
  });
});

describe('baselineHoldout', () => {
  it('holds out whole sources (≥ the fraction of records) with three or more sources', () => {
    const h = baselineHoldout(sourceOf, sizes.length, 0.25, 'by-source', 3);
    expect(h.calibration.length).toBeGreaterThanOrEqual(0.25 * sourceOf.length);
    const held = new Set(h.calibrationSources);
    for (const i of h.calibration) expect(held.has(sourceOf[i])).toBe(true);
    for (const i of h.training) expect(held.has(sourceOf[i])).toBe(false);
  });

  it('holds out the last records of each source with fewer than three', () => {
    const two = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const h = baselineHoldout(two, 2, 0.25, 'by-source', 1);
    expect(h.calibration).toEqual([3, 7]);
    expect(mostAnomalous([0.1, 0.9, 0.5, 0.8], 0.5)).toEqual(new Set([1, 3]));
  });
});
