/**
 * The analysis worker: a thin comlink adapter over src/lib. Everything heavy happens here (parsing,
 * the models, ROC curves, exports) so the page stays responsive; tfjs is imported only here.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Only the non-threaded binaries ship: threaded wasm hangs in a minified build (and needs cross-origin isolation).
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { expose, transfer } from 'comlink';
import { ATTACK_CATEGORY, CATEGORIES, KNOWN_LABELS } from '../src/lib/schema/categories';
import { FileFormatError } from '../src/lib/ingest/csv/column-layout';
import { readInput, sourceOfBlob, type ParseSummary, type ReadProgress } from '../src/lib/ingest';
import { IDENTITY_COLUMNS } from '../src/lib/ingest/record-identity';
import { thinCurve } from '../src/lib/metrics/curve-points';
import { attributionByFeature } from '../src/lib/features/feature-attribution';
import { disposeModelBundle, loadModelBundle, validateManifest, type ModelBundle, type ModelManifest } from '../src/lib/models/model-bundle';
import { PREDICTIONS_HEADER, originalCsvField, predictionLines } from '../src/lib/scoring/predictions-csv';
import { batchBuffers } from '../src/lib/ingest/record-batch';
import { RecordParser } from '../src/lib/ingest/csv/record-parser';
import type { RecordBatch } from '../src/lib/ingest/record-batch';
import { rocCurve } from '../src/lib/metrics/roc';
import { decideAtThreshold, rowScoresBuffers } from '../src/lib/scoring/row-scores';
import { CATEGORICAL_FEATURES, FEATURES } from '../src/lib/schema/schema';
import { scoreAllRows } from '../src/lib/scoring/score-all-rows';
import { sortIndexByKey } from '../src/lib/util/sort-index';
import { registerWasmConvBackpropFilter } from '../src/lib/models/kernels/conv-backprop-filter-kernel';
import { registerWasmCopyKernels } from '../src/lib/models/kernels/wasm-copy-kernels';
import { inputGradient } from '../src/lib/features/gradient-times-input';
import {
  BACKENDS,
  BACKEND_LABELS,
  PROGRESS_INTERVAL_MS,
  type AnalysisWorkerApi,
  type BackendAttempt,
  type BackendName,
  type EngineStep,
  type FaultPlan,
  type RocPoints,
  type ScoredChunk,
} from '../src/shared/analysis-api';
import { concatBatches } from '../src/lib/ingest/record-batch';
import { fineTune } from '../src/lib/training/fine-tune';
import { exportModelVersion, importModelVersion } from '../src/lib/models/model-export';
import { ModelLibrary, PRETRAINED, requestPersistentStorage, storageEstimate } from '../src/storage/model-library';
import type { LibraryState } from '../src/storage/model-library';
import type { LibraryView } from '../src/shared/analysis-api';

/** Bytes papaparse reads per chunk; see README "Benchmark" for how it was chosen. */
const CHUNK_BYTES = 1 << 20;
/** Records per batch when only parsing. */
const PARSE_BATCH_SIZE = 8192;
/** Records per scored chunk: small enough that Cancel and a failing backend cost little, large enough to keep tensors big. */
const SCORE_BATCH_SIZE = 4096;
/** Points kept per ROC curve for drawing. */
const CURVE_RESOLUTION = 800;

tf.env().set('PROD', true);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// The map must name all three binaries; with threads off the threaded one is never requested.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
});
// Fine-tuning on wasm needs the convolution filter gradient tfjs-wasm lacks.
registerWasmConvBackpropFilter();
// The LSTM's copies (split, unstack, tile) as block copies: about twice as fast a stage 1 on wasm.
registerWasmCopyKernels();

// ---------------------------------------------------------------------------------------------
// Models and backends

const fetched = new Map<string, Promise<ArrayBuffer>>();

