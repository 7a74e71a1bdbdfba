import { describe, expect, it } from 'vitest';
import { orderedBits, sortIndexByKey } from '../../../src/lib/util/sort-index';
import { createRng } from '../../../src/lib/util/random';

/** The reference: a comparator sort, stable, NaN last in both directions. */
function referenceOrder(keys: Float32Array, indices: number[], descending: boolean): number[] {
  return [...indices].sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
    if (x === y) return Object.is(x, y) || !descending ? (Object.is(x, -0) && Object.is(y, 0) ? (descending ? 1 : -1) : Object.is(x, 0) && Object.is(y, -0) ? (descending ? -1 : 1) : 0) : 0;
    return descending ? y - x : x - y;
  });
}

describe('orderedBits', () => {
  it('orders like the numbers, NaN last', () => {
    const values = [-Infinity, -1e30, -2.5, -1, -1e-40, -0, 0, 1e-40, 0.25, 0.5, 1, 3e38, Infinity];
    const bits = values.map(orderedBits);
    for (let i = 1; i < bits.length; i++) expect(bits[i]).toBeGreaterThan(bits[i - 1]);
    expect(orderedBits(NaN)).toBeGreaterThan(bits.at(-1)!);
  });
});

describe('sortIndexByKey', () => {
  it('matches a comparator sort on random scores with ties, both directions', () => {
    const rnd = createRng(7);
    const n = 5000;
    // Scores in [0, 1] on a coarse grid, so there are many ties to keep in file order.
    const keys = Float32Array.from({ length: n }, () => Math.round(rnd() * 200) / 200);
    const all = Array.from({ length: n }, (_, i) => i);
    for (const descending of [false, true]) {
      expect(Array.from(sortIndexByKey(keys, Uint32Array.from(all), descending))).toEqual(referenceOrder(keys, all, descending));
    }
  });

  it('sorts negative numbers, infinities and NaN', () => {
    const keys = Float32Array.of(0.5, -3, NaN, Infinity, -Infinity, 0, 2, NaN, -0.25);
    const all = Uint32Array.from(keys, (_, i) => i);
    expect(Array.from(sortIndexByKey(keys, all))).toEqual([4, 1, 8, 5, 0, 6, 3, 2, 7]);
    expect(Array.from(sortIndexByKey(keys, all, true))).toEqual([3, 6, 0, 5, 8, 1, 4, 2, 7]);
  });

  it('orders only the given rows, keeping their given order among ties', () => {
    const keys = Float32Array.of(0.9, 0.1, 0.9, 0.5, 0.9);
    expect(Array.from(sortIndexByKey(keys, Uint32Array.of(4, 3, 0), true))).toEqual([4, 0, 3]);
    expect(Array.from(sortIndexByKey(keys, new Uint32Array(0)))).toEqual([]);
  });

  it('does not change its input', () => {
    const keys = Float32Array.of(3, 1, 2);
    const indices = Uint32Array.of(0, 1, 2);
    sortIndexByKey(keys, indices);
    expect(Array.from(indices)).toEqual([0, 1, 2]);
  });
});
