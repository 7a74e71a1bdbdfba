import { describe, it, expect } from 'vitest';
import { allocateBatch, batchBuffers, concatBatches, selectRows, trimBatch, type RecordBatch } from '../../../src/lib/ingest/record-batch.ts';
import { CATEGORICAL_COUNT, NUMERIC_COUNT } from '../../../src/lib/schema/schema.ts';

/**
 * A batch whose every value encodes its row id `id`: rowNumbers = id, numeric[j] = id * 100 + j,
 * categorical[k] = id * 10 + k, labels = id % 7, difficulty = id + 1000. Capacity may exceed the rows.
 */
function batchOf(ids: number[], capacity = ids.length): RecordBatch {
  const b = allocateBatch(capacity);
  ids.forEach((id, r) => {
    b.rowNumbers[r] = id;
    for (let j = 0; j < NUMERIC_COUNT; j++) b.numeric[r * NUMERIC_COUNT + j] = id * 100 + j;
    for (let k = 0; k < CATEGORICAL_COUNT; k++) b.categorical[r * CATEGORICAL_COUNT + k] = id * 10 + k;
    b.labels[r] = id % 7;
    b.difficulty[r] = id + 1000;
  });
  b.rowCount = ids.length;
  return b;
}

/** Checks that `b` holds exactly the rows `ids` (in order) as built by batchOf, and no spare capacity. */
function expectRows(b: RecordBatch, ids: number[]): void {
  expect(b.rowCount).toBe(ids.length);
  expect([...b.rowNumbers]).toEqual(ids);
  expect([...b.labels]).toEqual(ids.map((id) => id % 7));
  expect([...b.difficulty]).toEqual(ids.map((id) => id + 1000));
  expect(b.numeric).toHaveLength(ids.length * NUMERIC_COUNT);
  expect(b.categorical).toHaveLength(ids.length * CATEGORICAL_COUNT);
  ids.forEach((id, r) => {
    expect(b.numeric[r * NUMERIC_COUNT]).toBe(id * 100);
    expect(b.numeric[r * NUMERIC_COUNT + NUMERIC_COUNT - 1]).toBe(id * 100 + 37);
    expect([...b.categorical.subarray(r * 3, r * 3 + 3)]).toEqual([id * 10, id * 10 + 1, id * 10 + 2]);
  });
}

describe('allocateBatch', () => {
  it('allocates typed arrays of the right types and sizes, empty', () => {
    const b = allocateBatch(5);
    expect(b.rowCount).toBe(0);
    expect(b.rowNumbers).toBeInstanceOf(Uint32Array);
    expect(b.numeric).toBeInstanceOf(Float32Array);
    expect(b.categorical).toBeInstanceOf(Int32Array);
    expect(b.labels).toBeInstanceOf(Int32Array);
    expect(b.difficulty).toBeInstanceOf(Int16Array);
    expect(b.rowNumbers).toHaveLength(5);
    expect(b.numeric).toHaveLength(5 * 38);
    expect(b.categorical).toHaveLength(5 * 3);
    expect(b.labels).toHaveLength(5);
    expect(b.difficulty).toHaveLength(5);
  });
});

describe('trimBatch', () => {
  it('copies only the first rowCount rows', () => {
    const full = batchOf([4, 8, 15], 10);
    const t = trimBatch(full);
    expectRows(t, [4, 8, 15]);
  });

  it('returns a copy: changing it leaves the original alone', () => {
    const full = batchOf([1, 2], 4);
    const t = trimBatch(full);
    t.numeric[0] = -5;
    t.labels[0] = 99;
    expect(full.numeric[0]).toBe(100);
    expect(full.labels[0]).toBe(1);
    expect(t.numeric.buffer).not.toBe(full.numeric.buffer);
  });

  it('trims an empty batch to zero-length arrays', () => {
    const t = trimBatch(allocateBatch(8));
    expect(t.rowCount).toBe(0);
    expect(t.numeric).toHaveLength(0);
    expect(t.rowNumbers).toHaveLength(0);
  });

  it('gives buffers of exactly the trimmed size', () => {
    const t = trimBatch(batchOf([1, 2, 3], 100));
    expect(t.numeric.buffer.byteLength).toBe(3 * 38 * 4);
    expect(t.rowNumbers.buffer.byteLength).toBe(3 * 4);
    expect(t.difficulty.buffer.byteLength).toBe(3 * 2);
  });
});

describe('concatBatches', () => {
  it('joins batches in order, using only each batch’s rowCount rows', () => {
    const out = concatBatches([batchOf([1, 2], 5), batchOf([3], 3), batchOf([4, 5, 6])]);
    expectRows(out, [1, 2, 3, 4, 5, 6]);
  });

  it('skips empty batches and gives an empty batch for none', () => {
    expectRows(concatBatches([allocateBatch(4), batchOf([7]), allocateBatch(0)]), [7]);
    const none = concatBatches([]);
    expect(none.rowCount).toBe(0);
    expect(none.numeric).toHaveLength(0);
  });

  it('copies: the inputs are unchanged when the output is written', () => {
    const a = batchOf([1]);
    const out = concatBatches([a]);
    out.categorical[0] = 123;
    expect(a.categorical[0]).toBe(10);
  });
});

describe('selectRows', () => {
  const source = batchOf([10, 11, 12, 13, 14], 8);

  it('picks rows in the order given, repeats allowed', () => {
    expectRows(selectRows(source, [3, 0, 3]), [13, 10, 13]);
    expectRows(selectRows(source, Int32Array.from([4, 1])), [14, 11]);
  });

  it('gives an empty batch for no indices', () => {
    const out = selectRows(source, []);
    expect(out.rowCount).toBe(0);
    expect(out.numeric).toHaveLength(0);
  });

  it('leaves the source batch unchanged', () => {
    const out = selectRows(source, [0]);
    out.numeric[0] = -1;
    expect(source.numeric[0]).toBe(1000);
    expectRows(trimBatch(source), [10, 11, 12, 13, 14]);
  });
});

describe('batchBuffers', () => {
  it('lists the five distinct underlying buffers of a batch', () => {
    const b = trimBatch(batchOf([1, 2, 3], 6));
    const buffers = batchBuffers(b);
    expect(buffers).toHaveLength(5);
    expect(buffers[0]).toBe(b.rowNumbers.buffer);
    expect(buffers[1]).toBe(b.numeric.buffer);
    expect(buffers[2]).toBe(b.categorical.buffer);
    expect(buffers[3]).toBe(b.labels.buffer);
    expect(buffers[4]).toBe(b.difficulty.buffer);
    expect(new Set(buffers).size).toBe(5);
    for (const buf of buffers) expect(buf).toBeInstanceOf(ArrayBuffer);
  });

  it('can be transferred with structuredClone, detaching the originals', () => {
    const b = trimBatch(batchOf([1, 2]));
    const copy = structuredClone(b, { transfer: batchBuffers(b) });
    expectRows(copy, [1, 2]);
    expect(b.numeric.byteLength).toBe(0);
  });
});
