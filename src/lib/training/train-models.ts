/**
 * Trains the whole model set from labelled records: preprocessor, stage 1 (CNN+LSTM, binary),
 * stage 2 (CNN, 4 attack categories), the Isolation Forest (normal rows only) and the hybrid DNN.
 * Every choice that needs data (threshold, fusion, early stopping) is made on a stratified
 * validation split of the input; nothing else is read. Returns the files to write under models/.
 */
import * as tf from '@tensorflow/tfjs';
import { ATTACK_CATEGORIES, ATTACK_CATEGORY, CATEGORIES, type Category } from '../schema/categories';
import { binaryMetricsAtThreshold } from '../metrics/binary-metrics';
import { confusionMatrix } from '../metrics/confusion-matrix';
import { fitIsolationForest, isolationForestToJSON, scoreIsolationForest } from '../models/isolation-forest';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type HybridFusion, type ModelManifest } from '../models/model-bundle';
import { modelToFiles, WEIGHTS_FILE } from '../models/model-artifacts';
import { buildStage1Model } from '../models/stage1-cnn-lstm';
import { buildStage2Model } from '../models/stage2-cnn';
import { buildHybridDnn } from '../models/hybrid-dnn';
import { multiclassMetrics } from '../metrics/multiclass-metrics';
import { hybridInput } from '../scoring/pipeline';
import { predictMatrix } from '../models/predict-matrix';
import { fitPreprocessor } from '../features/preprocessor';
import { selectRows, type RecordBatch } from '../ingest/record-batch';
import { rocCurve } from '../metrics/roc';
import { SCHEMA_HASH } from '../schema/schema';
import { stratifiedSplit } from './split';
import { sha256Hex } from '../util/sha256';
import { describeThresholdPolicy, thresholdForPolicy, type ThresholdPolicy } from './threshold';
import { trainModel, type EpochReport, type TrainingData } from './train-loop';
import { productOfMarginals } from './synthetic-anomalies';
import { createRng } from '../util/random';
import { gatherRows, indicesWhere } from './row-selection';

export interface TrainConfig {
  seed: number;
  validationFraction: number;
  /** Every detector's threshold is the lowest with at most this false-positive rate on validation. */
  targetFpr: number;
  /**
   * …and at most this one on the validation normal rows of difficulty < 21 (thresholdForPolicy),
   * when the file has a difficulty column.
   */
  hardNormalFpr: number;
  /**
   * Attack names kept out of training and put wholly into validation, to measure how a setting
   * copes with attacks it never saw (used by `npm run select`; empty for the shipped models).
   */
  holdOutLabels: string[];
  stage1: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    convFilters: [number, number];
    lstmUnits: number;
    /** Early stopping after this many epochs without a better validation loss; 0 trains every epoch. */
    patience: number;
    /**
     * Loss weight of attack rows: 'none'; 'sqrt-balanced' by category, √(normal rows / category rows);
     * 'label-sqrt' by attack name, √(normal rows / rows of that name), at most 50, so that rare
     * attack types (a few dozen rows) are not drowned by neptune's forty thousand.
     */
    categoryWeights: 'none' | 'sqrt-balanced' | 'label-sqrt';
    /** Synthetic anomalies (product of normal marginals) added, as a fraction of the normal training rows. */
    syntheticAnomalies: number;
    /** Dropout rate after the LSTM (optional; the model's default, 0.3, when absent). */
    dropout?: number;
  };
  stage2: { epochs: number; batchSize: number; learningRate: number; convFilters: [number, number]; denseUnits: number; patience: number; maxClassWeight: number };
  hybrid: { epochs: number; batchSize: number; learningRate: number; units: [number, number]; scoreWeights: number[] };
  forest: { trees: number; sampleSize: number };
}

/**
 * The issue's false-positive ceiling on unseen traffic, held on the validation normals that some
 * reference learner mistook (see thresholdForPolicy and reports/SELECTION.md).
 */
