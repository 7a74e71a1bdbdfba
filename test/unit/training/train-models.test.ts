/**
 * Training smoke test: a few hundred generated rows, one epoch of each model, then the written
 * files load through the app's loader and reproduce the trained models' validation scores exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initTfNode } from '../../../scripts/lib/tf-node';
import { readRecords } from '../../../src/lib/ingest/csv/csv-reader';
import { concatBatches, type RecordBatch } from '../../../src/lib/ingest/record-batch';
import { DEFAULT_TRAIN_CONFIG, trainModelSet, type TrainConfig, type TrainedModelSet } from '../../../src/lib/training/train-models';
import { disposeModelBundle, loadModelBundle, type ModelBundle } from '../../../src/lib/models/model-bundle';
import { scoreBatch } from '../../../src/lib/scoring/pipeline';
import { predictMatrix } from '../../../src/lib/models/predict-matrix';
import { sha256Hex } from '../../../src/lib/util/sha256';
import { syntheticRecords, toNslKddText } from '../../../scripts/lib/synthetic-records';

const config: TrainConfig = {
  ...structuredClone(DEFAULT_TRAIN_CONFIG),
  // A loose overall budget, so that on these few rows the hard-normal cap is what binds.
  targetFpr: 0.3,
  hardNormalFpr: 0.05,
  stage1: { ...DEFAULT_TRAIN_CONFIG.stage1, epochs: 1, batchSize: 64 },
  stage2: { ...DEFAULT_TRAIN_CONFIG.stage2, epochs: 1, batchSize: 64 },
  hybrid: { ...DEFAULT_TRAIN_CONFIG.hybrid, epochs: 1, batchSize: 64 },
  forest: { trees: 20, sampleSize: 64 },
};

let trained: TrainedModelSet;
let bundle: ModelBundle;

beforeAll(async () => {
  await initTfNode('wasm');
  const batches: RecordBatch[] = [];
  const summary = await readRecords(toNslKddText(syntheticRecords(400, 7)), { onBatch: (b) => void batches.push(b) });
  trained = await trainModelSet(
    { batch: concatBatches(batches), labelVocabulary: summary.labelVocabulary, sourceName: 'synthetic', sourceSha256: 'none' },
    config,
  );
  bundle = await loadModelBundle(async (path) => {
    const bytes = trained.files.get(path);
    if (!bytes) throw new Error(`missing ${path}`);
    return bytes.slice().buffer;
  });
});

describe('trainModelSet', () => {
  it('writes every file the manifest names, with matching checksums', async () => {
    const m = trained.manifest;
    for (const path of Object.values(m.files)) expect(trained.files.has(path)).toBe(true);
    expect(trained.files.has('stage1/weights.bin')).toBe(true);
    for (const [path, hash] of Object.entries(m.sha256)) expect(await sha256Hex(trained.files.get(path)!)).toBe(hash);
    expect(m.training.trainRows as number + (m.training.validationRows as number)).toBe(400);
    expect(m.stage1.parameters).toBeGreaterThan(0);
    expect(m.stage1.summary).toMatch(/conv1d|Conv1D/);
    expect(m.stage1.summary).toMatch(/LSTM/);
  });

  it('every threshold keeps the validation FPR within the budget, and within the cap on the hard normals', () => {
    const v = trained.validation;
    const normal = v.batch.labels.map((l) => (l === 0 ? 1 : 0)); // label 0 is 'normal' (KNOWN_LABELS first)
    expect(normal.some((n, i) => n && v.batch.difficulty[i] < 21)).toBe(true);
    const rate = (scores: Float32Array, t: number, hardOnly: boolean) => {
      const rows = [...normal.keys()].filter((i) => normal[i] && (!hardOnly || v.batch.difficulty[i] < 21));
      return rows.filter((i) => scores[i] >= t).length / rows.length;
    };
    const m = trained.manifest;
    for (const [scores, t] of [[v.stage1, m.stage1.threshold], [v.isolationForest, m.isolationForest.threshold], [v.hybrid, m.hybrid.threshold]] as const) {
      expect(rate(scores, t, false)).toBeLessThanOrEqual(config.targetFpr);
      expect(rate(scores, t, true)).toBeLessThanOrEqual(config.hardNormalFpr);
    }
    expect(m.stage1.thresholdPolicy).toContain('difficulty < 21');
  });

  it('saved models reload and give identical predictions', async () => {
    const v = trained.validation;
    const x = bundle.preprocessor.transform(v.batch);
    const width = bundle.preprocessor.featureCount;
    expect(await predictMatrix(bundle.stage1, x, v.batch.rowCount, width)).toEqual(v.stage1);
    expect(await predictMatrix(bundle.stage2, x, v.batch.rowCount, width)).toEqual(v.stage2);
    const scored = await scoreBatch(bundle, v.batch);
    expect(scored.score).toEqual(v.stage1);
    expect(scored.ifScore).toEqual(v.isolationForest);
    expect(scored.hybridScore).toEqual(v.hybrid);
  });

  it('flags exactly the rows at or above the shipped threshold, and classifies only those', async () => {
    const scored = await scoreBatch(bundle, trained.validation.batch, { threshold: 0.5 });
    for (let i = 0; i < scored.rowCount; i++) {
      expect(scored.anomaly[i]).toBe(scored.score[i] >= 0.5 ? 1 : 0);
      expect(scored.category[i] > 0).toBe(scored.anomaly[i] === 1);
      expect(Number.isNaN(scored.categoryScore[i])).toBe(scored.anomaly[i] === 0);
    }
  });

  it('scoring does not leak tensors', async () => {
    await scoreBatch(bundle, trained.validation.batch);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) await scoreBatch(bundle, trained.validation.batch);
    expect(tf.memory().numTensors).toBe(before);
    disposeModelBundle(bundle);
  });
});

describe('trainModel', () => {
  it('leaves no tensors behind across repeated runs', async () => {
    const { buildStage1Model } = await import('../../../src/lib/models/stage1-cnn-lstm');
    const { trainModel } = await import('../../../src/lib/training/train-loop');
    const width = 50; // 10 then 2 LSTM steps
    const rows = 64;
    const x = Float32Array.from({ length: rows * width }, (_, i) => (i * 7919) % 13 / 13);
    const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
    const model = buildStage1Model({ featureCount: width, convFilters: [4, 8], lstmUnits: 4 });
    const run = () => trainModel(model, { x, y, rows }, { loss: 'binary', epochs: 1, batchSize: 16, validation: { x, y, rows }, patience: 1 });
    await run();
    const before = tf.memory().numTensors;
    await run();
    await run();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
