/**
 * The analysis worker: a thin comlink adapter over src/lib. All parsing happens here so the page
 * stays responsive; the page only sends a File handle and receives progress, batches and a summary.
 */
import { expose, transfer } from 'comlink';
import { readRecords, type ReadProgress } from '../src/lib/csv-reader';
import { FileFormatError } from '../src/lib/column-layout';
import { batchBuffers } from '../src/lib/record-batch';
import { PROGRESS_INTERVAL_MS, type AnalysisWorkerApi } from '../src/shared/analysis-api';

/** Bytes papaparse reads per chunk; see README "Benchmark" for how it was chosen. */
const CHUNK_BYTES = 1 << 20;
/** Records per batch: large enough that per-message cost is negligible, small enough to stream. */
const BATCH_SIZE = 8192;

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
      return await readRecords(file, {
        chunkBytes: CHUNK_BYTES,
        batchSize: BATCH_SIZE,
        onProgress,
        // Awaited so the parser pauses until the page has taken the batch (back-pressure).
        onBatch: options.batches ? (batch) => callbacks.batch(transfer(batch, batchBuffers(batch))) : () => {},
      });
    } catch (error) {
      if (error instanceof FileFormatError) throw error;
      // Anything else is a bug or a browser failure: say so plainly instead of a bare stack.
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Parsing failed unexpectedly: ${message}`);
    }
  },
};

expose(api);
