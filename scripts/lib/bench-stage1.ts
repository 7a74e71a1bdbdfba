/**
 * Stage 1 alone, from parsed arrays (KDDTest+ read and preprocessed first, not timed): records/s over
 * all rows in 8,192-row tensor batches, for the layers model (model.predict) and for the fused
 * kernel the pipeline now uses (predictMatrix), on wasm and — the fused kernel only — on cpu, with
 * the largest score difference between the two (issue 15: target ≥ 140k records/s on wasm); then the
 * layers model's profile: multiply-adds per record from the layers' weights, time per layer
 * (cumulative sub-models, differences) and per tfjs kernel (tf.profile) on one batch. Then where the
 * whole pipeline's time goes (scoreBatch's stages one by one, best of `runs`, and scoreBatch itself),
 * printed here as its own table.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelBundle } from '../../src/lib/models/model-bundle';
import { scoreIsolationForest } from '../../src/lib/models/isolation-forest';
import { forestWasmPathSums } from '../../src/lib/models/forest/forest-wasm-scorer';
import { predictMatrix, predictMatrixLayers, predictRoute } from '../../src/lib/models/predict-matrix';
import { scoreBatch, scoreHybrid } from '../../src/lib/scoring/pipeline';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import { readCsvFile } from './read-file';

const BATCH = 8192;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface Stage1PathFigures {
  /** What ran, e.g. 'layers model, wasm'. */
  path: string;
  runsMs: number[];
  /** From the fastest run: on a shared machine the least disturbed one. */
  recordsPerSecond: number;
}

export interface Stage1Figures {
  rows: number;
  paths: Stage1PathFigures[];
  /** max |fused − layers| over all rows (wasm). */
  maxScoreDifference: number;
  macsPerRecord: number;
  layers: { name: string; macs: number; msPerBatch: number }[];
  kernels: { name: string; calls: number; msPerBatch: number }[];
  batchMs: number;
  pipeline: PipelineFigures;
}

export interface PipelineFigures {
  rows: number;
  flaggedRows: number;
  /** Best of the runs, per stage as scoreBatch runs it, each alone from the previous stage's arrays. */
  stages: { stage: string; path: string; ms: number }[];
  /** scoreBatch as a whole (preprocess included, parse not). */
  wholeMs: number;
  recordsPerSecond: number;
}

/** Multiply-adds per record of one layer, from its weights and output shape (conv, dense, LSTM; 0 for the rest). */
function layerMacs(layer: tf.layers.Layer): number {
  const shapes = layer.getWeights().map((w) => w.shape);
  const size = (i: number) => (shapes[i] ?? []).reduce((a, b) => a * b, 1);
  const out = layer.outputShape as number[];
  const cls = layer.getClassName();
  if (cls === 'Conv1D') return (out[1] as number) * size(0);
  if (cls === 'Dense') return size(0);
  if (cls === 'LSTM') {
    const steps = (layer.input as tf.SymbolicTensor).shape[1] as number;
    return steps * (size(0) + size(1));
  }
  return 0;
}

/** One batch through a model whose output may have any rank (sub-models end inside the network), read back as predictMatrix does. */
async function predictOnce(model: tf.LayersModel, x: Float32Array, n: number, width: number): Promise<void> {
  const y = tf.tidy(() => model.predict(tf.tensor2d(x, [n, width]), { batchSize: n }) as tf.Tensor);
  try {
    await y.data();
  } finally {
    y.dispose();
  }
}

/** Best of `repeats` after a warm-up: on a shared machine the fastest run is the least disturbed one. */
async function timeMs(run: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = -1; i < repeats; i++) {
    const started = performance.now();
    await run();
    if (i >= 0) times.push(performance.now() - started);
  }
  return Math.min(...times);
}

/** `runs` timed runs over all rows after a warm-up. */
async function timePath(path: string, predict: () => Promise<Float32Array>, rows: number, runs: number): Promise<Stage1PathFigures> {
  await predict();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await predict();
    runsMs.push(performance.now() - started);
  }
  return { path, runsMs, recordsPerSecond: rows / (Math.min(...runsMs) / 1000) };
}