/** Model files from this site's `models/`, fetched once per worker (a backend switch reloads from memory). */
function readModelFile(path: string): Promise<ArrayBuffer> {
  let file = fetched.get(path);
  if (!file) {
    file = fetch(`${import.meta.env.BASE_URL}models/${path}`).then((response) => {
      if (!response.ok) throw new Error(`models/${path} could not be downloaded (HTTP ${response.status}).`);
      return response.arrayBuffer();
    });
    file.catch(() => fetched.delete(path));
    fetched.set(path, file);
  }
  return file;
}

/** Where the engine's models come from: the shipped set, or a version in the model library. */
interface ModelSource {
  id: string;
  name: string;
  read: (path: string) => Promise<ArrayBuffer>;
}
const PRETRAINED_SOURCE: ModelSource = { id: PRETRAINED, name: 'Pretrained', read: readModelFile };
let source: ModelSource = PRETRAINED_SOURCE;
let libraryPromise: Promise<ModelLibrary> | null = null;
/** Problems found at start-up (corrupt records), kept so every library view reports them. */
let libraryProblems: LibraryState['corrupt'] = [];

function openLibrary(): Promise<ModelLibrary> {
  if (!libraryPromise) {
    libraryPromise = ModelLibrary.open();
    libraryPromise.catch(() => (libraryPromise = null));
  }
  return libraryPromise;
}

async function versionSource(lib: ModelLibrary, id: string, name: string): Promise<ModelSource> {
  const v = await lib.load(id);
  return { id, name, read: async (path) => {
    const bytes = v.files.get(path);
    if (!bytes) throw new Error(`${path} is missing from version ${name}.`);
    return bytes.slice().buffer;
  } };
}

async function libraryView(): Promise<LibraryView> {
  const lib = await openLibrary();
  const state = await lib.check();
  const corrupt = [...libraryProblems, ...state.corrupt.filter((c) => !libraryProblems.some((p) => p.id === c.id))];
  return { ...state, corrupt, storage: await storageEstimate(), activeName: source.name };
}

/** Loads `next` on the current backend (warm-up included); on failure the previous models stay. */
async function switchModels(next: ModelSource): Promise<ModelManifest> {
  if (!engine) throw new Error('The models are not loaded yet.');
  const bundle = await loadModelBundle(next.read);
  try {
    await warmUp(bundle);
  } catch (error) {
    safely(() => disposeModelBundle(bundle));
    throw error;
  }
  safely(() => disposeModelBundle(engine!.bundle));
  engine.bundle = bundle;
  source = next;
  return bundle.manifest;
}

interface Engine {
  backend: BackendName;
  bundle: ModelBundle;
  attempts: BackendAttempt[];
  faults: FaultPlan;
  /** Batches scored on `backend` so far (for the test-only failure at a given batch). */
  batchesOnBackend: number;
}

let engine: Engine | null = null;
/** The running analysis, so `cancel` can stop it. */
let running: AbortController | null = null;

const label = (b: BackendName) => BACKEND_LABELS[b];
const messageOf = (error: unknown) => (error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error));

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: object): Promise<GpuAdapterLike | null>;
}
const gpu = () => (navigator as unknown as { gpu?: GpuLike }).gpu;

/**
 * A software renderer behind WebGPU or WebGL (SwiftShader, llvmpipe), or null. On one of those the
 * GPU backends are slower than WASM and WebGPU's first predict takes close to a minute, so the
 * automatic choice skips them; choosing one by name still uses it.
 */
async function softwareRenderer(backend: BackendName): Promise<string | null> {
  const software = /swiftshader|llvmpipe|softpipe|software|basic render/i;
  if (backend === 'webgpu') {
    const adapter = await gpu()?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null; // no adapter: starting the backend fails and says so
    const info = adapter.info ?? {};
    const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
    return info.isFallbackAdapter || adapter.isFallbackAdapter || software.test(text) ? `a software adapter (${text.trim() || 'fallback'})` : null;
  }
  if (backend === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return software.test(renderer) ? `a software renderer (${renderer})` : null;
  }
  return null;
}

