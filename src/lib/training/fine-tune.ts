/**
 * Fine-tuning a loaded model set on the user's labelled records: stage 1 and stage 2 continue
 * training (chosen layers frozen), the Isolation Forest is optionally refitted on the file's normal
 * rows, and the thresholds are recalibrated to a target FPR on held-out rows. The held-out rows are
 * a validation split when it holds enough normal rows for that threshold; otherwise (a small file)
 * every row is held out once, in k cross-validation folds, and the final models train on all rows.
 * The guard then compares the result with its base on those same rows. Training runs on clones made
 * from the saved files, so the bundle passed in is never changed, whether the run finishes, fails or
 * is cancelled.
 */
import * as tf from '@tensorflow/tfjs';
import { ATTACK_CATEGORIES, ATTACK_CATEGORY, CATEGORIES } from '../schema/categories';
import { binaryMetricsAtThreshold } from '../metrics/binary-metrics';
import { confusionMatrix } from '../metrics/confusion-matrix';
import { fitIsolationForest, isolationForestToJSON, scoreIsolationForest, type IsolationForestModel } from '../models/isolation-forest';
import { modelFromFiles, modelToFiles, WEIGHTS_FILE } from '../models/model-artifacts';
import type { ModelBundle, ModelManifest } from '../models/model-bundle';
import { multiclassMetrics } from '../metrics/multiclass-metrics';
import { hybridInput } from '../scoring/pipeline';
import { predictMatrix } from '../models/predict-matrix';
import { selectRows, type RecordBatch } from '../ingest/record-batch';
import { rocCurve } from '../metrics/roc';
import { sha256Hex } from '../util/sha256';
import { stratifiedFolds, stratifiedSplit } from './split';
import { describeThresholdPolicy, thresholdForFalsePositiveRate } from './threshold';
import { trainModel, type EpochReport } from './train-loop';
import { DEFAULT_FINE_TUNE_SETTINGS, MIN_NORMAL_ROWS_BEYOND_THRESHOLD, type FineTuneSettings, type FrozenLayers } from './fine-tune-settings';
import { judgeFineTune, type GuardVerdict } from './fine-tune-guard';
import { gatherRows, indicesWhere } from './row-selection';

export { DEFAULT_FINE_TUNE_SETTINGS, type FineTuneSettings, type FrozenLayers, type GuardVerdict };

export interface FineTuneInput {
  bundle: ModelBundle;
  batch: RecordBatch;
  labelVocabulary: readonly string[];
  sourceName: string;
  /** Id or name of the version being tuned, for provenance. */
  baseVersion: string;
}

/** Validation metrics of one model set (stage 1 at its threshold, the two-stage 5-class result). */
export interface FineTuneMetrics {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  auc: number;
  fiveClassAccuracy: number;
  macroF1: number;
}

export interface FineTuneProgress {
  stage: 1 | 2;
  report: EpochReport;
  /** Set while a cross-validation fold trains (1-based); absent for the final models. */
  fold?: { index: number; count: number };
}

/** Which rows the thresholds and the guard were measured on. */
export interface FineTuneRows {
  /** Rows the final models trained on. */
  train: number;
  /** Held-out rows: the validation split, or every row once (cross-validated). */
  validation: number;
  skipped: number;
  /** Cross-validation folds (0: one validation split). */
  folds: number;
}

export interface FineTuneResult {
  manifest: ModelManifest;
  /** Same layout as models/: path → contents (manifest.json included). */
  files: Map<string, Uint8Array>;
  before: FineTuneMetrics;
  after: FineTuneMetrics;
  /** Base and fine-tuned version on the same held-out rows: activate only if `better`. */
  guard: GuardVerdict;
  epochs: { stage1: EpochReport[]; stage2: EpochReport[] };
  rows: FineTuneRows;
}

const encoder = new TextEncoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/** A trainable copy of a model, through its saved files (so nothing is shared with the original). */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  return modelFromFiles(await modelToFiles(model));
}

