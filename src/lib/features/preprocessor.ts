/**
 * Turns RecordBatches into the model input matrix [rows, featureCount]:
 * - numeric counts and bytes: log1p (they are heavy-tailed), then min-max scaled with the training
 *   statistics and clipped to [0, 1]; rates and binary flags: min-max scaled and clipped the same way;
 * - categorical: one-hot over the values seen in training, plus one "unknown" slot per column for
 *   values the training data did not have.
 * The fitted state is a versioned JSON object carrying the schema hash, so models and preprocessor
 * travel together and a mismatch is caught on load.
 */
import type { RecordBatch } from '../ingest/record-batch';
import { CATEGORICAL_COUNT, CATEGORICAL_FEATURES, FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES, SCHEMA_HASH, VOCABULARIES } from '../schema/schema';

export const PREPROCESSOR_FORMAT = 'traffic-anomaly-lab/preprocessor';
export const PREPROCESSOR_VERSION = 1;

export interface PreprocessorJSON {
  format: typeof PREPROCESSOR_FORMAT;
  version: number;
  schemaHash: string;
  numeric: { name: string; log1p: boolean; min: number; max: number }[];
  /** Per categorical column, the one-hot values in slot order; slot `values.length` is "unknown". */
  categorical: { name: string; values: string[] }[];
  featureCount: number;
}

export interface Preprocessor {
  readonly json: PreprocessorJSON;
  readonly featureCount: number;
  /** Name of each output column, e.g. `src_bytes`, `service=http`, `service=<unknown>`. */
  readonly featureNames: readonly string[];
  /** The model input for a batch: Float32Array [rows, featureCount]. */
  transform(batch: RecordBatch, out?: Float32Array): Float32Array;
}

const LOG1P_FEATURES = new Set(FEATURES.filter((s) => s.kind === 'numeric').map((s) => s.name));

