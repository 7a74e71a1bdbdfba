import { describe, expect, it } from 'vitest';
import { judgeFineTune } from '../../../src/lib/training/fine-tune-guard';
import { stratifiedFolds } from '../../../src/lib/training/split';

describe('judgeFineTune', () => {
  const base = { accuracy: 0.84, recallAtSameFpr: 0.76, macroF1: 0.6, falsePositiveRate: 0.048 };
  const tuned = { accuracy: 0.9, recallAtSameFpr: 0.76, macroF1: 0.65, falsePositiveRate: 0.05 };
  it('activates a version better on accuracy, no worse on the others, its false alarms within the target', () => {
    expect(judgeFineTune(base, tuned, 0.048, 100, 0.05)).toMatchObject({ better: true, worseOn: [], allowedFalsePositiveRate: 0.05 });
  });
  it('keeps a version that is not better on accuracy, or worse on recall at the same FPR or macro-F1', () => {
    expect(judgeFineTune(base, { ...base }, 0.048, 100, 0.05)).toMatchObject({ better: false, worseOn: ['accuracy'] });
    expect(judgeFineTune(base, { ...tuned, recallAtSameFpr: 0.7 }, 0.048, 100, 0.05)).toMatchObject({ better: false, worseOn: ['recallAtSameFpr'] });
    expect(judgeFineTune(base, { ...tuned, recallAtSameFpr: 0.8, macroF1: 0.55 }, 0.048, 100, 0.05)).toMatchObject({ better: false, worseOn: ['macroF1'] });
  });
  it('keeps a version whose own threshold flags more normal rows than the target (0.072 against 0.05)', () => {
    const verdict = judgeFineTune(base, { ...tuned, recallAtSameFpr: 0.9, falsePositiveRate: 0.072 }, 0.048, 100, 0.05);
    expect(verdict).toMatchObject({ better: false, worseOn: ['falsePositiveRate'] });
  });
  it("allows the base version's own rate when that was already over the target", () => {
    const high = { ...base, falsePositiveRate: 0.08 };
    expect(judgeFineTune(high, { ...tuned, falsePositiveRate: 0.07 }, 0.08, 100, 0.05)).toMatchObject({ better: true, allowedFalsePositiveRate: 0.08 });
    expect(judgeFineTune(high, { ...tuned, falsePositiveRate: 0.09 }, 0.08, 100, 0.05).worseOn).toEqual(['falsePositiveRate']);
  });
});

describe('stratifiedFolds', () => {
  it('deals every stratum round the folds, seeded', () => {
    const strata = Int32Array.from({ length: 103 }, (_, i) => (i < 90 ? 0 : i < 100 ? 1 : 2));
    const folds = stratifiedFolds(strata, 5, 3);
    expect(stratifiedFolds(strata, 5, 3)).toEqual(folds);
    for (let k = 0; k < 5; k++) {
      expect(folds.filter((f, i) => f === k && strata[i] === 0).length).toBe(18);
      expect(folds.filter((f, i) => f === k && strata[i] === 1).length).toBe(2);
    }
    // The 3 rows of the smallest stratum land in 3 different folds.
    expect(new Set([100, 101, 102].map((i) => folds[i])).size).toBe(3);
  });
});