/** Marks layers untrainable per `frozen`; returns the names of the frozen layers. */
export function freezeLayers(model: tf.LayersModel, frozen: FrozenLayers): string[] {
  const names: string[] = [];
  const last = model.layers[model.layers.length - 1];
  for (const layer of model.layers) {
    const freeze = frozen === 'conv' ? layer.getClassName() === 'Conv1D' : frozen === 'all-but-output' ? layer !== last : false;
    layer.trainable = !freeze;
    if (freeze && layer.weights.length > 0) names.push(layer.name);
  }
  return names;
}

/** Labelled rows in model input form. */
interface Rows {
  x: Float32Array;
  count: number;
  /** Category index per row (0 normal). */
  category: Int32Array;
}

const binaryOf = (category: Int32Array) => Int32Array.from(category, (c) => (c > 0 ? 1 : 0));

function pickRows(r: Rows, indices: ArrayLike<number>, width: number): Rows {
  const list = Array.from(indices);
  return { x: gatherRows(r.x, list, width), count: list.length, category: Int32Array.from(list, (i) => r.category[i]) };
}

interface TrainedStages {
  stage1: tf.LayersModel;
  stage2: tf.LayersModel;
  epochs: { stage1: EpochReport[]; stage2: EpochReport[] };
  frozen: { stage1: string[]; stage2: string[] };
}

/**
 * Clones stage 1 and 2 and trains them on `train` (early stopping on `validation` when given). The
 * caller disposes the models; on an error or a cancel they are disposed here.
 */