export const HARD_NORMAL_FPR = 0.05;

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: 42,
  validationFraction: 0.15,
  // Stage 1's weighting, synthetic anomalies, epochs and the false-positive budget were chosen by
  // `npm run select` (held-out attack names; see reports/SELECTION.md).
  targetFpr: 0.02,
  hardNormalFpr: HARD_NORMAL_FPR,
  holdOutLabels: [],
  stage1: { epochs: 4, batchSize: 512, learningRate: 2e-3, convFilters: [16, 32], lstmUnits: 32, patience: 0, categoryWeights: 'none', syntheticAnomalies: 0.5 },
  stage2: { epochs: 8, batchSize: 256, learningRate: 2e-3, convFilters: [16, 32], denseUnits: 64, patience: 2, maxClassWeight: 50 },
  hybrid: { epochs: 3, batchSize: 512, learningRate: 2e-3, units: [64, 32], scoreWeights: [0.25, 0.5, 0.75] },
  forest: { trees: 100, sampleSize: 256 },
};

export interface TrainingInput {
  batch: RecordBatch;
  labelVocabulary: readonly string[];
  /** Name and bytes of the training file, for provenance. */
  sourceName: string;
  sourceSha256: string;
}

export interface TrainedModelSet {
  manifest: ModelManifest;
  /** Path under models/ → contents. */
  files: Map<string, Uint8Array>;
  /** The validation rows and the trained models' scores on them, so a caller can check that saved files reproduce them. */
  validation: { batch: RecordBatch; stage1: Float32Array; stage2: Float32Array; isolationForest: Float32Array; hybrid: Float32Array };
}

type Log = (line: string) => void;

const encoder = new TextEncoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/** The rows training learns from and is judged on: known labels only, stratified split, held-out names moved to validation. */
export interface TrainingSplit {
  /** Rows with a label the category map knows. */
  data: RecordBatch;
  train: RecordBatch;
  valid: RecordBatch;
  /** Category index (0 normal, 1.. attacks) of each training / validation row. */
  trainCategory: Int32Array;
  validCategory: Int32Array;
  /** 1 for a validation row of a held-out attack name (never trained on). */
  validNovel: Uint8Array;
  /** How many of config.holdOutLabels occur in the data. */
  heldOutLabelCount: number;
  trainBinary: Int32Array;
  validBinary: Int32Array;
}

/**
 * Splits `batch` as every training run does (trainModelSet, npm run select): rows with a label the
 * category map does not know cannot be learned from and are left out; the rest are split, stratified
 * by label, with config.seed; rows of config.holdOutLabels all go to validation.
 */
export function trainingSplit(batch: RecordBatch, labelVocabulary: readonly string[], config: TrainConfig): TrainingSplit {
  const categoryIndexOfLabel = labelVocabulary.map((l) => {
    const c = ATTACK_CATEGORY.get(l);
    return c === undefined ? -1 : CATEGORIES.indexOf(c);
  });
  const known: number[] = [];
  for (let i = 0; i < batch.rowCount; i++) if (batch.labels[i] >= 0 && categoryIndexOfLabel[batch.labels[i]] >= 0) known.push(i);
  const data = selectRows(batch, known);
  const category = Int32Array.from(data.labels, (l) => categoryIndexOfLabel[l]);
  const split = stratifiedSplit(data.labels, config.validationFraction, config.seed);
  const heldOut = new Set(config.holdOutLabels.map((l) => labelVocabulary.indexOf(l)).filter((i) => i >= 0));
  const isHeldOut = (i: number) => heldOut.has(data.labels[i]);
  split.validation = Int32Array.from([...split.validation, ...split.train.filter(isHeldOut)]).sort();
  split.train = split.train.filter((i) => !isHeldOut(i));
  const trainCategory = Int32Array.from(split.train, (i) => category[i]);
  const validCategory = Int32Array.from(split.validation, (i) => category[i]);
  return {
    data,
    train: selectRows(data, split.train),
    valid: selectRows(data, split.validation),
    trainCategory,
    validCategory,
    validNovel: Uint8Array.from(split.validation, (i) => (isHeldOut(i) ? 1 : 0)),
    heldOutLabelCount: heldOut.size,
    trainBinary: Int32Array.from(trainCategory, (c) => (c > 0 ? 1 : 0)),
    validBinary: Int32Array.from(validCategory, (c) => (c > 0 ? 1 : 0)),
  };
}

