import { describe, it, expect } from 'vitest';
import {
  accuracy,
  binaryMetrics,
  binaryMetricsAtThreshold,
  f1,
  falsePositiveRate,
  precision,
  recall,
  specificity,
} from '../../../src/lib/metrics/binary-metrics';

describe('binaryMetrics', () => {
  it('matches hand-computed values for tp=3 fp=1 tn=4 fn=2', () => {
    const m = binaryMetrics({ tp: 3, fp: 1, tn: 4, fn: 2 });
    expect(m.accuracy).toBeCloseTo(0.7, 12); // (3+4)/10
    expect(m.precision).toBeCloseTo(0.75, 12); // 3/(3+1)
    expect(m.recall).toBeCloseTo(0.6, 12); // 3/(3+2)
    expect(m.f1).toBeCloseTo(2 / 3, 12); // 2·3/(2·3+1+2) = 6/9; = 2·0.75·0.6/(0.75+0.6) = 0.9/1.35
    expect(m.falsePositiveRate).toBeCloseTo(0.2, 12); // 1/(1+4)
    expect(m.specificity).toBeCloseTo(0.8, 12); // 4/(4+1)
  });

  it('defines every 0/0 as 0', () => {
    expect(binaryMetrics({ tp: 0, fp: 0, tn: 0, fn: 0 })).toEqual({
      accuracy: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      falsePositiveRate: 0,
      specificity: 0,
    });
  });

  it('handles all-negative data: precision/recall/F1 are 0/0 → 0, the rest are real ratios', () => {
    const c = { tp: 0, fp: 0, tn: 5, fn: 0 };
    expect(accuracy(c)).toBe(1); // 5/5
    expect(precision(c)).toBe(0); // 0/0
    expect(recall(c)).toBe(0); // 0/0
    expect(f1(c)).toBe(0); // 0/0
    expect(falsePositiveRate(c)).toBe(0); // 0/5
    expect(specificity(c)).toBe(1); // 5/5
  });

  it('gives F1 0 (not NaN) when there are errors but no true positives', () => {
    // precision = 0/2, recall = 0/3 → harmonic mean would be 0/0; 2·0/(0+2+3) = 0
    expect(f1({ tp: 0, fp: 2, tn: 1, fn: 3 })).toBe(0);
  });
});

describe('binaryMetricsAtThreshold', () => {
  it('flags score >= threshold and skips unlabeled rows', () => {
    const labels = [1, 1, 0, 0, 1, -1];
    const scores = [0.9, 0.4, 0.6, 0.1, 0.5, 0.99];
    // threshold 0.5: 0.9(1)=tp, 0.4(1)=fn, 0.6(0)=fp, 0.1(0)=tn, 0.5(1)=tp (equal counts as flagged), 0.99(-1) skipped
    const m = binaryMetricsAtThreshold(labels, scores, 0.5);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
    expect(m.threshold).toBe(0.5);
    expect(m.accuracy).toBeCloseTo(0.6, 12); // (2+1)/5
    expect(m.precision).toBeCloseTo(2 / 3, 12); // 2/(2+1)
    expect(m.recall).toBeCloseTo(2 / 3, 12); // 2/(2+1)
    expect(m.f1).toBeCloseTo(2 / 3, 12); // 4/(4+1+1)
    expect(m.falsePositiveRate).toBeCloseTo(0.5, 12); // 1/(1+1)
    expect(m.specificity).toBeCloseTo(0.5, 12); // 1/(1+1)
  });

  it('flags nothing at +Infinity and everything at -Infinity', () => {
    const labels = new Uint8Array([1, 0, 1]);
    const scores = new Float32Array([0.2, 0.7, 0.3]);
    expect(binaryMetricsAtThreshold(labels, scores, Infinity).confusion).toEqual({ tp: 0, fp: 0, tn: 1, fn: 2 });
    expect(binaryMetricsAtThreshold(labels, scores, -Infinity).confusion).toEqual({ tp: 2, fp: 1, tn: 0, fn: 0 });
  });

  it('rejects mismatched lengths', () => {
    expect(() => binaryMetricsAtThreshold([1, 0], [0.5], 0.5)).toThrow(RangeError);
  });
});