/** Runs on the wasm backend (as set up by initTfNode); switches to cpu and back for the fused kernel there. */
export async function benchStage1(bundle: ModelBundle, testFile: string, runs = 5): Promise<Stage1Figures> {
  const { batch } = await readCsvFile(testFile);
  const width = bundle.preprocessor.featureCount;
  const x = bundle.preprocessor.transform(batch);
  const rows = batch.rowCount;
  const model = bundle.stage1;
  if (tf.getBackend() !== 'wasm' || predictRoute(model) !== 'fused-stage1') throw new Error('bench-stage1: expects the wasm backend with the fused kernel registered');
  const layersScores = await predictMatrixLayers(model, x, rows, width, BATCH);
  const fusedScores = await predictMatrix(model, x, rows, width, BATCH);
  const maxScoreDifference = layersScores.reduce((m, v, i) => Math.max(m, Math.abs(v - fusedScores[i])), 0);
  const paths = [
    await timePath('layers model (model.predict), wasm', () => predictMatrixLayers(model, x, rows, width, BATCH), rows, runs),
    await timePath('fused kernel (predictMatrix), wasm', () => predictMatrix(model, x, rows, width, BATCH), rows, runs),
  ];
  await tf.setBackend('cpu');
  paths.push(await timePath('fused kernel (predictMatrix), cpu', () => predictMatrix(model, x, rows, width, BATCH), rows, runs));
  await tf.setBackend('wasm');

  // One full batch, through sub-models ending after each layer: a layer's time is the step between two.
  const n = Math.min(BATCH, rows);
  const xb = x.subarray(0, n * width);
  const layers: Stage1Figures['layers'] = [];
  let before = 0;
  for (const layer of model.layers.slice(1)) {
    const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
    const ms = await timeMs(() => predictOnce(sub, xb, n, width), 7);
    layers.push({ name: `${layer.getClassName()} ${JSON.stringify((layer.outputShape as number[]).slice(1))}`, macs: layerMacs(layer), msPerBatch: ms - before });
    before = ms;
  }

  // Per kernel: the median over profiles of each kernel's summed time; `…__op` entries wrap a kernel listed on its own.
  const kernelsByName = new Map<string, { calls: number; ms: number[] }>();
  const profiles = 5;
  for (let i = 0; i < profiles; i++) {
    const sums = new Map<string, { calls: number; ms: number }>();
    const info = await tf.profile(() => tf.tidy(() => model.predict(tf.tensor2d(xb, [n, width]), { batchSize: n }) as tf.Tensor));
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue;
      const entry = sums.get(k.name) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += k.kernelTimeMs as number;
      sums.set(k.name, entry);
    }
    tf.dispose(info.result as tf.Tensor);
    for (const [name, { calls, ms }] of sums) {
      const entry = kernelsByName.get(name) ?? { calls, ms: [] };
      entry.ms.push(ms);
      kernelsByName.set(name, entry);
    }
  }
  const kernels = [...kernelsByName].map(([name, k]) => ({ name, calls: k.calls, msPerBatch: median(k.ms) })).sort((a, b) => b.msPerBatch - a.msPerBatch);
  const pipeline = await benchPipeline(bundle, batch, runs);
  printPipeline(pipeline);
  return { rows, paths, maxScoreDifference, macsPerRecord: layers.reduce((s, l) => s + l.macs, 0), layers, kernels, batchMs: before, pipeline };
}

/** scoreBatch's stages timed one at a time on the same arrays, then scoreBatch itself. */
export async function benchPipeline(bundle: ModelBundle, batch: RecordBatch, runs = 5): Promise<PipelineFigures> {
  const rows = batch.rowCount;
  const width = bundle.preprocessor.featureCount;
  const x = bundle.preprocessor.transform(batch);
  const score = await predictMatrix(bundle.stage1, x, rows, width, BATCH);
  const flagged = [...score.keys()].filter((i) => score[i] >= bundle.manifest.stage1.threshold);
  const xf = new Float32Array(flagged.length * width);
  flagged.forEach((i, k) => xf.set(x.subarray(i * width, (i + 1) * width), k * width));
  const ifScore = scoreIsolationForest(bundle.forest, x, rows, width);
  const stage = async (name: string, path: string, run: () => unknown) => ({ stage: name, path, ms: await timeMs(async () => run(), runs) });
  const stages = [
    await stage('preprocess', 'js', () => bundle.preprocessor.transform(batch)),
    await stage('stage 1', predictRoute(bundle.stage1), () => predictMatrix(bundle.stage1, x, rows, width, BATCH)),
    await stage(`stage 2 (${flagged.length} flagged rows)`, predictRoute(bundle.stage2), () => predictMatrix(bundle.stage2, xf, flagged.length, width, BATCH)),
    await stage('isolation forest', forestWasmPathSums(bundle.forest) ? 'forest wasm walk' : 'forest js walk', () => scoreIsolationForest(bundle.forest, x, rows, width)),
    await stage('hybrid', predictRoute(bundle.hybrid), () => scoreHybrid(bundle, x, ifScore, rows, width, BATCH)),
  ];
  const wholeMs = await timeMs(() => scoreBatch(bundle, batch), runs);
  return { rows, flaggedRows: flagged.length, stages, wholeMs, recordsPerSecond: rows / (wholeMs / 1000) };
}

function printPipeline(p: PipelineFigures): void {
  console.log(`\nThe pipeline (scoreBatch) on ${p.rows.toLocaleString('en-US')} rows, ${tf.getBackend()}, per stage alone and whole (best of runs after a warm-up):\n`);
  for (const s of p.stages) console.log(`  ${s.stage.padEnd(34)} ${s.path.padEnd(22)} ${s.ms.toFixed(1).padStart(7)} ms`);
  console.log(`  ${'scoreBatch (preprocess → hybrid)'.padEnd(34)} ${''.padEnd(22)} ${p.wholeMs.toFixed(1).padStart(7)} ms   ${Math.round(p.recordsPerSecond).toLocaleString('en-US')} records/s`);
}