export function fitPreprocessor(batches: readonly RecordBatch[]): Preprocessor {
  const min = new Float64Array(NUMERIC_COUNT).fill(Infinity);
  const max = new Float64Array(NUMERIC_COUNT).fill(-Infinity);
  const seen = CATEGORICAL_FEATURES.map((c) => new Uint8Array(VOCABULARIES[c].length));
  for (const b of batches) {
    for (let r = 0; r < b.rowCount; r++) {
      for (let j = 0; j < NUMERIC_COUNT; j++) {
        const v = scaleInput(j, b.numeric[r * NUMERIC_COUNT + j]);
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
      for (let c = 0; c < CATEGORICAL_COUNT; c++) {
        const index = b.categorical[r * CATEGORICAL_COUNT + c];
        if (index < seen[c].length) seen[c][index] = 1;
      }
    }
  }
  const json: PreprocessorJSON = {
    format: PREPROCESSOR_FORMAT,
    version: PREPROCESSOR_VERSION,
    schemaHash: SCHEMA_HASH,
    numeric: NUMERIC_FEATURES.map((name, j) => ({
      name,
      log1p: LOG1P_FEATURES.has(name),
      min: Number.isFinite(min[j]) ? min[j] : 0,
      max: Number.isFinite(max[j]) ? max[j] : 0,
    })),
    categorical: CATEGORICAL_FEATURES.map((name, c) => ({
      name,
      values: VOCABULARIES[name].filter((_, i) => seen[c][i] === 1),
    })),
    featureCount: 0,
  };
  json.featureCount = NUMERIC_COUNT + json.categorical.reduce((s, c) => s + c.values.length + 1, 0);
  return preprocessorFromJSON(json);
}

function scaleInput(j: number, value: number): number {
  return LOG1P_FEATURES.has(NUMERIC_FEATURES[j]) ? Math.log1p(value) : value;
}

export function preprocessorFromJSON(input: unknown): Preprocessor {
  const json = validate(input);
  const log1p = Uint8Array.from(json.numeric, (n) => (n.log1p ? 1 : 0));
  const offset = Float64Array.from(json.numeric, (n) => n.min);
  // A constant column (max = min) scales to 0 rather than dividing by zero.
  const scale = Float64Array.from(json.numeric, (n) => (n.max > n.min ? 1 / (n.max - n.min) : 0));
  // For each categorical column: reader vocabulary index (schema order) → output column.
  const slotOf: Int32Array[] = [];
  const unknownColumn: number[] = [];
  const featureNames: string[] = json.numeric.map((n) => n.name);
  json.categorical.forEach((c, k) => {
    const base = featureNames.length;
    const schemaValues = VOCABULARIES[CATEGORICAL_FEATURES[k]];
    const slots = new Int32Array(schemaValues.length).fill(base + c.values.length);
    c.values.forEach((v, slot) => (slots[schemaValues.indexOf(v)] = base + slot));
    slotOf.push(slots);
    unknownColumn.push(base + c.values.length);
    featureNames.push(...c.values.map((v) => `${c.name}=${v}`), `${c.name}=<unknown>`);
  });
  const width = json.featureCount;

  function transform(batch: RecordBatch, out?: Float32Array): Float32Array {
    const rows = batch.rowCount;
    const x = out && out.length >= rows * width ? out.subarray(0, rows * width) : new Float32Array(rows * width);
    x.fill(0);
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      const n = r * NUMERIC_COUNT;
      for (let j = 0; j < NUMERIC_COUNT; j++) {
        const raw = batch.numeric[n + j];
        const v = ((log1p[j] ? Math.log1p(raw) : raw) - offset[j]) * scale[j];
        x[o + j] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
      for (let k = 0; k < CATEGORICAL_COUNT; k++) {
        const index = batch.categorical[r * CATEGORICAL_COUNT + k];
        const slots = slotOf[k];
        x[o + (index >= 0 && index < slots.length ? slots[index] : unknownColumn[k])] = 1;
      }
    }
    return x;
  }

  return { json, featureCount: width, featureNames, transform };
}

function validate(input: unknown): PreprocessorJSON {
  const j = input as PreprocessorJSON;
  const fail = (why: string): never => {
    throw new Error(`Invalid preprocessor: ${why}`);
  };
  if (!j || typeof j !== 'object' || j.format !== PREPROCESSOR_FORMAT) fail('not a preprocessor file');
  if (j.version !== PREPROCESSOR_VERSION) fail(`version ${j.version} is not supported (expected ${PREPROCESSOR_VERSION})`);
  if (j.schemaHash !== SCHEMA_HASH) fail(`schema hash ${j.schemaHash} differs from this app's ${SCHEMA_HASH}`);
  if (!Array.isArray(j.numeric) || j.numeric.length !== NUMERIC_COUNT) fail('wrong number of numeric columns');
  j.numeric.forEach((n, i) => {
    if (n.name !== NUMERIC_FEATURES[i]) fail(`numeric column ${i} is ${n.name}, expected ${NUMERIC_FEATURES[i]}`);
    if (!Number.isFinite(n.min) || !Number.isFinite(n.max)) fail(`${n.name} has a non-finite range`);
  });
  if (!Array.isArray(j.categorical) || j.categorical.length !== CATEGORICAL_COUNT) fail('wrong number of categorical columns');
  j.categorical.forEach((c, k) => {
    const known = VOCABULARIES[CATEGORICAL_FEATURES[k]];
    if (c.name !== CATEGORICAL_FEATURES[k]) fail(`categorical column ${k} is ${c.name}`);
    for (const v of c.values) if (!known.includes(v)) fail(`${c.name} value ${v} is not in the schema`);
  });
  const width = NUMERIC_COUNT + j.categorical.reduce((s, c) => s + c.values.length + 1, 0);
  if (j.featureCount !== width) fail(`featureCount ${j.featureCount} does not match its columns (${width})`);
  return j;
}
