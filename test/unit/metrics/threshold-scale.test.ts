import { describe, expect, it } from 'vitest';
import { positionOf, SCALE_STEPS, thresholdAt } from '../../../src/lib/metrics/threshold-scale';

describe('the threshold slider scale (log-odds)', () => {
  it('runs from 1e-4 to 1 − 1e-6, monotone, through 0.5 at its log-odds zero', () => {
    expect(thresholdAt(0)).toBeCloseTo(1e-4, 10);
    expect(thresholdAt(SCALE_STEPS)).toBeCloseTo(1 - 1e-6, 10);
    for (let p = 1; p <= SCALE_STEPS; p++) expect(thresholdAt(p)).toBeGreaterThan(thresholdAt(p - 1));
    expect(thresholdAt(positionOf(0.5))).toBeCloseTo(0.5, 1);
  });

  it('gives the scores captures pile up in many steps: 0.99 to 0.9999 spans over a hundred positions', () => {
    expect(positionOf(0.9999) - positionOf(0.99)).toBeGreaterThan(100);
    // A linear 0.001 slider had 10 positions there.
  });

  it('positionOf is thresholdAt\'s inverse to the nearest step; 0 and 1 go to the ends', () => {
    for (const p of [0, 1, 250, 612, 999, SCALE_STEPS]) expect(positionOf(thresholdAt(p))).toBe(p);
    expect(positionOf(0)).toBe(0);
    expect(positionOf(1)).toBe(SCALE_STEPS);
    expect(positionOf(-1)).toBe(0);
  });
});