/** A predict of all three models on two rows; a backend counts as working only once this succeeds. */
async function warmUp(bundle: ModelBundle): Promise<void> {
  const batch: RecordBatch = {
    rowCount: 2,
    rowNumbers: Uint32Array.of(1, 2),
    numeric: new Float32Array(2 * (FEATURES.length - CATEGORICAL_FEATURES.length)).fill(1, FEATURES.length - CATEGORICAL_FEATURES.length),
    categorical: new Int32Array(2 * CATEGORICAL_FEATURES.length),
    labels: Int32Array.of(-1, -1),
    difficulty: Int16Array.of(-1, -1),
  };
  const s = await scoreAllRows(bundle, batch);
  for (const values of [s.score, s.stage2Score, s.ifScore, s.hybridScore]) {
    if (!values.every(Number.isFinite)) throw new Error('the warm-up predict gave scores that are not numbers');
  }
}

async function startBackend(backend: BackendName, step: (s: EngineStep) => void): Promise<ModelBundle> {
  step({ kind: 'backend', backend, stage: 'starting' });
  let started = false;
  try {
    started = await tf.setBackend(backend);
  } catch (error) {
    throw new Error(`${label(backend)} is not available here (${messageOf(error)})`);
  }
  if (!started) throw new Error(`${label(backend)} could not start in this browser`);
  const bundle = await loadModelBundle(source.read, (done, total) => step({ kind: 'models', done, total }));
  step({ kind: 'backend', backend, stage: 'warming-up' });
  try {
    await warmUp(bundle);
    return bundle;
  } catch (error) {
    safely(() => disposeModelBundle(bundle));
    throw new Error(`${label(backend)} failed its warm-up predict: ${messageOf(error)}`);
  }
}

/**
 * Starts the first backend of `candidates` that loads the models and passes the warm-up. Software
 * renderers are skipped unless the backend is in `keepSoftware` (the one the user picked by name).
 */
async function startFirstWorking(
  candidates: readonly BackendName[],
  keepSoftware: BackendName | null,
  attempts: BackendAttempt[],
  step: (s: EngineStep) => void,
): Promise<{ backend: BackendName; bundle: ModelBundle }> {
  for (const backend of candidates) {
    try {
      if (backend !== keepSoftware) {
        const software = await softwareRenderer(backend);
        if (software) {
          attempts.push({ backend, outcome: 'skipped', reason: `runs on ${software}, slower than WASM; choose it by name to use it anyway` });
          continue;
        }
      }
      const bundle = await startBackend(backend, step);
      attempts.push({ backend, outcome: 'ready' });
      return { backend, bundle };
    } catch (error) {
      const reason = messageOf(error);
      attempts.push({ backend, outcome: 'failed', reason });
      step({ kind: 'backend-failed', backend, reason });
    }
  }
  throw new Error(`No compute backend works in this browser: ${attempts.map((a) => `${label(a.backend)}: ${a.reason ?? a.outcome}`).join('; ')}`);
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // Disposing models of a backend that has just failed can itself fail; nothing is left to free then.
  }
}

function applyStartupFaults(faults: FaultPlan): void {
  const g = gpu();
  if (faults.rejectGpuAdapter && g) {
    g.requestAdapter = () => Promise.reject(new Error('requestAdapter rejected (simulated by the test flag)'));
  }
}

function emptyLibrary(): LibraryView {
  return { versions: [], active: PRETRAINED, corrupt: libraryProblems, storage: { usage: null, quota: null, persisted: false }, activeName: source.name };
}

function modelInfo(m: ModelManifest) {
  return {
    createdAt: m.createdAt,
    thresholds: { stage1: m.stage1.threshold, isolationForest: m.isolationForest.threshold, hybrid: m.hybrid.threshold },
    thresholdPolicy: m.stage1.thresholdPolicy,
    hybridFusion: m.hybrid.fusion,
    trainedOn: typeof m.training.file === 'string' ? m.training.file : 'unknown',
  };
}