async function trainStages(
  bundle: ModelBundle,
  train: Rows,
  validation: Rows | null,
  s: FineTuneSettings,
  onEpoch: (stage: 1 | 2, report: EpochReport) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<TrainedStages> {
  const width = bundle.preprocessor.featureCount;
  const stage1 = await cloneModel(bundle.stage1);
  const stage2 = await cloneModel(bundle.stage2);
  try {
    const frozen = { stage1: freezeLayers(stage1, s.frozen), stage2: freezeLayers(stage2, s.frozen) };
    const patience = validation && s.patience > 0 ? s.patience : undefined;
    const common = { epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate, signal, patience };
    const trainBin = binaryOf(train.category);
    const binWeights = s.classWeights ? balancedWeights(trainBin, 2, s.maxClassWeight) : undefined;
    const stage1Epochs = await trainModel(stage1, { x: train.x, y: trainBin, rows: train.count, weights: binWeights?.rows }, {
      ...common, loss: 'binary', seed: s.seed,
      validation: validation ? { x: validation.x, y: binaryOf(validation.category), rows: validation.count } : undefined,
      onEpoch: (report) => onEpoch(1, report),
    });
    // Stage 2 learns categories from attack rows only, as in training; skipped when there are none.
    const attackTrain = indicesWhere(train.category, (c) => c > 0);
    const attackValid = validation ? indicesWhere(validation.category, (c) => c > 0) : [];
    let stage2Epochs: EpochReport[] = [];
    if (attackTrain.length > 0) {
      const y2 = Int32Array.from(attackTrain, (i) => train.category[i] - 1);
      const w2 = s.classWeights ? balancedWeights(y2, ATTACK_CATEGORIES.length, s.maxClassWeight).rows : undefined;
      stage2Epochs = await trainModel(stage2, { x: gatherRows(train.x, attackTrain, width), y: y2, rows: attackTrain.length, weights: w2 }, {
        ...common, loss: 'categorical', classCount: ATTACK_CATEGORIES.length, seed: s.seed + 1,
        validation: validation && attackValid.length > 0
          ? { x: gatherRows(validation.x, attackValid, width), y: Int32Array.from(attackValid, (i) => validation.category[i] - 1), rows: attackValid.length }
          : undefined,
        patience: attackValid.length > 0 ? patience : undefined,
        onEpoch: (report) => onEpoch(2, report),
      });
    }
    throwIfAborted(signal);
    return { stage1, stage2, epochs: { stage1: stage1Epochs, stage2: stage2Epochs }, frozen };
  } catch (error) {
    stage1.dispose();
    stage2.dispose();
    throw error;
  }
}

/** Stage 1 and stage 2 outputs of a model pair on some rows. */
interface StageScores {
  p1: Float32Array;
  p2: Float32Array;
}

async function stageScores(stage1: tf.LayersModel, stage2: tf.LayersModel, r: Rows, width: number): Promise<StageScores> {
  return { p1: await predictMatrix(stage1, r.x, r.count, width), p2: await predictMatrix(stage2, r.x, r.count, width) };
}

export async function fineTune(
  input: FineTuneInput,
  settings: FineTuneSettings,
  onEpoch?: (p: FineTuneProgress) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<FineTuneResult> {
  const { bundle } = input;
  const s = settings;
  const width = bundle.preprocessor.featureCount;
  const categoryOfLabel = input.labelVocabulary.map((l) => {
    const c = ATTACK_CATEGORY.get(l);
    return c === undefined ? -1 : CATEGORIES.indexOf(c);
  });
  const known: number[] = [];
  for (let i = 0; i < input.batch.rowCount; i++) {
    const l = input.batch.labels[i];
    if (l >= 0 && categoryOfLabel[l] >= 0) known.push(i);
  }
  if (known.length < 10) throw new Error(`Fine-tuning needs labelled rows with known NSL-KDD labels; this file has ${known.length}.`);
  const data = selectRows(input.batch, known);
  const all: Rows = { x: bundle.preprocessor.transform(data), count: data.rowCount, category: Int32Array.from(data.labels, (l) => categoryOfLabel[l]) };
  const skipped = input.batch.rowCount - known.length;
  const normalRows = all.category.filter((c) => c === 0).length;
  if (normalRows < 2) throw new Error('The file has too few normal rows to measure a false-positive rate on: use a file with more normal rows.');

  // Held-out rows: the validation split when its normal rows can carry the target-FPR threshold;
  // otherwise every row once, out of fold (k models trained on the other folds), so all the file's
  // normal rows stand behind the threshold instead of a fifth of them.
  const split = stratifiedSplit(data.labels, s.validationFraction, s.seed);
  const splitNormals = Array.from(split.validation).filter((i) => all.category[i] === 0).length;
  const folds = s.folds > 1 && splitNormals * s.targetFpr < MIN_NORMAL_ROWS_BEYOND_THRESHOLD ? s.folds : 0;
  if (folds === 0 && splitNormals === 0) throw new Error('The validation split has no normal rows, so no false-positive rate can be measured: use a file with more normal rows.');
  const heldOut = folds > 0 ? all : pickRows(all, split.validation, width);
  const heldBin = binaryOf(heldOut.category);

  let tunedHeld: StageScores;
  /** Stage 1 threshold applied to each held-out row: out of fold, the one set on the other folds. */
  let rowThreshold: Float32Array;
  let final: TrainedStages;
  const report = (fold?: FineTuneProgress['fold']) => (stage: 1 | 2, r: EpochReport) => onEpoch?.({ stage, report: r, ...(fold ? { fold } : {}) });
  if (folds > 0) {
    const foldOf = stratifiedFolds(data.labels, folds, s.seed);
    tunedHeld = { p1: new Float32Array(all.count), p2: new Float32Array(all.count * ATTACK_CATEGORIES.length) };
    for (let k = 0; k < folds; k++) {
      const inFold = indicesWhere(foldOf, (f) => f === k);
      const trained = await trainStages(bundle, pickRows(all, indicesWhere(foldOf, (f) => f !== k), width), null, s, report({ index: k + 1, count: folds }), signal);
      try {
        const out = await stageScores(trained.stage1, trained.stage2, pickRows(all, inFold, width), width);
        inFold.forEach((row, j) => {
          tunedHeld.p1[row] = out.p1[j];
          tunedHeld.p2.set(out.p2.subarray(j * ATTACK_CATEGORIES.length, (j + 1) * ATTACK_CATEGORIES.length), row * ATTACK_CATEGORIES.length);
        });
      } finally {
        trained.stage1.dispose();
        trained.stage2.dispose();
      }
    }
    // Each fold is judged at the threshold the other folds give, so the held-out figures are honest.
    const foldThreshold = Array.from({ length: folds }, (_, k) =>
      thresholdForFalsePositiveRate(Int32Array.from(heldBin, (b, i) => (foldOf[i] === k ? -1 : b)), tunedHeld.p1, s.targetFpr));
    rowThreshold = Float32Array.from(foldOf, (k) => foldThreshold[k]);
    final = await trainStages(bundle, all, null, s, report(), signal);
  } else {
    final = await trainStages(bundle, pickRows(all, split.train, width), heldOut, s, report(), signal);
    tunedHeld = await stageScores(final.stage1, final.stage2, heldOut, width);
    rowThreshold = new Float32Array(heldOut.count).fill(thresholdForFalsePositiveRate(heldBin, tunedHeld.p1, s.targetFpr));
  }
  const stage1 = final.stage1;
  const stage2 = final.stage2;
  const hybrid = await cloneModel(bundle.hybrid);
  try {
    const stage1Threshold = thresholdForFalsePositiveRate(heldBin, tunedHeld.p1, s.targetFpr);
    const baseHeld = await stageScores(bundle.stage1, bundle.stage2, heldOut, width);
    const baseThreshold = bundle.manifest.stage1.threshold;
    const before = measure(baseHeld, new Float32Array(heldOut.count).fill(baseThreshold), baseThreshold, heldBin, heldOut.category);
    const after = measure(tunedHeld, rowThreshold, stage1Threshold, heldBin, heldOut.category);
    // Recall read at the false-positive rate the base version has on these rows, for both.
    const sameFpr = before.falsePositiveRate;
    const recallAt = (p1: Float32Array) => binaryMetricsAtThreshold(heldBin, p1, thresholdForFalsePositiveRate(heldBin, p1, sameFpr)).recall;
    const guard = judgeFineTune(
      { accuracy: before.accuracy, recallAtSameFpr: recallAt(baseHeld.p1), macroF1: before.macroF1, falsePositiveRate: before.falsePositiveRate },
      { accuracy: after.accuracy, recallAtSameFpr: recallAt(tunedHeld.p1), macroF1: after.macroF1, falsePositiveRate: after.falsePositiveRate },
      sameFpr,
      heldOut.count,
      s.targetFpr,
    );

    let forest: IsolationForestModel = bundle.forest;
    const trainRows = folds > 0 ? all : pickRows(all, split.train, width);
    const normalTrain = indicesWhere(trainRows.category, (c) => c === 0);
    if (s.refitForest && normalTrain.length > 0) {
      forest = fitIsolationForest(gatherRows(trainRows.x, normalTrain, width), normalTrain.length, width, {
        trees: bundle.forest.trees, sampleSize: bundle.forest.sampleSize, seed: s.seed,
      });
    }
    // Refitted out of fold, the forest's normal rows would score a little low: its threshold errs low.
    const ifValid = scoreIsolationForest(forest, heldOut.x, heldOut.count, width);
    const ifThreshold = thresholdForFalsePositiveRate(heldBin, ifValid, s.targetFpr);
    // The hybrid is not retrained (it reads the forest score); only its threshold follows the new data.
    const m = bundle.manifest;
    const hybridValid = m.hybrid.fusion === 'feature'
      ? await predictMatrix(hybrid, hybridInput(heldOut.x, ifValid, heldOut.count, width), heldOut.count, width + 1)
      : Float32Array.from(await predictMatrix(hybrid, heldOut.x, heldOut.count, width), (d, i) => m.hybrid.weight * d + (1 - m.hybrid.weight) * ifValid[i]);
    const hybridThreshold = thresholdForFalsePositiveRate(heldBin, hybridValid, s.targetFpr);

    const files = new Map<string, Uint8Array>();
    const addModel = async (path: string, model: tf.LayersModel) => {
      const f = await modelToFiles(model);
      files.set(path, json(f.modelJson));
      files.set(path.replace(/model\.json$/, WEIGHTS_FILE), new Uint8Array(f.weights));
    };
    await addModel(m.files.stage1, stage1);
    await addModel(m.files.stage2, stage2);
    await addModel(m.files.hybrid, hybrid);
    files.set(m.files.preprocessor, json(bundle.preprocessor.json));
    files.set(m.files.isolationForest, json(isolationForestToJSON(forest)));
    const sha256: Record<string, string> = {};
    for (const [path, bytes] of files) sha256[path] = await sha256Hex(bytes);
    const where = folds > 0 ? `out of fold, ${folds}-fold cross-validation of the fine-tuning file` : 'fine-tuning split';
    const policy = `${describeThresholdPolicy({ targetFpr: s.targetFpr })} (${where})`;
    const rows: FineTuneRows = { train: trainRows.count, validation: heldOut.count, skipped, folds };
    const manifest: ModelManifest = {
      ...m,
      createdAt: new Date().toISOString(),
      tfjsVersion: tf.version.tfjs,
      sha256,
      stage1: { ...m.stage1, threshold: stage1Threshold, thresholdPolicy: policy },
      isolationForest: { ...m.isolationForest, trees: forest.trees, sampleSize: forest.sampleSize, threshold: ifThreshold, thresholdPolicy: policy },
      hybrid: { ...m.hybrid, threshold: hybridThreshold },
      training: {
        ...m.training,
        fineTuned: {
          baseVersion: input.baseVersion,
          baseCreatedAt: m.createdAt,
          file: input.sourceName,
          rows,
          date: new Date().toISOString(),
          settings: s,
          frozenLayers: final.frozen,
          epochs: final.epochs,
          backend: tf.getBackend(),
        },
      },
      validation: { ...m.validation, fineTuning: { before, after, guard } },
    };
    files.set('manifest.json', json(manifest));
    return { manifest, files, before, after, guard, epochs: final.epochs, rows };
  } finally {
    stage1.dispose();
    stage2.dispose();
    hybrid.dispose();
  }
}

/** Metrics of one model pair's scores, each row flagged at its own threshold (`threshold` is the one reported). */
function measure({ p1, p2 }: StageScores, rowThreshold: Float32Array, threshold: number, binary: Int32Array, category: Int32Array): FineTuneMetrics {
  const k = ATTACK_CATEGORIES.length;
  const predicted = Int32Array.from(p1, (p, i) => {
    if (p < rowThreshold[i]) return 0;
    let best = 0;
    for (let c = 1; c < k; c++) if (p2[i * k + c] > p2[i * k + best]) best = c;
    return best + 1;
  });
  // Flagged is score >= its row's threshold, i.e. a margin >= 0.
  const b = binaryMetricsAtThreshold(binary, Float32Array.from(p1, (p, i) => p - rowThreshold[i]), 0);
  const five = multiclassMetrics(confusionMatrix(category, predicted, CATEGORIES.length));
  return {
    threshold,
    accuracy: b.accuracy,
    precision: b.precision,
    recall: b.recall,
    f1: b.f1,
    falsePositiveRate: b.falsePositiveRate,
    auc: rocCurve(binary, p1).auc,
    fiveClassAccuracy: five.accuracy,
    macroF1: five.macroF1,
  };
}

/** n / (k · n_c) per class, capped, as per-row weights (classes absent from the data get none). */
function balancedWeights(y: Int32Array, classes: number, cap: number): { perClass: number[]; rows: Float32Array } {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  const present = counts.filter((n) => n > 0).length;
  const perClass = counts.map((n) => (n === 0 ? 0 : Math.min(cap, y.length / (present * n))));
  return { perClass, rows: Float32Array.from(y, (c) => perClass[c]) };
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Fine-tuning was cancelled.', 'AbortError');
}
