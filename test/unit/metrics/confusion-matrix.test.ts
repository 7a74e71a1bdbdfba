import { describe, it, expect } from 'vitest';
import { binaryConfusion, confusionMatrix } from '../../../src/lib/metrics/confusion-matrix';

describe('confusionMatrix', () => {
  it('counts actual (rows) against predicted (columns) and skips unlabeled rows', () => {
    const actual = [0, 1, 2, 2, 1, 0, -1];
    const predicted = [0, 2, 2, 1, 1, 0, 2];
    // pairs (actual,predicted): (0,0) (1,2) (2,2) (2,1) (1,1) (0,0); (-1,2) is unlabeled and dropped
    // → [0][0]=2, [1][1]=1, [1][2]=1, [2][1]=1, [2][2]=1
    expect(confusionMatrix(actual, predicted, 3)).toEqual([
      [2, 0, 0],
      [0, 1, 1],
      [0, 1, 1],
    ]);
  });

  it('accepts typed arrays and returns an all-zero matrix for no labeled rows', () => {
    expect(confusionMatrix(new Int8Array([-1, -1]), new Uint8Array([0, 1]), 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('rejects class indices outside 0..K-1 and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, 1.5], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(RangeError);
  });
});

describe('binaryConfusion', () => {
  it('counts tp/fp/tn/fn with 1 = attack and skips unlabeled', () => {
    // (actual,predicted): (1,1)=tp (0,1)=fp (1,0)=fn (0,0)=tn (-1,1)=skipped (1,1)=tp
    // → tp 2, fp 1, tn 1, fn 1
    expect(binaryConfusion([1, 0, 1, 0, -1, 1], [1, 1, 0, 0, 1, 1])).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
  });

  it('is all zero for empty input', () => {
    expect(binaryConfusion([], [])).toEqual({ tp: 0, fp: 0, tn: 0, fn: 0 });
  });
});
