/**
 * Fine-tuning the shipped models on generated labelled records (Node, wasm): weights move, frozen
 * layers do not, the written files load and reproduce the new thresholds, a small file is
 * cross-validated and a larger one split, the guard's verdict is reported, a cancelled run leaves
 * the original bundle's predictions identical, and no tensors leak.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initTfNode } from '../../../scripts/lib/tf-node';
import { loadModelsFromDir } from '../../../scripts/lib/models-node';
import { MODELS_DIR } from '../../../scripts/lib/read-file';
import { readRecords } from '../../../src/lib/ingest/csv/csv-reader';
import { concatBatches, type RecordBatch } from '../../../src/lib/ingest/record-batch';
import { loadModelBundle, disposeModelBundle, type ModelBundle } from '../../../src/lib/models/model-bundle';
import { DEFAULT_FINE_TUNE_SETTINGS, fineTune, type FineTuneProgress, type FineTuneResult, type FineTuneSettings } from '../../../src/lib/training/fine-tune';
import { predictMatrix } from '../../../src/lib/models/predict-matrix';
import { modelToFiles } from '../../../src/lib/models/model-artifacts';
import { sha256Hex } from '../../../src/lib/util/sha256';
import { syntheticRecords, toNslKddText } from '../../../scripts/lib/synthetic-records';

let bundle: ModelBundle;
let batch: RecordBatch;
let labelVocabulary: readonly string[];
let x: Float32Array;
let originalScores: Float32Array;
let originalWeights: Float32Array[];
const settings: FineTuneSettings = { ...DEFAULT_FINE_TUNE_SETTINGS, epochs: 2, batchSize: 64, learningRate: 5e-3, patience: 0 };

const weightsByName = async (files: Map<string, Uint8Array>, dir: string) => {
  const model = JSON.parse(new TextDecoder().decode(files.get(`${dir}/model.json`)!));
  const bytes = files.get(`${dir}/weights.bin`)!;
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of model.weightsManifest[0].weights as { name: string; shape: number[] }[]) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, new Float32Array(bytes.slice(offset, offset + 4 * n).buffer));
    offset += 4 * n;
  }
  return out;
};

beforeAll(async () => {
  await initTfNode('wasm');
  bundle = await loadModelsFromDir(MODELS_DIR);
  const batches: RecordBatch[] = [];
  const summary = await readRecords(toNslKddText(syntheticRecords(500, 11)), { onBatch: (b) => void batches.push(b) });
  batch = concatBatches(batches);
  labelVocabulary = summary.labelVocabulary;
  x = bundle.preprocessor.transform(batch);
  originalScores = await predictMatrix(bundle.stage1, x, batch.rowCount, bundle.preprocessor.featureCount);
  originalWeights = bundle.stage1.getWeights().map((t) => t.dataSync() as Float32Array).map((a) => a.slice());
});

describe('fineTune', () => {
  let result: FineTuneResult;
  const progress: FineTuneProgress[] = [];

  beforeAll(async () => {
    result = await fineTune({ bundle, batch, labelVocabulary, sourceName: 'synthetic.txt', baseVersion: 'pretrained' }, settings, (p) => void progress.push(p));
  });

  it('cross-validates a small file: every row held out once, the final models trained on all of them', () => {
    const final = progress.filter((p) => !p.fold);
    expect(final.filter((p) => p.stage === 1).map((p) => p.report.epoch)).toEqual([1, 2]);
    expect(final.filter((p) => p.stage === 2).map((p) => p.report.epoch)).toEqual([1, 2]);
    // Five folds, each training both stages for every epoch, before the final models.
    expect(new Set(progress.filter((p) => p.fold).map((p) => `${p.fold!.index}/${p.fold!.count}:${p.stage}:${p.report.epoch}`)).size).toBe(5 * 2 * 2);
    expect(progress.findIndex((p) => !p.fold)).toBe(progress.filter((p) => p.fold).length);
    for (const p of progress) expect(Number.isFinite(p.report.loss)).toBe(true);
    expect(result.rows).toEqual({ train: 500, validation: 500, skipped: 0, folds: 5 });
    expect(result.manifest.stage1.thresholdPolicy).toMatch(/5-fold cross-validation/);
    expect(result.before.threshold).toBe(bundle.manifest.stage1.threshold);
    // The generated records separate easily: the tuned stage 1 should do at least as well as before.
    expect(result.after.auc).toBeGreaterThan(result.before.auc);
    // Out of fold, each fold at the threshold the other four give: near the target, not exactly.
    expect(result.after.falsePositiveRate).toBeLessThanOrEqual(settings.targetFpr + 0.05);
  });

  it('compares the new version with its base on the same held-out rows', () => {
    const g = result.guard;
    expect(g.heldOutRows).toBe(500);
    expect(g.base.accuracy).toBe(result.before.accuracy);
    expect(g.tuned.accuracy).toBe(result.after.accuracy);
    expect(g.base.macroF1).toBe(result.before.macroF1);
    expect(g.falsePositiveRate).toBe(result.before.falsePositiveRate);
    expect(g.tuned.falsePositiveRate).toBe(result.after.falsePositiveRate);
    expect(g.allowedFalsePositiveRate).toBe(Math.max(settings.targetFpr, result.before.falsePositiveRate));
    expect(g.worseOn.includes('falsePositiveRate')).toBe(result.after.falsePositiveRate > g.allowedFalsePositiveRate);
    expect(g.better).toBe(g.worseOn.length === 0);
    expect(result.manifest.validation.fineTuning).toMatchObject({ guard: { better: g.better } });
  });

  it('changes trainable weights and leaves the frozen convolutions as they were', async () => {
    const original = await modelToFiles(bundle.stage1);
    const before = await weightsByName(new Map([
      ['stage1/model.json', new TextEncoder().encode(JSON.stringify(original.modelJson))],
      ['stage1/weights.bin', new Uint8Array(original.weights)],
    ]), 'stage1');
    const after = await weightsByName(result.files, 'stage1');
    let changed = 0;
    for (const [name, values] of after) {
      const old = before.get(name)!;
      const same = values.every((v, i) => v === old[i]);
      if (name.startsWith('conv')) expect(same, name).toBe(true);
      else if (!same) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    const after2 = await weightsByName(result.files, 'stage2');
    expect([...after2.keys()].some((n) => n.startsWith('dense'))).toBe(true);
  });

  it('writes a model set that loads, with checksums and the recalibrated thresholds', async () => {
    for (const [path, hash] of Object.entries(result.manifest.sha256)) expect(await sha256Hex(result.files.get(path)!)).toBe(hash);
    const tuned = await loadModelBundle(async (path) => result.files.get(path)!.slice().buffer);
    try {
      expect(tuned.manifest.stage1.threshold).toBe(result.after.threshold);
      expect((tuned.manifest.training.fineTuned as { file: string }).file).toBe('synthetic.txt');
      const scores = await predictMatrix(tuned.stage1, x, batch.rowCount, bundle.preprocessor.featureCount);
      expect(scores).not.toEqual(originalScores);
    } finally {
      disposeModelBundle(tuned);
    }
  });

  it('leaves the original bundle untouched', async () => {
    expect(await predictMatrix(bundle.stage1, x, batch.rowCount, bundle.preprocessor.featureCount)).toEqual(originalScores);
    expect(bundle.stage1.getWeights().map((t) => t.dataSync())).toEqual(originalWeights);
  });

  it('does not leak tensors', async () => {
    const before = tf.memory().numTensors;
    await fineTune({ bundle, batch, labelVocabulary, sourceName: 's', baseVersion: 'p' }, { ...settings, epochs: 1, refitForest: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fine-tuning with one validation split', () => {
  it('uses a 20 % stratified split (as for a file whose split has enough normal rows), with folds: 1', async () => {
    const before = tf.memory().numTensors;
    const progress: FineTuneProgress[] = [];
    const r = await fineTune({ bundle, batch, labelVocabulary, sourceName: 's', baseVersion: 'p' }, { ...settings, folds: 1 }, (p) => void progress.push(p));
    expect(r.rows.folds).toBe(0);
    expect(progress.some((p) => p.fold)).toBe(false);
    expect(r.rows.train + r.rows.validation).toBe(500);
    expect(Math.abs(r.rows.validation - 100)).toBeLessThanOrEqual(5); // 20 %, rounded per stratum
    expect(r.guard.heldOutRows).toBe(r.rows.validation);
    expect(r.after.falsePositiveRate).toBeLessThanOrEqual(settings.targetFpr);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cancelling fine-tuning', () => {
  it('rejects with AbortError, keeps the original predictions and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = fineTune({ bundle, batch, labelVocabulary, sourceName: 's', baseVersion: 'p' }, { ...settings, epochs: 5 }, (p) => {
      if (p.stage === 1 && p.report.epoch === 1 && p.fold?.index === 2) controller.abort();
    }, controller.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    expect(await predictMatrix(bundle.stage1, x, batch.rowCount, bundle.preprocessor.featureCount)).toEqual(originalScores);
  });

  it('refuses a file without labelled rows', async () => {
    const unlabelled = { ...batch, labels: new Int32Array(batch.rowCount).fill(-1) };
    await expect(fineTune({ bundle, batch: unlabelled, labelVocabulary, sourceName: 's', baseVersion: 'p' }, settings)).rejects.toThrow(/labelled rows/);
  });
});