export async function trainModelSet(input: TrainingInput, config: TrainConfig, log: Log = () => {}, signal?: AbortSignal): Promise<TrainedModelSet> {
  const started = performance.now();
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const v = await f();
    seconds[name] = round((performance.now() - t) / 1000, 1);
    return v;
  };

  const all = input.batch;
  const { data, train, valid, trainCategory, validCategory, validNovel, heldOutLabelCount, trainBinary, validBinary } = trainingSplit(all, input.labelVocabulary, config);
  log(`rows: ${all.rowCount} read, ${data.rowCount} with known labels; train ${train.rowCount}, validation ${valid.rowCount}`);

  const preprocessor = fitPreprocessor([train]);
  const width = preprocessor.featureCount;
  const xTrain = preprocessor.transform(train);
  const xValid = preprocessor.transform(valid);
  log(`preprocessor: ${width} model inputs`);

  // Stage 1 ------------------------------------------------------------------------------------
  const s1 = config.stage1;
  const stage1 = buildStage1Model({ featureCount: width, convFilters: s1.convFilters, lstmUnits: s1.lstmUnits, dropout: s1.dropout, seed: config.seed });
  const stage1Weights = stage1RowWeights(train.labels, trainCategory, s1.categoryWeights);
  const stage1Data = withSyntheticAnomalies(
    { x: xTrain, y: trainBinary, rows: train.rowCount, weights: stage1Weights.weights },
    train,
    trainCategory,
    s1.syntheticAnomalies,
    (b) => preprocessor.transform(b),
    config.seed,
  );
  const stage1Epochs = await timed('stage1', () =>
    trainModel(
      stage1,
      stage1Data,
      {
        loss: 'binary', epochs: s1.epochs, batchSize: s1.batchSize, learningRate: s1.learningRate, seed: config.seed, patience: s1.patience || undefined,
        validation: { x: xValid, y: validBinary, rows: valid.rowCount }, signal,
        onEpoch: (r) => log(`stage 1 ${epochLine(r)}`),
      },
    ),
  );
  const stage1Valid = await predictMatrix(stage1, xValid, valid.rowCount, width);
  const policy: ThresholdPolicy = { targetFpr: config.targetFpr, hardNormalFpr: config.hardNormalFpr };
  const thresholdOf = (scores: Float32Array) => thresholdForPolicy(validBinary, scores, valid.difficulty, policy);
  const stage1Threshold = thresholdOf(stage1Valid);
  log(`stage 1 threshold ${stage1Threshold.toFixed(4)} (${describeThresholdPolicy(policy)})`);

  // Stage 2 (attack rows only) -------------------------------------------------------------------
  const s2 = config.stage2;
  const attackRowsTrain = indicesWhere(trainCategory, (c) => c > 0);
  const attackRowsValid = indicesWhere(validCategory, (c) => c > 0);
  const stage2Counts = ATTACK_CATEGORIES.map((_, k) => attackRowsTrain.filter((i) => trainCategory[i] === k + 1).length);
  // Balanced class weights (n / (k · n_c)), capped so the 50-odd U2R rows do not dominate.
  const classWeights = stage2Counts.map((n) => round(Math.min(s2.maxClassWeight, attackRowsTrain.length / (ATTACK_CATEGORIES.length * Math.max(n, 1))), 3));
  const stage2 = buildStage2Model({ featureCount: width, convFilters: s2.convFilters, denseUnits: s2.denseUnits, seed: config.seed + 100 });
  const stage2Epochs = await timed('stage2', () =>
    trainModel(
      stage2,
      {
        x: gatherRows(xTrain, attackRowsTrain, width),
        y: Int32Array.from(attackRowsTrain, (i) => trainCategory[i] - 1),
        rows: attackRowsTrain.length,
        weights: Float32Array.from(attackRowsTrain, (i) => classWeights[trainCategory[i] - 1]),
      },
      {
        loss: 'categorical', classCount: ATTACK_CATEGORIES.length, epochs: s2.epochs, batchSize: s2.batchSize, learningRate: s2.learningRate,
        seed: config.seed + 1, patience: s2.patience, signal,
        validation: {
          x: gatherRows(xValid, attackRowsValid, width),
          y: Int32Array.from(attackRowsValid, (i) => validCategory[i] - 1),
          rows: attackRowsValid.length,
        },
        onEpoch: (r) => log(`stage 2 ${epochLine(r)}`),
      },
    ),
  );

  // Isolation Forest on normal training rows -----------------------------------------------------
  const normalRows = indicesWhere(trainCategory, (c) => c === 0);
  const forest = await timed('isolationForest', () =>
    fitIsolationForest(gatherRows(xTrain, normalRows, width), normalRows.length, width, { ...config.forest, seed: config.seed }),
  );
  const ifTrain = scoreIsolationForest(forest, xTrain, train.rowCount, width);
  const ifValid = scoreIsolationForest(forest, xValid, valid.rowCount, width);
  const ifThreshold = thresholdOf(ifValid);
  log(`isolation forest: ${forest.trees} trees, validation AUC ${rocCurve(validBinary, ifValid).auc.toFixed(4)}`);

  // Hybrid: feature fusion (DNN on features + forest score) or score fusion (DNN ⊕ forest), chosen on validation.
  const h = config.hybrid;
  const trainHybrid = async (inputWidth: number, xt: Float32Array, seed: number) => {
    const model = buildHybridDnn({ inputCount: inputWidth, units: h.units, seed });
    await trainModel(model, { x: xt, y: trainBinary, rows: train.rowCount }, {
      loss: 'binary', epochs: h.epochs, batchSize: h.batchSize, learningRate: h.learningRate, seed, signal,
      onEpoch: (r) => log(`hybrid (${inputWidth === width ? 'score' : 'feature'} fusion) ${epochLine(r)}`),
    });
    return model;
  };
  const hybridChoice = await timed('hybrid', async () => {
    const featureModel = await trainHybrid(width + 1, hybridInput(xTrain, ifTrain, train.rowCount, width), config.seed + 200);
    const featureValid = await predictMatrix(featureModel, hybridInput(xValid, ifValid, valid.rowCount, width), valid.rowCount, width + 1);
    const scoreModel = await trainHybrid(width, xTrain, config.seed + 300);
    const dnnValid = await predictMatrix(scoreModel, xValid, valid.rowCount, width);
    const candidates: { fusion: HybridFusion; weight: number; auc: number; scores: Float32Array }[] = [
      { fusion: 'feature', weight: 1, auc: rocCurve(validBinary, featureValid).auc, scores: featureValid },
      ...h.scoreWeights.map((w) => {
        const scores = Float32Array.from(dnnValid, (d, i) => w * d + (1 - w) * ifValid[i]);
        return { fusion: 'score' as const, weight: w, auc: rocCurve(validBinary, scores).auc, scores };
      }),
    ];
    candidates.forEach((c) => log(`hybrid candidate ${c.fusion}${c.fusion === 'score' ? ` w=${c.weight}` : ''}: validation AUC ${c.auc.toFixed(5)}`));
    const best = candidates.reduce((a, b) => (b.auc > a.auc ? b : a));
    const model = best.fusion === 'feature' ? featureModel : scoreModel;
    (best.fusion === 'feature' ? scoreModel : featureModel).dispose();
    return { ...best, model, candidates: candidates.map(({ scores: _s, ...c }) => c) };
  });
  const hybridThreshold = thresholdOf(hybridChoice.scores);
  log(`hybrid: ${hybridChoice.fusion} fusion${hybridChoice.fusion === 'score' ? ` (weight ${hybridChoice.weight})` : ''}, threshold ${hybridThreshold.toFixed(4)}`);

  // Validation report: the two-stage pipeline as `predict` runs it ----------------------------------
  const stage2Valid = await predictMatrix(stage2, xValid, valid.rowCount, width);
  const pipelineCategory = Int32Array.from(stage1Valid, (s, i) => (s >= stage1Threshold ? 1 + argmax(stage2Valid, i, ATTACK_CATEGORIES.length) : 0));
  const fiveClass = confusionMatrix(validCategory, pipelineCategory, CATEGORIES.length);
  const five = multiclassMetrics(fiveClass);
  const validation = {
    rows: valid.rowCount,
    stage1: { ...rounded(binaryMetricsAtThreshold(validBinary, stage1Valid, stage1Threshold)), auc: round(rocCurve(validBinary, stage1Valid).auc, 5) },
    heldOut: heldOutLabelCount === 0 ? undefined : {
      labels: config.holdOutLabels,
      rows: validNovel.reduce((a, v) => a + v, 0),
      recall: {
        stage1: novelRecall(validNovel, stage1Valid, stage1Threshold),
        isolationForest: novelRecall(validNovel, ifValid, ifThreshold),
        hybrid: novelRecall(validNovel, hybridChoice.scores, hybridThreshold),
      },
      seenAttackRecall: novelRecall(Uint8Array.from(validCategory, (c, i) => (c > 0 && !validNovel[i] ? 1 : 0)), stage1Valid, stage1Threshold),
    },
    recallByCategory: Object.fromEntries(
      CATEGORIES.slice(1).map((c, k) => {
        const rows = indicesWhere(validCategory, (v) => v === k + 1);
        return [c, round(rows.filter((i) => stage1Valid[i] >= stage1Threshold).length / Math.max(rows.length, 1), 4)];
      }),
    ),
    fiveClass: { accuracy: round(five.accuracy, 4), macroF1: round(five.macroF1, 4), recall: Object.fromEntries(CATEGORIES.map((c, k) => [c, round(five.recall[k], 4)])), confusion: fiveClass },
    isolationForest: { ...rounded(binaryMetricsAtThreshold(validBinary, ifValid, ifThreshold)), auc: round(rocCurve(validBinary, ifValid).auc, 5) },
    hybrid: { ...rounded(binaryMetricsAtThreshold(validBinary, hybridChoice.scores, hybridThreshold)), auc: round(hybridChoice.auc, 5), candidates: hybridChoice.candidates },
  };
  log(`validation: stage 1 accuracy ${validation.stage1.accuracy}, FPR ${validation.stage1.falsePositiveRate}, AUC ${validation.stage1.auc}; 5-class accuracy ${validation.fiveClass.accuracy}, macro-F1 ${validation.fiveClass.macroF1}`);

  // Files --------------------------------------------------------------------------------------------
  const files = new Map<string, Uint8Array>();
  const addModel = async (dir: string, model: tf.LayersModel) => {
    const f = await modelToFiles(model);
    files.set(`${dir}/model.json`, json(f.modelJson));
    files.set(`${dir}/${WEIGHTS_FILE}`, new Uint8Array(f.weights));
  };
  await addModel('stage1', stage1);
  await addModel('stage2', stage2);
  await addModel('hybrid', hybridChoice.model);
  files.set('preprocessor.json', json(preprocessor.json));
  files.set('isolation-forest.json', json(isolationForestToJSON(forest)));
  const sha256: Record<string, string> = {};
  for (const [path, bytes] of files) sha256[path] = await sha256Hex(bytes);

  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    schemaHash: SCHEMA_HASH,
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
    files: { preprocessor: 'preprocessor.json', stage1: 'stage1/model.json', stage2: 'stage2/model.json', hybrid: 'hybrid/model.json', isolationForest: 'isolation-forest.json' },
    sha256,
    stage1: {
      threshold: stage1Threshold,
      thresholdPolicy: describeThresholdPolicy(policy),
      parameters: stage1.countParams(),
      summary: modelSummary(stage1),
    },
    stage2: { classes: [...ATTACK_CATEGORIES], parameters: stage2.countParams(), classWeights, summary: modelSummary(stage2) },
    isolationForest: {
      trees: forest.trees,
      sampleSize: forest.sampleSize,
      threshold: ifThreshold,
      thresholdPolicy: describeThresholdPolicy(policy),
    },
    hybrid: {
      fusion: hybridChoice.fusion,
      weight: hybridChoice.weight,
      threshold: hybridThreshold,
      parameters: hybridChoice.model.countParams(),
      summary: modelSummary(hybridChoice.model),
    },
    training: {
      file: input.sourceName,
      sha256: input.sourceSha256,
      rowsRead: all.rowCount,
      rowsWithKnownLabels: data.rowCount,
      trainRows: train.rowCount,
      validationRows: valid.rowCount,
      seed: config.seed,
      config,
      stage1Weights: Object.fromEntries([...stage1Weights.byLabel].map(([l, w]) => [input.labelVocabulary[l], round(w, 3)])),
      epochs: { stage1: stage1Epochs.map(roundEpoch), stage2: stage2Epochs.map(roundEpoch) },
      seconds: { ...seconds, total: round((performance.now() - started) / 1000, 1) },
      backend: tf.getBackend(),
    },
    validation,
  };
  files.set('manifest.json', json(manifest));
  stage1.dispose();
  stage2.dispose();
  hybridChoice.model.dispose();
  return { manifest, files, validation: { batch: valid, stage1: stage1Valid, stage2: stage2Valid, isolationForest: ifValid, hybrid: hybridChoice.scores } };
}

