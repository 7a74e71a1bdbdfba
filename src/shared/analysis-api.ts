/**
 * The contract between the page (src/worker-bridge.ts) and workers/analysis.worker.ts. Types only, so
 * importing it pulls no worker code into the page bundle.
 */
import type { ProxyMarked } from 'comlink';
import type { ReadProgress } from '../lib/csv-reader';
import type { ParseSummary } from '../lib/record-parser';
import type { RecordBatch } from '../lib/record-batch';

export type { ReadProgress, ParseSummary, RecordBatch };

export interface ParseCallbacks {
  /** About ten times a second while parsing, and once at the end. */
  progress(progress: ReadProgress): void;
  /**
   * Every accepted record, in batches whose buffers are transferred (not copied). Parsing waits until
   * this returns, so a slow consumer bounds the worker's memory.
   */
  batch(batch: RecordBatch): void | Promise<void>;
}

export interface ParseOptions {
  /** Send batches to `callbacks.batch` (the summary alone does not need them). */
  batches?: boolean;
}

export interface AnalysisWorkerApi {
  /** Streams the file through the record parser; rejects with a FileFormatError for unreadable files. */
  parse(file: Blob, callbacks: ParseCallbacks & ProxyMarked, options?: ParseOptions): Promise<ParseSummary>;
}

/** Minimum time between two progress messages: ~10 updates a second is smooth and costs nothing. */
export const PROGRESS_INTERVAL_MS = 100;
