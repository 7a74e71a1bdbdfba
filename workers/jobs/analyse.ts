/** Reading and scoring a file chunk by chunk, with progress, cancel and backend fallback. */
import { transfer } from 'comlink';
import { FileFormatError, readInput, type ParseSummary, type ReadProgress } from '../../src/lib/ingest';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import { factsBuffers, factsOfBatch } from '../../src/lib/incidents/record-facts';
import { identityBuffers } from '../../src/lib/ingest/record-identity';
import { trueCategories } from '../../src/lib/schema/true-category';
import { poolSize } from '../../src/lib/scoring/pool-size';
import { rowScoresBuffers } from '../../src/lib/scoring/row-scores';
import { isAbortError, messageOf } from '../../src/lib/util/errors';
import { PROGRESS_INTERVAL_MS, type AnalysisWorkerApi, type EngineStep, type ScoredChunk } from '../../src/shared/analysis-api';
import { currentAttempts, currentBackend, readyEngine } from '../engine/engine';
import { ensurePool, poolNote, poolWorkers, scoreOnPool } from '../engine/scoring-pool';
import { OrderedWindow } from '../../src/lib/util/ordered-window';
import { CHUNK_BYTES, SCORE_BATCH_SIZE, withCancel } from './running';

/**
 * Chunks not yet sent to the page (being scored, queued at a scoring worker, or done and waiting
 * for an earlier one), per worker: each scoring worker queues at most 2 (scoring-pool.ts), the rest
 * lets the analysis worker read and score on while it waits for them. 3 measured a little faster than 2.
 */
const ORDER_WINDOW_PER_WORKER = 3;

/** The pool size asked at `prepare` (null: this machine's default). */
let requestedWorkers: number | null = null;

/** Starts (or restarts) the pool the engine's backend and models and the request call for. */
export function readyPool(requested: number | null = requestedWorkers): Promise<void> {
  requestedWorkers = requested;
  return ensurePool(poolSize({ requested, cores: navigator.hardwareConcurrency ?? 1, backend: currentBackend() }));
}

export const analyse: AnalysisWorkerApi['analyse'] = (file, callbacks) => {
  readyEngine();
  return withCancel(async (signal) => {
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
      void callbacks.progress({ ...last, rowsScored, backend: currentBackend() });
    };
    const result = (summary: ParseSummary | null, cancelled: boolean) => ({
      summary,
      cancelled,
      backend: currentBackend(),
      attempts: currentAttempts(),
      rowsScored,
      firstChunkMs,
      totalMs: performance.now() - startedAt,
      workers: poolWorkers(),
      poolNote: poolNote(),
    });
    const score = async (batch: RecordBatch): Promise<ScoredChunk> => {
      const rows = batch.rowCount;
      // Taken before scoring: a batch scored in a scoring worker is transferred there.
      const trueCategory = trueCategories(batch.labels, rows);
      const label = batch.labels.slice(0, rows);
      const identity = batch.identity;
      const facts = factsOfBatch(batch);
      const scores = await scoreOnPool({ ...batch, identity: undefined }, step);
      return { ...scores, trueCategory, label, facts, ...(identity && { identity }) };
    };
    const sendChunk = async (chunk: ScoredChunk) => {
      if (signal.aborted) return;
      rowsScored += chunk.rowCount;
      if (firstChunkMs < 0) firstChunkMs = performance.now() - startedAt;
      sendProgress(false);
      const buffers = [...rowScoresBuffers(chunk), chunk.trueCategory.buffer, chunk.label.buffer, ...factsBuffers(chunk.facts), ...(chunk.identity ? identityBuffers(chunk.identity) : [])];
      // Awaited: the parser reads on only once the page has the chunk (bounded memory).
      await callbacks.chunk(transfer(chunk, buffers as ArrayBuffer[]));
    };
    try {
      await readyPool();
      // Chunks in file order, scored or being scored; the head goes to the page first, whoever finishes first.
      const ordered = new OrderedWindow<ScoredChunk>(ORDER_WINDOW_PER_WORKER * poolWorkers(), sendChunk);
      try {
        const summary = await readInput(file, {
          chunkBytes: CHUNK_BYTES,
          batchSize: SCORE_BATCH_SIZE,
          signal,
          onProgress: (p) => {
            last = p;
            sendProgress(false);
          },
          onBatch: async (batch) => {
            if (signal.aborted) return;
            await ordered.add(score(batch));
          },
        });
        await ordered.drain();
        sendProgress(true);
        // A cancel that came during the last chunks skipped them: report the run as cancelled, not complete.
        return result(signal.aborted ? null : summary, signal.aborted);
      } finally {
        // After a cancel or a failure, the batches still being scored finish before the next job starts.
        await ordered.settle();
      }
    } catch (error) {
      if (isAbortError(error)) return result(null, true);
      if (error instanceof FileFormatError) throw error;
      throw new Error(`The analysis failed: ${messageOf(error)}`);
    }
  });
};