/** Scores a batch; if the backend fails, moves to the next working one and scores the same batch again. */
async function scoreWithFallback(batch: RecordBatch, step: (s: EngineStep) => void) {
  for (;;) {
    const e = engine!;
    try {
      e.batchesOnBackend++;
      if (e.faults.failBackend === e.backend && e.batchesOnBackend >= (e.faults.failAtBatch ?? 1)) {
        throw new Error(`simulated failure of ${label(e.backend)} during the run (test flag)`);
      }
      return await scoreAllRows(e.bundle, batch, { tensorBatch: SCORE_BATCH_SIZE });
    } catch (error) {
      const reason = messageOf(error);
      e.attempts.push({ backend: e.backend, outcome: 'failed', reason: `failed during a run: ${reason}` });
      step({ kind: 'backend-failed', backend: e.backend, reason });
      safely(() => disposeModelBundle(e.bundle));
      engine = null;
      const failed = new Set(e.attempts.filter((a) => a.outcome === 'failed').map((a) => a.backend));
      const at = BACKENDS.indexOf(e.backend);
      // The next backends in order first, then any earlier one that has not failed.
      const next = [...BACKENDS.slice(at + 1), ...BACKENDS.slice(0, at)].filter((b) => !failed.has(b));
      const started = await startFirstWorking(next, null, e.attempts, step);
      engine = { ...e, ...started, batchesOnBackend: 0 };
    }
  }
}

function trueCategories(labels: Int32Array, rows: number): Int8Array {
  const out = new Int8Array(rows);
  for (let i = 0; i < rows; i++) {
    const l = labels[i];
    // Label indices below KNOWN_LABELS.length are the standard names; later ones are unknown attacks.
    out[i] = l >= 0 && l < KNOWN_LABELS.length ? CATEGORIES.indexOf(ATTACK_CATEGORY.get(KNOWN_LABELS[l])!) : -1;
  }
  return out;
}

