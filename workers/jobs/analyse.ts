/** Reading and scoring a file chunk by chunk, with progress, cancel and backend fallback. */
import { transfer } from 'comlink';
import { FileFormatError, readInput, type ParseSummary, type ReadProgress } from '../../src/lib/ingest';
import { identityBuffers } from '../../src/lib/ingest/record-identity';
import { trueCategories } from '../../src/lib/schema/true-category';
import { rowScoresBuffers } from '../../src/lib/scoring/row-scores';
import { isAbortError, messageOf } from '../../src/lib/util/errors';
import { PROGRESS_INTERVAL_MS, type AnalysisWorkerApi, type EngineStep, type ScoredChunk } from '../../src/shared/analysis-api';
import { currentAttempts, currentBackend, readyEngine, scoreWithFallback } from '../engine/engine';
import { CHUNK_BYTES, SCORE_BATCH_SIZE, withCancel } from './running';

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
    });
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
          const scores = await scoreWithFallback(batch, step);
          const rows = batch.rowCount;
          const chunk: ScoredChunk = {
            ...scores,
            trueCategory: trueCategories(batch.labels, rows),
            label: batch.labels.slice(0, rows),
            ...(batch.identity && { identity: batch.identity }),
          };
          rowsScored += rows;
          if (firstChunkMs < 0) firstChunkMs = performance.now() - startedAt;
          sendProgress(false);
          const buffers = [...rowScoresBuffers(chunk), chunk.trueCategory.buffer, chunk.label.buffer, ...(chunk.identity ? identityBuffers(chunk.identity) : [])];
          // Awaited: the parser reads on only once the page has the chunk (bounded memory).
          await callbacks.chunk(transfer(chunk, buffers as ArrayBuffer[]));
        },
      });
      sendProgress(true);
      // A cancel that came during the last chunks skipped them: report the run as cancelled, not complete.
      return result(signal.aborted ? null : summary, signal.aborted);
    } catch (error) {
      if (isAbortError(error)) return result(null, true);
      if (error instanceof FileFormatError) throw error;
      throw new Error(`The analysis failed: ${messageOf(error)}`);
    }
  });
};
