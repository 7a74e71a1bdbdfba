/**
 * A small training loop over typed arrays, shared by `npm run train` (Node, wasm) and in-browser
 * fine-tuning: seeded shuffling, per-sample weights, per-epoch callbacks with validation, early
 * stopping and cancellation between batches. Every step runs inside tf.tidy so nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { predictMatrix } from '../models/predict-matrix';
import { createRng, shuffleInPlace } from '../util/random';

export type LossKind = 'binary' | 'categorical';

export interface TrainingData {
  /** [rows, featureCount] row-major model input. */
  x: Float32Array;
  /** binary: 0/1 per row; categorical: class index per row. */
  y: Int32Array | Float32Array;
  rows: number;
  /** Per-row loss weight (optional). */
  weights?: Float32Array;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  validationLoss?: number;
  /** Accuracy on the validation data (binary at 0.5, or argmax). */
  validationAccuracy?: number;
  seconds: number;
}

export interface TrainOptions {
  loss: LossKind;
  classCount?: number;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  validation?: TrainingData;
  /** Stop when validation loss has not improved for this many epochs, keeping the best weights. */
  patience?: number;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  onBatch?: (done: number, total: number) => void | Promise<void>;
  signal?: AbortSignal;
}

export async function trainModel(model: tf.LayersModel, data: TrainingData, o: TrainOptions): Promise<EpochReport[]> {
  const featureCount = data.x.length / data.rows;
  const batchSize = o.batchSize ?? 256;
  const optimizer = tf.train.adam(o.learningRate ?? 1e-3);
  const rng = createRng(o.seed ?? 1);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const xb = new Float32Array(batchSize * featureCount);
  const yb = new Float32Array(batchSize * (o.loss === 'binary' ? 1 : o.classCount!));
  const wb = new Float32Array(batchSize);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const reports: EpochReport[] = [];
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const started = performance.now();
      shuffleInPlace(order, rng);
      let lossSum = 0;
      let weightSum = 0;
      const batches = Math.ceil(data.rows / batchSize);
      for (let b = 0; b < batches; b++) {
        throwIfAborted(o.signal);
        const n = fillBatch(data, order, b * batchSize, batchSize, featureCount, o, xb, yb, wb);
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, n * featureCount), [n, featureCount]);
          const y = tf.tensor2d(yb.subarray(0, n * (yb.length / batchSize)), [n, yb.length / batchSize]);
          const w = tf.tensor1d(wb.subarray(0, n));
          return optimizer.minimize(
            () => weightedLoss(o.loss, model.apply(x, { training: true }) as tf.Tensor, y, w),
            true,
            variables,
          )!;
        });
        const batchWeight = sum(wb, n);
        lossSum += (await cost.data())[0] * batchWeight;
        weightSum += batchWeight;
        cost.dispose();
        if (o.onBatch) await o.onBatch(b + 1, batches);
      }
      const report: EpochReport = { epoch, loss: lossSum / weightSum, seconds: (performance.now() - started) / 1000 };
      if (o.validation) Object.assign(report, await evaluateLoss(model, o.validation, o));
      reports.push(report);
      if (o.onEpoch) await o.onEpoch(report);
      if (o.validation && o.patience !== undefined) {
        if (report.validationLoss! < best - 1e-5) {
          best = report.validationLoss!;
          sinceBest = 0;
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = model.getWeights().map((t) => t.clone());
        } else if (++sinceBest >= o.patience) break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
    return reports;
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    optimizer.dispose();
  }
}

function fillBatch(
  data: TrainingData,
  order: Int32Array,
  start: number,
  batchSize: number,
  featureCount: number,
  o: TrainOptions,
  xb: Float32Array,
  yb: Float32Array,
  wb: Float32Array,
): number {
  const n = Math.min(batchSize, data.rows - start);
  const classes = o.loss === 'binary' ? 1 : o.classCount!;
  yb.fill(0, 0, n * classes);
  for (let k = 0; k < n; k++) {
    const i = order[start + k];
    xb.set(data.x.subarray(i * featureCount, (i + 1) * featureCount), k * featureCount);
    if (o.loss === 'binary') yb[k] = data.y[i];
    else yb[k * classes + data.y[i]] = 1;
    wb[k] = data.weights ? data.weights[i] : 1;
  }
  return n;
}

function weightedLoss(kind: LossKind, predicted: tf.Tensor, y: tf.Tensor, w: tf.Tensor1D): tf.Scalar {
  const eps = 1e-7;
  const p = tf.clipByValue(predicted, eps, 1 - eps);
  const perRow =
    kind === 'binary'
      ? tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))).reshape([-1])
      : tf.neg(tf.sum(tf.mul(y, tf.log(p)), 1));
  return tf.div(tf.sum(tf.mul(perRow, w)), tf.maximum(tf.sum(w), eps)) as tf.Scalar;
}

async function evaluateLoss(model: tf.LayersModel, v: TrainingData, o: TrainOptions) {
  const p = await predictMatrix(model, v.x, v.rows, v.x.length / v.rows);
  let loss = 0;
  let correct = 0;
  const classes = o.loss === 'binary' ? 1 : o.classCount!;
  for (let i = 0; i < v.rows; i++) {
    if (o.loss === 'binary') {
      const q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
      loss -= v.y[i] ? Math.log(q) : Math.log(1 - q);
      if ((q >= 0.5 ? 1 : 0) === v.y[i]) correct++;
    } else {
      loss -= Math.log(Math.max(p[i * classes + v.y[i]], 1e-7));
      let arg = 0;
      for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + arg]) arg = c;
      if (arg === v.y[i]) correct++;
    }
  }
  return { validationLoss: loss / v.rows, validationAccuracy: correct / v.rows };
}

function sum(a: Float32Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Training was cancelled.', 'AbortError');
}