function rocPoints(labels: Int8Array, scores: Float32Array): RocPoints {
  const roc = rocCurve(labels, scores);
  const kept = thinCurve(roc.fpr, roc.tpr, CURVE_RESOLUTION);
  return {
    auc: roc.auc,
    fpr: Float32Array.from(kept, (i) => roc.fpr[i]),
    tpr: Float32Array.from(kept, (i) => roc.tpr[i]),
    thresholds: Float32Array.from(kept, (i) => roc.thresholds[i]),
  };
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

// ---------------------------------------------------------------------------------------------

const api: AnalysisWorkerApi = {
  async parse(file, callbacks, options = {}) {
    let lastProgressAt = -Infinity;
    const onProgress = (p: ReadProgress) => {
      const now = performance.now();
      const finished = p.totalBytes > 0 && p.bytesRead >= p.totalBytes;
      if (!finished && now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
      lastProgressAt = now;
      void callbacks.progress(p);
    };
    try {
      return await readInput(file, {
        chunkBytes: CHUNK_BYTES,
        batchSize: PARSE_BATCH_SIZE,
        onProgress,
        // Awaited so the parser pauses until the page has taken the batch (back-pressure).
        onBatch: options.batches ? (batch) => callbacks.batch(transfer(batch, batchBuffers(batch))) : () => {},
      });
    } catch (error) {
      if (error instanceof FileFormatError) throw error;
      // Anything else is a bug or a browser failure: say so plainly instead of a bare stack.
      throw new Error(`Parsing failed unexpectedly: ${messageOf(error)}`);
    }
  },

  async prepare(options, callbacks) {
    const step = (s: EngineStep) => void callbacks.step(s);
    const faults = options.faults ?? {};
    applyStartupFaults(faults);
    // Checked before any backend starts, so a model set made for another schema fails at once and clearly.
    validateManifest(JSON.parse(new TextDecoder().decode(await readModelFile('manifest.json'))));
    // The active library version, if any; a record that fails its checks is reported and pretrained used.
    source = PRETRAINED_SOURCE;
    libraryProblems = [];
    try {
      const lib = await openLibrary();
      void requestPersistentStorage();
      const state = await lib.check();
      libraryProblems = state.corrupt;
      if (state.active !== PRETRAINED) {
        const name = state.versions.find((v) => v.id === state.active)?.name ?? state.active;
        source = await versionSource(lib, state.active, name).catch((error) => {
          libraryProblems.push({ id: state.active, reason: messageOf(error) });
          return PRETRAINED_SOURCE;
        });
      }
    } catch (error) {
      libraryProblems.push({ id: '*', reason: `the model library cannot be opened: ${messageOf(error)}` });
    }
    if (engine) {
      safely(() => disposeModelBundle(engine!.bundle));
      engine = null;
    }
    const attempts: BackendAttempt[] = [];
    const chosen = options.backend;
    const order = chosen === 'auto' ? [...BACKENDS] : [chosen, ...BACKENDS.filter((b) => b !== chosen)];
    let started: Awaited<ReturnType<typeof startFirstWorking>>;
    try {
      started = await startFirstWorking(order, chosen === 'auto' ? null : chosen, attempts, step);
    } catch (error) {
      if (source === PRETRAINED_SOURCE) throw error;
      // A stored version that loads on no backend is as good as corrupt: report it and score with pretrained.
      libraryProblems.push({ id: source.id, reason: `it does not load: ${messageOf(error)}` });
      source = PRETRAINED_SOURCE;
      attempts.length = 0;
      started = await startFirstWorking(order, chosen === 'auto' ? null : chosen, attempts, step);
    }
    engine = { ...started, attempts, faults, batchesOnBackend: 0 };
    return { model: modelInfo(started.bundle.manifest), backend: started.backend, attempts, library: await libraryView().catch(() => emptyLibrary()) };
  },

  async analyse(file, callbacks) {
    if (!engine) throw new Error('The models are not loaded yet.');
    const controller = new AbortController();
    running = controller;
    const step = (s: EngineStep) => void callbacks.step(s);
    const startedAt = performance.now();
    let firstChunkMs = -1;
    let rowsScored = 0;
    let lastProgressAt = -Infinity;
    let last: ReadProgress | null = null;
    const sendProgress = (force: boolean) => {
      const now = performance.now();
      if (!last || (!force && now - lastProgressAt < PROGRESS_INTERVAL_MS)) return;
      lastProgressAt = now;
      void callbacks.progress({ ...last, rowsScored, backend: engine?.backend ?? 'cpu' });
    };
    const result = (summary: ParseSummary | null, cancelled: boolean) => ({
      summary,
      cancelled,
      backend: engine?.backend ?? 'cpu',
      attempts: engine?.attempts ?? [],
      rowsScored,
      firstChunkMs,
      totalMs: performance.now() - startedAt,
    });
    try {
      const summary = await readInput(file, {
        chunkBytes: CHUNK_BYTES,
        batchSize: SCORE_BATCH_SIZE,
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          sendProgress(false);
        },
        onBatch: async (batch) => {
          if (controller.signal.aborted) return;
          const scores = await scoreWithFallback(batch, step);
          const rows = batch.rowCount;
          const chunk: ScoredChunk = { ...scores, trueCategory: trueCategories(batch.labels, rows), label: batch.labels.slice(0, rows) };
          rowsScored += rows;
          if (firstChunkMs < 0) firstChunkMs = performance.now() - startedAt;
          sendProgress(false);
          // Awaited: the parser reads on only once the page has the chunk (bounded memory).
          await callbacks.chunk(transfer(chunk, [...rowScoresBuffers(chunk), chunk.trueCategory.buffer, chunk.label.buffer]));
        },
      });
      sendProgress(true);
      // A cancel that came during the last chunks skipped them: report the run as cancelled, not complete.
      return result(controller.signal.aborted ? null : summary, controller.signal.aborted);
    } catch (error) {
      if (isAbort(error)) return result(null, true);
      if (error instanceof FileFormatError) throw error;
      throw new Error(`The analysis failed: ${messageOf(error)}`);
    } finally {
      if (running === controller) running = null;
    }
  },

  cancel() {
    running?.abort();
  },

  async curves(input) {
    const out = {
      stage1: rocPoints(input.labels, input.stage1),
      isolationForest: rocPoints(input.labels, input.isolationForest),
      hybrid: rocPoints(input.labels, input.hybrid),
    };
    return transfer(out, Object.values(out).flatMap((c) => [c.fpr.buffer, c.tpr.buffer, c.thresholds.buffer]));
  },

  async explain(file, row) {
    if (!engine) throw new Error('The models are not loaded yet.');
    let fields: string[] | null = null;
    const { columns } = await (await sourceOfBlob(file)).forEachRecord(file, (r, f) => {
      if (r !== row) return true;
      fields = f;
      return false;
    });
    if (!fields) throw new Error(`Row ${row} is not in the file.`);
    const rowFields: string[] = fields;
    // A fresh parser gives the model input of this one row (the columns first, so the layout is the file's).
    let batch: RecordBatch | null = null;
    const parser = new RecordParser(1, (b) => (batch = b));
    parser.pushRow(columns);
    parser.pushRow(rowFields);
    const summary = parser.finish();
    if (!batch || summary.rowsRejected > 0) throw new Error(`Row ${row} was rejected: ${summary.rejects[0]?.reason ?? 'unreadable'}`);
    const x = engine.bundle.preprocessor.transform(batch);
    const { score, of, gradient } = await inputGradient(engine.bundle.stage1, x);
    const layout = parser.columnLayout!;
    const values = FEATURES.map((f, i) => ({ name: f.name, value: rowFields[layout.featureFields[i]].trim() }));
    const labelText = layout.labelField >= 0 ? rowFields[layout.labelField].trim() : null;
    if (labelText !== null) values.push({ name: 'label', value: labelText });
    if (layout.difficultyField >= 0) values.push({ name: 'difficulty', value: rowFields[layout.difficultyField].trim() });
    // Records from captures and conn.log: who and when, after the features.
    for (const name of IDENTITY_COLUMNS) {
      const at = columns.indexOf(name);
      if (at >= 0 && !layout.featureFields.includes(at)) values.push({ name, value: rowFields[at] });
    }
    return {
      row,
      values,
      label: labelText,
      score,
      method: 'gradient × input',
      of,
      attribution: attributionByFeature(engine.bundle.preprocessor.featureNames, x, gradient),
    };
  },

  async exportPredictions({ scores, threshold, appendOriginalFrom }) {
    const BLOCK = 8192;
    const parts: string[] = [];
    if (!appendOriginalFrom) {
      parts.push(PREDICTIONS_HEADER + '\n');
      for (let start = 0; start < scores.rowCount; start += BLOCK) {
        parts.push(predictionLines(decideAtThreshold(scores, threshold, start, Math.min(scores.rowCount, start + BLOCK))));
      }
      return new Blob(parts, { type: 'text/csv' });
    }
    // Scored rows are in file order, so one pass over the file pairs each with its original line.
    let next = 0;
    let block: string[] = [];
    let blockStart = 0;
    let lines: string[] = [];
    const { columns } = await (await sourceOfBlob(appendOriginalFrom)).forEachRecord(appendOriginalFrom, (row, fields) => {
      if (next >= scores.rowCount) return false;
      if (scores.rowNumbers[next] !== row) return true;
      if (next - blockStart >= block.length) {
        blockStart = next;
        block = predictionLines(decideAtThreshold(scores, threshold, next, Math.min(scores.rowCount, next + BLOCK))).split('\n');
        block.pop(); // the text after the last line break
      }
      lines.push(`${block[next - blockStart]},${fields.map(originalCsvField).join(',')}\n`);
      if (lines.length >= BLOCK) {
        parts.push(lines.join(''));
        lines = [];
      }
      next++;
      return true;
    });
    parts.push(lines.join(''));
    if (next !== scores.rowCount) throw new Error(`Only ${next} of ${scores.rowCount} scored rows were found when the file was read again.`);
    return new Blob([`${PREDICTIONS_HEADER},${columns.map(originalCsvField).join(',')}\n`, ...parts], { type: 'text/csv' });
  },

  async sortRows(keys, descending) {
    const all = new Uint32Array(keys.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    const order = sortIndexByKey(keys, all, descending);
    return transfer(order, [order.buffer as ArrayBuffer]);
  },

  memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() ?? null };
  },

  async fineTune(file, settings, callbacks) {
    if (!engine) throw new Error('The models are not loaded yet.');
    const controller = new AbortController();
    running = controller;
    const name = `${(file as File).name ?? 'file'} (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`;
    const cancelled = async () => ({ versionId: null, name, before: null, after: null, rows: null, library: await libraryView(), model: modelInfo(engine!.bundle.manifest) });
    try {
      const batches: RecordBatch[] = [];
      const summary = await readInput(file, { chunkBytes: CHUNK_BYTES, batchSize: PARSE_BATCH_SIZE, signal: controller.signal, onBatch: (b) => void batches.push(b) });
      if (controller.signal.aborted) return await cancelled();
      const result = await fineTune(
        { bundle: engine.bundle, batch: concatBatches(batches), labelVocabulary: summary.labelVocabulary, sourceName: (file as File).name ?? 'file', baseVersion: source.id },
        settings,
        (p) => void callbacks.epoch(p),
        controller.signal,
      );
      const lib = await openLibrary();
      const info = {
        name,
        createdAt: result.manifest.createdAt,
        provenance: { baseVersion: source.id, baseName: source.name, file: (file as File).name ?? 'file', rows: result.rows, date: result.manifest.createdAt, settings },
        metrics: { before: result.before, after: result.after },
      };
      const id = await lib.save({ info, manifest: result.manifest, files: result.files }, { activate: true });
      await switchModels(await versionSource(lib, id, name));
      return { versionId: id, name, before: result.before, after: result.after, rows: result.rows, library: await libraryView(), model: modelInfo(engine.bundle.manifest) };
    } catch (error) {
      if (isAbort(error)) return await cancelled();
      if (error instanceof FileFormatError) throw error;
      throw new Error(`Fine-tuning failed: ${messageOf(error)}`);
    } finally {
      if (running === controller) running = null;
    }
  },

  library() {
    return libraryView();
  },

  async activateVersion(id) {
    const lib = await openLibrary();
    const state = await lib.check();
    const next = id === PRETRAINED ? PRETRAINED_SOURCE : await versionSource(lib, id, state.versions.find((v) => v.id === id)?.name ?? id);
    const manifest = await switchModels(next);
    await lib.activate(id);
    return { library: await libraryView(), model: modelInfo(manifest) };
  },

  async renameVersion(id, newName) {
    const lib = await openLibrary();
    await lib.rename(id, newName);
    if (source.id === id) source = { ...source, name: newName.trim() };
    return libraryView();
  },

  async deleteVersion(id) {
    const lib = await openLibrary();
    if (source.id === id) await switchModels(PRETRAINED_SOURCE);
    await lib.delete(id);
    libraryProblems = libraryProblems.filter((p) => p.id !== id);
    return { library: await libraryView(), model: modelInfo(engine!.bundle.manifest) };
  },

  async exportVersion(id) {
    const v = await (await openLibrary()).load(id);
    const bytes = await exportModelVersion(v);
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/json' });
  },

  async importVersion(file) {
    const v = await importModelVersion(new Uint8Array(await file.arrayBuffer()));
    await (await openLibrary()).save(v);
    return libraryView();
  },
};

expose(api);
