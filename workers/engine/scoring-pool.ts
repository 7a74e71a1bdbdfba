/**
 * The scoring pool: the analysis worker plus `size − 1` scoring workers (scoring.worker.ts), each
 * holding the same models on the same backend. Batches go to the least busy of them, transferred;
 * the caller keeps results in row order (jobs/analyse.ts). A scoring worker whose backend fails hands
 * its batch back and leaves the pool; the analysis worker scores that batch itself with its usual
 * fallback, and once its backend has changed the scoring workers (on the old one) are dropped too.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { batchBuffers, type RecordBatch } from '../../src/lib/ingest/record-batch';
import type { RowScores } from '../../src/lib/scoring/row-scores';
import { messageOf } from '../../src/lib/util/errors';
import type { BackendName, EngineStep, ScoringWorkerApi, ScoringWorkerResult } from '../../src/shared/analysis-api';
import { backendLabel } from './backends';
import { currentFaults, currentModelsGeneration, currentSource, loadedBackend, readyEngine, scoreWithFallback } from './engine';

interface ScoringWorker {
  worker: Worker;
  backend: BackendName;
  api: Remote<ScoringWorkerApi>;
  inFlight: number;
  /** Out of the pool: takes no new batch, and stops once those it holds have come back. */
  retired: boolean;
  /** Rejects its calls in flight if the worker itself dies (a crash: the batch is lost, the run fails). */
  failCalls: Set<(error: Error) => void>;
}

/** Batches queued at a scoring worker: one being scored, one waiting, so it never waits for the next. */
export const QUEUE_PER_SCORING_WORKER = 2;

let helpers: ScoringWorker[] = [];
/** Backend, model generation and size the pool was started for; a change restarts it. */
let startedFor = '';
/** Why the pool has fewer workers than asked, for the run's result. */
let note: string | null = null;

const keyNow = (size: number) => `${readyEngine().backend}|${currentModelsGeneration()}|${size}`;

/** Workers scoring now, the analysis worker included. */
export const poolWorkers = () => helpers.length + 1;
export const poolNote = () => note;

/** Takes `worker` out of the pool; the batches it holds still come back (scored, or handed back). */
function retire(worker: ScoringWorker): void {
  helpers = helpers.filter((h) => h !== worker);
  worker.retired = true;
  if (worker.inFlight === 0) worker.worker.terminate();
}

/** Stops `worker` now: the batches it holds are lost, so their calls reject. */
function stop(worker: ScoringWorker, reason: string): void {
  worker.worker.terminate();
  for (const fail of worker.failCalls) fail(new Error(reason));
  helpers = helpers.filter((h) => h !== worker);
}

export function stopPool(): void {
  for (const h of [...helpers]) stop(h, 'the scoring pool was stopped');
  startedFor = '';
}

async function startScoringWorker(): Promise<ScoringWorker> {
  const worker = new Worker(new URL('../scoring.worker.ts', import.meta.url), { type: 'module' });
  const backend = readyEngine().backend;
  const helper: ScoringWorker = { worker, backend, api: wrap<ScoringWorkerApi>(worker), inFlight: 0, retired: false, failCalls: new Set() };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stop(helper, `a scoring worker stopped: ${event.message || 'it could not be loaded'}`);
  });
  const loading = helper.api.load({ backend, faults: currentFaults() }, proxy(currentSource().read));
  try {
    // A worker that fails to load rejects through its error event, which `loading` alone would never hear.
    await new Promise<void>((resolve, reject) => {
      helper.failCalls.add(reject);
      loading.then(resolve, reject).finally(() => helper.failCalls.delete(reject));
    });
    return helper;
  } catch (error) {
    worker.terminate();
    throw error;
  }
}

/** Makes the pool `size` workers on the engine's backend and models (restarting it if either changed). */
export async function ensurePool(size: number): Promise<void> {
  const wanted = keyNow(size);
  if (wanted === startedFor) return;
  stopPool();
  note = null;
  startedFor = wanted;
  if (size <= 1) return;
  const started = await Promise.allSettled(Array.from({ length: size - 1 }, startScoringWorker));
  const failures: string[] = [];
  for (const s of started) {
    if (s.status === 'fulfilled') helpers.push(s.value);
    else failures.push(messageOf(s.reason).slice(0, 200));
  }
  if (failures.length > 0) {
    note = `${failures.length} of ${size - 1} scoring workers did not start (${failures[0]}); scoring with ${poolWorkers()}`;
  }
}

function scoreOn(helper: ScoringWorker, batch: RecordBatch): Promise<ScoringWorkerResult> {
  return new Promise<ScoringWorkerResult>((resolve, reject) => {
    helper.failCalls.add(reject);
    helper.api
      .score(transfer(batch, batchBuffers(batch)))
      .then(resolve, reject)
      .finally(() => helper.failCalls.delete(reject));
  });
}

/** The analysis worker's own batches, one at a time: a fallback (engine swapped out) must not see another start. */
let hereTurn: Promise<unknown> = Promise.resolve();

function scoreHere(batch: RecordBatch, step: (s: EngineStep) => void): Promise<RowScores> {
  const scored = hereTurn.then(() => scoreWithFallback(batch, step));
  hereTurn = scored.catch(() => undefined);
  return scored;
}

/**
 * Scores `batch` on the least busy scoring worker, or here when all are busy. The batch's buffers
 * may be transferred: read what else is needed from it first.
 */
export async function scoreOnPool(batch: RecordBatch, step: (s: EngineStep) => void): Promise<RowScores> {
  // Null while the analysis worker falls back (its engine is being replaced).
  const backend = loadedBackend();
  if (helpers.length > 0 && (backend === null || !startedFor.startsWith(`${backend}|${currentModelsGeneration()}|`))) {
    // The analysis worker has fallen back to another backend: the scoring workers' scores would not match.
    note = `the scoring workers stopped when the analysis worker moved off ${backendLabel(helpers[0].backend)}; scoring with 1`;
    for (const h of [...helpers]) retire(h);
  }
  const helper = helpers.reduce<ScoringWorker | null>((best, h) => (!best || h.inFlight < best.inFlight ? h : best), null);
  // The analysis worker scores only when every scoring worker has its queue full: it also reads the file.
  if (!helper || helper.inFlight >= QUEUE_PER_SCORING_WORKER) return scoreHere(batch, step);
  helper.inFlight++;
  let result: ScoringWorkerResult;
  try {
    result = await scoreOn(helper, batch);
  } finally {
    helper.inFlight--;
    if (helper.retired && helper.inFlight === 0) helper.worker.terminate();
  }
  if (result.ok) return result.scores;
  retire(helper);
  note = `a scoring worker's ${backendLabel(helper.backend)} failed (${result.reason}); scoring with ${poolWorkers()}`;
  step({ kind: 'backend-failed', backend: helper.backend, reason: `in a scoring worker: ${result.reason}` });
  return scoreHere(result.batch, step);
}
