/** Reading a file without scoring it (the summary, and batches for whoever asks). */
import { transfer } from 'comlink';
import { FileFormatError, readInput, type ReadProgress } from '../../src/lib/ingest';
import { batchBuffers } from '../../src/lib/ingest/record-batch';
import { messageOf } from '../../src/lib/util/errors';
import { PROGRESS_INTERVAL_MS, type AnalysisWorkerApi } from '../../src/shared/analysis-api';
import { CHUNK_BYTES, PARSE_BATCH_SIZE } from './running';

export const parse: AnalysisWorkerApi['parse'] = async (file, callbacks, options = {}) => {
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
};
