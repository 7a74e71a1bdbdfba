/**
 * The engine: the active models on a working backend, with fallback to the next backend when one
 * fails during a run, and switching between model versions. One per worker.
 */
import { disposeModelBundle, validateManifest, type ModelBundle, type ModelManifest } from '../../src/lib/models/model-bundle';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import { scoreAllRows } from '../../src/lib/scoring/score-all-rows';
import { predictRoute } from '../../src/lib/models/predict-matrix';
import { messageOf } from '../../src/lib/util/errors';
import {
  BACKENDS,
  type BackendAttempt,
  type BackendName,
  type EngineStep,
  type FaultPlan,
  type ModelInfo,
  type PrepareOptions,
} from '../../src/shared/analysis-api';
import { loadWarm, safely, startFirstWorking } from './backends';
import { baselineInfo } from './baseline-info';
import { applyStartupFaults, throwIfFaulted } from './faults';
import { readModelFile } from './model-files';
import { SCORE_TENSOR_BATCH } from './engine-constants';
import { activeSource, libraryProblems, PRETRAINED_SOURCE, type ModelSource } from './model-source';


interface Engine {
  backend: BackendName;
  bundle: ModelBundle;
  attempts: BackendAttempt[];
  faults: FaultPlan;
  /** Batches scored on `backend` so far (for the test-only failure at a given batch). */
  batchesOnBackend: number;
}

let engine: Engine | null = null;
let source: ModelSource = PRETRAINED_SOURCE;
/** Counts model loads (start, version switch, fallback): the scoring pool reloads when it changes. */
let modelsGeneration = 0;

export const currentModelsGeneration = () => modelsGeneration;
export const currentFaults = (): FaultPlan => engine?.faults ?? {};

export const currentSource = () => source;

export function readyEngine(): Engine {
  if (!engine) throw new Error('The models are not loaded yet.');
  return engine;
}

export const currentBackend = (): BackendName => engine?.backend ?? 'cpu';
/** The backend the models are on now; null while none is (before prepare, or during a fallback). */
export const loadedBackend = (): BackendName | null => engine?.backend ?? null;
export const currentAttempts = (): BackendAttempt[] => engine?.attempts ?? [];
export const currentStage1Path = () => (engine ? predictRoute(engine.bundle.stage1) : null);

/** What the page shows of a model set; `source` names the library version it is. */
export function modelInfo(m: ModelManifest, from: ModelSource = source): ModelInfo {
  const tuned = m.training.fineTuned as { file?: unknown } | undefined;
  return {
    versionId: from.id,
    versionName: from.name,
    fineTunedOn: typeof tuned?.file === 'string' ? tuned.file : null,
    createdAt: m.createdAt,
    thresholds: { stage1: m.stage1.threshold, isolationForest: m.isolationForest.threshold, hybrid: m.hybrid.threshold },
    thresholdPolicy: m.stage1.thresholdPolicy,
    hybridFusion: m.hybrid.fusion,
    trainedOn: typeof m.training.file === 'string' ? m.training.file : 'unknown',
    baseline: baselineInfo(m),
  };
}

/** The engine's model set now. */
export const activeModel = (): ModelInfo => modelInfo(readyEngine().bundle.manifest);

/** Loads the active library version (or pretrained) on the first working backend of the user's choice. */
export async function prepareEngine(options: PrepareOptions, step: (s: EngineStep) => void): Promise<Engine> {
  const faults = options.faults ?? {};
  applyStartupFaults(faults);
  // Checked before any backend starts, so a model set made for another schema fails at once and clearly.
  validateManifest(JSON.parse(new TextDecoder().decode(await readModelFile('manifest.json'))));
  source = await activeSource();
  if (engine) {
    const old = engine.bundle;
    safely(() => disposeModelBundle(old));
    engine = null;
  }
  const attempts: BackendAttempt[] = [];
  const chosen = options.backend;
  const order = chosen === 'auto' ? [...BACKENDS] : [chosen, ...BACKENDS.filter((b) => b !== chosen)];
  const keep = chosen === 'auto' ? null : chosen;
  let started: Awaited<ReturnType<typeof startFirstWorking>>;
  try {
    started = await startFirstWorking(order, keep, source.read, attempts, step);
  } catch (error) {
    if (source === PRETRAINED_SOURCE) throw error;
    // A stored version that loads on no backend is as good as corrupt: report it and score with pretrained.
    libraryProblems.push({ id: source.id, reason: `it does not load: ${messageOf(error)}` });
    source = PRETRAINED_SOURCE;
    attempts.length = 0;
    started = await startFirstWorking(order, keep, source.read, attempts, step);
  }
  engine = { ...started, attempts, faults, batchesOnBackend: 0 };
  modelsGeneration++;
  return engine;
}

/** Loads `next` on the current backend (warm-up included); on failure the previous models stay. */
export async function switchModels(next: ModelSource): Promise<ModelManifest> {
  const e = readyEngine();
  const bundle = await loadWarm(next.read);
  const old = e.bundle;
  safely(() => disposeModelBundle(old));
  e.bundle = bundle;
  source = next;
  modelsGeneration++;
  return bundle.manifest;
}

export function renameSource(id: string, name: string): void {
  if (source.id === id) source = { ...source, name };
}

/** Scores a batch; if the backend fails, moves to the next working one and scores the same batch again. */
export async function scoreWithFallback(batch: RecordBatch, step: (s: EngineStep) => void) {
  for (;;) {
    const e = readyEngine();
    try {
      e.batchesOnBackend++;
      throwIfFaulted(e.faults, e.backend, e.batchesOnBackend);
      return await scoreAllRows(e.bundle, batch, { tensorBatch: SCORE_TENSOR_BATCH });
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
      const started = await startFirstWorking(next, null, source.read, e.attempts, step);
      engine = { ...e, ...started, batchesOnBackend: 0 };
      modelsGeneration++;
    }
  }
}
