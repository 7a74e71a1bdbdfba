/**
 * The scoring pipeline shared by `npm run predict`, `npm run evaluate` and the browser worker:
 * preprocess → stage 1 (CNN+LSTM) → stage 2 (CNN) only on the rows stage 1 flags → Isolation
 * Forest score → hybrid. Labels in the batch are never read here, so they cannot influence a prediction.
 */
import { CATEGORIES } from '../schema/categories';
import { scoreIsolationForest } from '../models/isolation-forest';
import type { ModelBundle } from '../models/model-bundle';
import { predictMatrix } from '../models/predict-matrix';
import type { RecordBatch } from '../ingest/record-batch';

export interface ScoredBatch {
  rowCount: number;
  rowNumbers: Uint32Array;
  /** Stage 1 anomaly probability. */
  score: Float32Array;
  /** 1 when score ≥ the stage 1 threshold. */
  anomaly: Uint8Array;
  /** Index into CATEGORIES: 0 (normal) when not flagged, else stage 2's argmax + 1. */
  category: Uint8Array;
  /** Stage 2's probability of `category`; NaN when not flagged. */
  categoryScore: Float32Array;
  /** Isolation Forest anomaly score in (0, 1]. */
  ifScore: Float32Array;
  /** Hybrid (forest + DNN) anomaly score in [0, 1]. */
  hybridScore: Float32Array;
}

export interface ScoreOptions {
  /** Overrides the manifest's stage 1 threshold (e.g. the threshold slider). */
  threshold?: number;
  /** Rows per tensor batch (bounds memory on large files). */
  tensorBatch?: number;
}

export function hybridInput(x: Float32Array, ifScore: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(rows * (width + 1));
  for (let r = 0; r < rows; r++) {
    out.set(x.subarray(r * width, (r + 1) * width), r * (width + 1));
    out[r * (width + 1) + width] = ifScore[r];
  }
  return out;
}

export async function scoreBatch(bundle: ModelBundle, batch: RecordBatch, options: ScoreOptions = {}): Promise<ScoredBatch> {
  const { manifest, preprocessor } = bundle;
  const rows = batch.rowCount;
  const width = preprocessor.featureCount;
  const tensorBatch = options.tensorBatch ?? 8192;
  const threshold = options.threshold ?? manifest.stage1.threshold;
  const x = preprocessor.transform(batch);

  const score = await predictMatrix(bundle.stage1, x, rows, width, tensorBatch);
  const anomaly = new Uint8Array(rows);
  const flagged: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (score[i] >= threshold) {
      anomaly[i] = 1;
      flagged.push(i);
    }
  }

  const category = new Uint8Array(rows);
  const categoryScore = new Float32Array(rows).fill(NaN);
  if (flagged.length > 0) {
    const xf = new Float32Array(flagged.length * width);
    flagged.forEach((i, k) => xf.set(x.subarray(i * width, (i + 1) * width), k * width));
    const classes = CATEGORIES.length - 1;
    const p = await predictMatrix(bundle.stage2, xf, flagged.length, width, tensorBatch);
    flagged.forEach((i, k) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (p[k * classes + c] > p[k * classes + best]) best = c;
      category[i] = best + 1;
      categoryScore[i] = p[k * classes + best];
    });
  }

  const ifScore = scoreIsolationForest(bundle.forest, x, rows, width);
  const hybridScore = await scoreHybrid(bundle, x, ifScore, rows, width, tensorBatch);
  return { rowCount: rows, rowNumbers: batch.rowNumbers.slice(0, rows), score, anomaly, category, categoryScore, ifScore, hybridScore };
}

export async function scoreHybrid(
  bundle: ModelBundle,
  x: Float32Array,
  ifScore: Float32Array,
  rows: number,
  width: number,
  tensorBatch = 8192,
): Promise<Float32Array> {
  const { fusion, weight } = bundle.manifest.hybrid;
  if (fusion === 'feature') return predictMatrix(bundle.hybrid, hybridInput(x, ifScore, rows, width), rows, width + 1, tensorBatch);
  const dnn = await predictMatrix(bundle.hybrid, x, rows, width, tensorBatch);
  for (let i = 0; i < rows; i++) dnn[i] = weight * dnn[i] + (1 - weight) * ifScore[i];
  return dnn;
}

/** Buffers of a scored batch, for transfer lists. */
export function scoredBatchBuffers(s: ScoredBatch): ArrayBuffer[] {
  return [s.rowNumbers, s.score, s.anomaly, s.category, s.categoryScore, s.ifScore, s.hybridScore].map((a) => a.buffer as ArrayBuffer);
}
