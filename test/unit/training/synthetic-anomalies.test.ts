import { describe, expect, it } from 'vitest';
import { productOfMarginals } from '../../../src/lib/training/synthetic-anomalies';
import { allocateBatch } from '../../../src/lib/ingest/record-batch';
import { createRng } from '../../../src/lib/util/random';
import { CATEGORICAL_COUNT, NUMERIC_COUNT } from '../../../src/lib/schema/schema';

describe('productOfMarginals', () => {
  // Three donor rows whose every numeric value encodes (row, column): row·1000 + column.
  const source = allocateBatch(4);
  source.rowCount = 4;
  for (let r = 0; r < 4; r++) {
    for (let j = 0; j < NUMERIC_COUNT; j++) source.numeric[r * NUMERIC_COUNT + j] = r * 1000 + j;
    for (let k = 0; k < CATEGORICAL_COUNT; k++) source.categorical[r * CATEGORICAL_COUNT + k] = r * 10 + k;
  }
  const donors = [0, 2, 3]; // row 1 is not a donor

  it('takes every column from some donor row, in the same column', () => {
    const out = productOfMarginals(source, donors, 200, createRng(3));
    expect(out.rowCount).toBe(200);
    for (let r = 0; r < 200; r++) {
      for (let j = 0; j < NUMERIC_COUNT; j++) {
        const v = out.numeric[r * NUMERIC_COUNT + j];
        expect(v % 1000).toBe(j);
        expect(donors).toContain(Math.floor(v / 1000));
      }
      for (let k = 0; k < CATEGORICAL_COUNT; k++) expect(donors.map((d) => d * 10 + k)).toContain(out.categorical[r * CATEGORICAL_COUNT + k]);
      expect(out.labels[r]).toBe(-1);
    }
  });

  it('mixes donors within a row (not copies of whole rows)', () => {
    const out = productOfMarginals(source, donors, 50, createRng(4));
    let mixed = 0;
    for (let r = 0; r < 50; r++) {
      const rowsUsed = new Set(Array.from(out.numeric.subarray(r * NUMERIC_COUNT, (r + 1) * NUMERIC_COUNT), (v) => Math.floor(v / 1000)));
      if (rowsUsed.size > 1) mixed++;
    }
    expect(mixed).toBe(50);
  });

  it('is deterministic for a seed and refuses no donors', () => {
    expect(productOfMarginals(source, donors, 10, createRng(9))).toEqual(productOfMarginals(source, donors, 10, createRng(9)));
    expect(() => productOfMarginals(source, [], 1, createRng(1))).toThrow(/no donor/);
  });
});