/** Per-row loss weights for stage 1, and the weight given to each label index. */
export function stage1RowWeights(labels: Int32Array, category: Int32Array, mode: TrainConfig['stage1']['categoryWeights']) {
  const rowsOfLabel = new Map<number, number>();
  const rowsOfCategory = new Float64Array(CATEGORIES.length);
  for (let i = 0; i < labels.length; i++) {
    rowsOfLabel.set(labels[i], (rowsOfLabel.get(labels[i]) ?? 0) + 1);
    rowsOfCategory[category[i]]++;
  }
  const normal = rowsOfCategory[0];
  const byLabel = new Map<number, number>();
  const weights = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let w = 1;
    if (category[i] > 0 && mode === 'sqrt-balanced') w = Math.max(1, Math.sqrt(normal / rowsOfCategory[category[i]]));
    if (category[i] > 0 && mode === 'label-sqrt') w = Math.min(50, Math.max(1, Math.sqrt(normal / rowsOfLabel.get(labels[i])!)));
    weights[i] = w;
    byLabel.set(labels[i], w);
  }
  return { weights, byLabel };
}

/** Share of the marked rows scored at or above the threshold. */
function novelRecall(marked: Uint8Array, scores: Float32Array, threshold: number): number {
  let n = 0;
  let caught = 0;
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue;
    n++;
    if (scores[i] >= threshold) caught++;
  }
  return n === 0 ? NaN : round(caught / n, 4);
}

