/**
 * Fine-tuning a loaded model set on the user's labelled records: stage 1 and stage 2 continue
 * training on a train split of the file (chosen layers frozen), the Isolation Forest is optionally
 * refitted on the file's normal rows, and the thresholds are recalibrated to a target FPR on the
 * validation split. Training runs on clones made from the saved files, so the bundle passed in is
 * never changed, whether the run finishes, fails or is cancelled.
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
import { stratifiedSplit } from './split';
import { describeThresholdPolicy, thresholdForFalsePositiveRate } from './threshold';
import { trainModel, type EpochReport } from './train-loop';
import { DEFAULT_FINE_TUNE_SETTINGS, type FineTuneSettings, type FrozenLayers } from './fine-tune-settings';
import { gatherRows, indicesWhere } from './row-selection';

export { DEFAULT_FINE_TUNE_SETTINGS, type FineTuneSettings, type FrozenLayers };

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
}

export interface FineTuneResult {
  manifest: ModelManifest;
  /** Same layout as models/: path → contents (manifest.json included). */
  files: Map<string, Uint8Array>;
  before: FineTuneMetrics;
  after: FineTuneMetrics;
  epochs: { stage1: EpochReport[]; stage2: EpochReport[] };
  rows: { train: number; validation: number; skipped: number };
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
  const split = stratifiedSplit(data.labels, s.validationFraction, s.seed);
  const train = selectRows(data, split.train);
  const valid = selectRows(data, split.validation);
  const trainCat = Int32Array.from(split.train, (i) => categoryOfLabel[data.labels[i]]);
  const validCat = Int32Array.from(split.validation, (i) => categoryOfLabel[data.labels[i]]);
  const trainBin = Int32Array.from(trainCat, (c) => (c > 0 ? 1 : 0));
  const validBin = Int32Array.from(validCat, (c) => (c > 0 ? 1 : 0));
  if (!validBin.includes(0)) throw new Error('The validation split has no normal rows, so no false-positive rate can be measured: use a file with more normal rows.');
  const xTrain = bundle.preprocessor.transform(train);
  const xValid = bundle.preprocessor.transform(valid);

  const before = await measure(bundle.stage1, bundle.stage2, bundle.manifest.stage1.threshold, xValid, valid.rowCount, width, validBin, validCat);

  const stage1 = await cloneModel(bundle.stage1);
  const stage2 = await cloneModel(bundle.stage2);
  const hybrid = await cloneModel(bundle.hybrid);
  try {
    const frozen = { stage1: freezeLayers(stage1, s.frozen), stage2: freezeLayers(stage2, s.frozen) };
    const common = { epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate, signal, patience: s.patience > 0 ? s.patience : undefined };

    const binWeights = s.classWeights ? balancedWeights(trainBin, 2, s.maxClassWeight) : undefined;
    const stage1Epochs = await trainModel(stage1, { x: xTrain, y: trainBin, rows: train.rowCount, weights: binWeights?.rows }, {
      ...common, loss: 'binary', seed: s.seed,
      validation: { x: xValid, y: validBin, rows: valid.rowCount },
      onEpoch: (report) => onEpoch?.({ stage: 1, report }),
    });

    // Stage 2 learns categories from attack rows only, as in training; skipped when there are none.
    const attackTrain = indicesWhere(trainCat, (c) => c > 0);
    const attackValid = indicesWhere(validCat, (c) => c > 0);
    let stage2Epochs: EpochReport[] = [];
    if (attackTrain.length > 0) {
      const y2 = Int32Array.from(attackTrain, (i) => trainCat[i] - 1);
      const w2 = s.classWeights ? balancedWeights(y2, ATTACK_CATEGORIES.length, s.maxClassWeight).rows : undefined;
      stage2Epochs = await trainModel(stage2, { x: gatherRows(xTrain, attackTrain, width), y: y2, rows: attackTrain.length, weights: w2 }, {
        ...common, loss: 'categorical', classCount: ATTACK_CATEGORIES.length, seed: s.seed + 1,
        validation: attackValid.length > 0
          ? { x: gatherRows(xValid, attackValid, width), y: Int32Array.from(attackValid, (i) => validCat[i] - 1), rows: attackValid.length }
          : undefined,
        onEpoch: (report) => onEpoch?.({ stage: 2, report }),
      });
    }
    throwIfAborted(signal);

    const stage1Valid = await predictMatrix(stage1, xValid, valid.rowCount, width);
    const stage1Threshold = thresholdForFalsePositiveRate(validBin, stage1Valid, s.targetFpr);
    const after = await measure(stage1, stage2, stage1Threshold, xValid, valid.rowCount, width, validBin, validCat, stage1Valid);

    let forest: IsolationForestModel = bundle.forest;
    const normalTrain = indicesWhere(trainCat, (c) => c === 0);
    if (s.refitForest && normalTrain.length > 0) {
      forest = fitIsolationForest(gatherRows(xTrain, normalTrain, width), normalTrain.length, width, {
        trees: bundle.forest.trees, sampleSize: bundle.forest.sampleSize, seed: s.seed,
      });
    }
    const ifValid = scoreIsolationForest(forest, xValid, valid.rowCount, width);
    const ifThreshold = thresholdForFalsePositiveRate(validBin, ifValid, s.targetFpr);
    // The hybrid is not retrained (it reads the forest score); only its threshold follows the new data.
    const m = bundle.manifest;
    const hybridValid = m.hybrid.fusion === 'feature'
      ? await predictMatrix(hybrid, hybridInput(xValid, ifValid, valid.rowCount, width), valid.rowCount, width + 1)
      : Float32Array.from(await predictMatrix(hybrid, xValid, valid.rowCount, width), (d, i) => m.hybrid.weight * d + (1 - m.hybrid.weight) * ifValid[i]);
    const hybridThreshold = thresholdForFalsePositiveRate(validBin, hybridValid, s.targetFpr);

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
    const policy = `${describeThresholdPolicy({ targetFpr: s.targetFpr })} (fine-tuning split)`;
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
          rows: { train: train.rowCount, validation: valid.rowCount, skipped: input.batch.rowCount - known.length },
          date: new Date().toISOString(),
          settings: s,
          frozenLayers: frozen,
          epochs: { stage1: stage1Epochs, stage2: stage2Epochs },
          backend: tf.getBackend(),
        },
      },
      validation: { ...m.validation, fineTuning: { before, after } },
    };
    files.set('manifest.json', json(manifest));
    return {
      manifest, files, before, after,
      epochs: { stage1: stage1Epochs, stage2: stage2Epochs },
      rows: { train: train.rowCount, validation: valid.rowCount, skipped: input.batch.rowCount - known.length },
    };
  } finally {
    stage1.dispose();
    stage2.dispose();
    hybrid.dispose();
  }
}

async function measure(
  stage1: tf.LayersModel,
  stage2: tf.LayersModel,
  threshold: number,
  x: Float32Array,
  rows: number,
  width: number,
  binary: Int32Array,
  category: Int32Array,
  stage1Scores?: Float32Array,
): Promise<FineTuneMetrics> {
  const p1 = stage1Scores ?? (await predictMatrix(stage1, x, rows, width));
  const p2 = await predictMatrix(stage2, x, rows, width);
  const k = ATTACK_CATEGORIES.length;
  const predicted = Int32Array.from(p1, (p, i) => {
    if (p < threshold) return 0;
    let best = 0;
    for (let c = 1; c < k; c++) if (p2[i * k + c] > p2[i * k + best]) best = c;
    return best + 1;
  });
  const b = binaryMetricsAtThreshold(binary, p1, threshold);
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
