import { describe, expect, it } from 'vitest';
import { judgeFineTune } from '../../../src/lib/training/fine-tune-guard';
import { stratifiedFolds } from '../../../src/lib/training/split';

describe('judgeFineTune', () => {
  const base = { accuracy: 0.84, recallAtSameFpr: 0.76, macroF1: 0.6 };
  it('activates a version better on accuracy and no worse on the others', () => {
    expect(judgeFineTune(base, { accuracy: 0.9, recallAtSameFpr: 0.76, macroF1: 0.65 }, 0.05, 100)).toMatchObject({ better: true, worseOn: [] });
  });
  it('keeps a version that is not better on accuracy, or worse on recall at the same FPR or macro-F1', () => {
    expect(judgeFineTune(base, { ...base }, 0.05, 100)).toMatchObject({ better: false, worseOn: ['accuracy'] });
    expect(judgeFineTune(base, { accuracy: 0.9, recallAtSameFpr: 0.7, macroF1: 0.65 }, 0.05, 100)).toMatchObject({ better: false, worseOn: ['recallAtSameFpr'] });
    expect(judgeFineTune(base, { accuracy: 0.9, recallAtSameFpr: 0.8, macroF1: 0.55 }, 0.05, 100)).toMatchObject({ better: false, worseOn: ['macroF1'] });
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