/** Appends `fraction × normal rows` synthetic anomalies (label 1, weight 1) to stage 1's training data. */
export function withSyntheticAnomalies(
  data: TrainingData,
  train: RecordBatch,
  trainCategory: Int32Array,
  fraction: number,
  transform: (b: RecordBatch) => Float32Array,
  seed: number,
): TrainingData {
  if (fraction <= 0) return data;
  const normal = indicesWhere(trainCategory, (c) => c === 0);
  const synthetic = productOfMarginals(train, normal, Math.round(normal.length * fraction), createRng(seed + 7));
  const xs = transform(synthetic);
  const rows = data.rows + synthetic.rowCount;
  const x = new Float32Array(data.x.length + xs.length);
  x.set(data.x);
  x.set(xs, data.x.length);
  const y = new Int32Array(rows).fill(1);
  y.set(data.y);
  const weights = new Float32Array(rows).fill(1);
  weights.set(data.weights ?? new Float32Array(data.rows).fill(1));
  return { x, y, rows, weights };
}

function argmax(p: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (p[row * classes + c] > p[row * classes + best]) best = c;
  return best;
}

function modelSummary(model: tf.LayersModel): string {
  const lines: string[] = [];
  model.summary(100, undefined, (line: string) => lines.push(line));
  return lines.join('\n');
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
const rounded = <T extends object>(m: T): T => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === "number" ? round(v, 5) : v])) as T;
const roundEpoch = (r: EpochReport) => rounded(r);
const epochLine = (r: EpochReport) =>
  `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}` +
  (r.validationLoss !== undefined ? `, validation loss ${r.validationLoss.toFixed(4)}, accuracy ${r.validationAccuracy!.toFixed(4)}` : '') +
  ` (${r.seconds.toFixed(1)} s)`;

export type { Category };
