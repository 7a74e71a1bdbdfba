/**
 * A batch of parsed connection records as typed arrays: what the CSV reader emits, what the
 * preprocessor consumes, and what crosses the worker boundary (its buffers are transferred).
 */
import { CATEGORICAL_COUNT, NUMERIC_COUNT } from '../schema/schema';
import { allocateIdentity, copyIdentityRow, identityBuffers, sliceIdentity, type IdentityColumns } from './record-identity';

export interface RecordBatch {
  rowCount: number;
  /** 1-based data row of each record in its file (a header row is not counted). */
  rowNumbers: Uint32Array;
  /** [rowCount, NUMERIC_COUNT] row-major, columns in NUMERIC_FEATURES order. */
  numeric: Float32Array;
  /**
   * [rowCount, CATEGORICAL_COUNT] row-major, columns in CATEGORICAL_FEATURES order. Each value indexes
   * the reader's vocabulary of that column: the schema's known values first, unseen values after them.
   */
  categorical: Int32Array;
  /** Index into the reader's label vocabulary (KNOWN_LABELS first), or -1 when the file has no labels. */
  labels: Int32Array;
  /** Difficulty column when present, else -1. */
  difficulty: Int16Array;
  /** Time and addresses of each record, for records made from captures or conn.log (never a model input). */
  identity?: IdentityColumns;
}

export function allocateBatch(capacity: number): RecordBatch {
  return {
    rowCount: 0,
    rowNumbers: new Uint32Array(capacity),
    numeric: new Float32Array(capacity * NUMERIC_COUNT),
    categorical: new Int32Array(capacity * CATEGORICAL_COUNT),
    labels: new Int32Array(capacity),
    difficulty: new Int16Array(capacity),
  };
}

/** A copy trimmed to `rowCount`, so transferring it sends no unused capacity. */
export function trimBatch(b: RecordBatch): RecordBatch {
  const n = b.rowCount;
  return {
    rowCount: n,
    rowNumbers: b.rowNumbers.slice(0, n),
    numeric: b.numeric.slice(0, n * NUMERIC_COUNT),
    categorical: b.categorical.slice(0, n * CATEGORICAL_COUNT),
    labels: b.labels.slice(0, n),
    difficulty: b.difficulty.slice(0, n),
    ...(b.identity && { identity: sliceIdentity(b.identity, 0, n) }),
  };
}

/** The buffers of a batch, for `postMessage`/comlink transfer lists. */
export function batchBuffers(b: RecordBatch): ArrayBuffer[] {
  const buffers = [b.rowNumbers, b.numeric, b.categorical, b.labels, b.difficulty].map((a) => a.buffer as ArrayBuffer);
  return b.identity ? [...buffers, ...identityBuffers(b.identity)] : buffers;
}

/** Concatenates batches (e.g. a whole training file) into one. */
export function concatBatches(batches: readonly RecordBatch[]): RecordBatch {
  const total = batches.reduce((s, b) => s + b.rowCount, 0);
  const out = allocateBatch(total);
  const withIdentity = batches.length > 0 && batches.every((b) => b.identity);
  if (withIdentity) out.identity = allocateIdentity(total);
  let at = 0;
  for (const b of batches) {
    const n = b.rowCount;
    if (withIdentity) for (let i = 0; i < n; i++) copyIdentityRow(b.identity!, i, out.identity!, at + i);
    out.rowNumbers.set(b.rowNumbers.subarray(0, n), at);
    out.numeric.set(b.numeric.subarray(0, n * NUMERIC_COUNT), at * NUMERIC_COUNT);
    out.categorical.set(b.categorical.subarray(0, n * CATEGORICAL_COUNT), at * CATEGORICAL_COUNT);
    out.labels.set(b.labels.subarray(0, n), at);
    out.difficulty.set(b.difficulty.subarray(0, n), at);
    at += n;
  }
  out.rowCount = total;
  return out;
}

/** The rows at `indices` (in that order) as a new batch. */
export function selectRows(b: RecordBatch, indices: ArrayLike<number>): RecordBatch {
  const out = allocateBatch(indices.length);
  if (b.identity) out.identity = allocateIdentity(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (b.identity) copyIdentityRow(b.identity, i, out.identity!, k);
    out.rowNumbers[k] = b.rowNumbers[i];
    out.numeric.set(b.numeric.subarray(i * NUMERIC_COUNT, (i + 1) * NUMERIC_COUNT), k * NUMERIC_COUNT);
    out.categorical.set(b.categorical.subarray(i * CATEGORICAL_COUNT, (i + 1) * CATEGORICAL_COUNT), k * CATEGORICAL_COUNT);
    out.labels[k] = b.labels[i];
    out.difficulty[k] = b.difficulty[i];
  }
  out.rowCount = indices.length;
  return out;
}
