import { describe, expect, it } from 'vitest';
import { gatherRows, indicesWhere } from '../../../src/lib/training/row-selection';

describe('row selection', () => {
  it('indicesWhere lists the matching positions in order', () => {
    expect(indicesWhere(Int32Array.from([0, 2, 0, 3, 1]), (v) => v > 0)).toEqual([1, 3, 4]);
    expect(indicesWhere([], () => true)).toEqual([]);
  });

  it('gatherRows copies whole rows in the order asked', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]); // 3 rows of width 2
    expect(gatherRows(x, [2, 0, 2], 2)).toEqual(Float32Array.from([5, 6, 1, 2, 5, 6]));
  });
});
