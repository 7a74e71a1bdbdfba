/**
 * One input format behind the ingest seam (ingest/index.ts): how it is recognised from its first
 * bytes, how it is read into RecordBatches (streaming, with progress, cancel and back-pressure), and
 * how one record's fields are found again (a record's detail, the export with original columns).
 * Everything after "records" does not know which format they came from.
 */
import type { RecordBatch } from './record-batch';
import type { InputFormat, ParseSummary } from './summary';

/** What can be read: text (tests), a Blob (a browser File), or byte chunks (a Node stream, stdin). */
export type IngestInput = Blob | string | AsyncIterable<Uint8Array | string>;

export interface ReadProgress {
  bytesRead: number;
  /** Size of the input when known, else 0. */
  totalBytes: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Captures: packets read so far. */
  packetsRead?: number;
}

export interface ReadOptions {
  onBatch: (batch: RecordBatch) => void | Promise<void>;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** Records per batch (default 8192). */
  batchSize?: number;
  /** Bytes (string input: characters) read at a time from a Blob or string (default 1 MiB). */
  chunkBytes?: number;
  /** Size of a stream input, for progress. */
  totalBytes?: number;
  /** A live stream (standard input): hand records on as they complete instead of in full batches. */
  live?: boolean;
  /**
   * A live stream's timer (the caller's: src/lib keeps no timers): `promise` resolves after `ms` of
   * wall time unless cancelled. With it, a capture's quiet link runs the connection timers on.
   */
  wait?: (ms: number) => { promise: Promise<void>; cancel: () => void };
  /**
   * Captures: a connection still open `interim.seconds` after its start (and every as many seconds
   * after) is also handed, as it stands then, to `interim.onBatch` (records in their own batches, not
   * counted in the summary: the connection's own record follows when it is over). At least
   * PLACE_DEADLINE_SECONDS (10). Other formats hold only finished connections and ignore it.
   */
  interim?: { seconds: number; onBatch: (batch: RecordBatch) => void | Promise<void> };
  /** Captures and conn.log: each record's text fields (41 features, then identity) as it is made, for `npm run extract`. */
  onRecordFields?: (fields: string[]) => void;
}

/** One record's fields as the file gives them, for its detail and the export with original columns. */
export interface RecordFields {
  /** Column names, in the order of `fields`. */
  columns: string[];
  fields: string[];
}

export interface RecordSource {
  format: InputFormat;
  /** What the page calls it ("a pcap capture"). */
  description: string;
  /** True when the first bytes (up to 4 KiB) are this format's. */
  detect(head: Uint8Array): boolean;
  read(input: IngestInput, options: ReadOptions): Promise<ParseSummary>;
  /**
   * Calls `onRecord` with each record's fields, in row order, until it returns false; resolves with the
   * column names. The same numbering as `read`, so rows pair with the scored ones.
   */
  forEachRecord(input: Blob, onRecord: (row: number, fields: string[]) => boolean): Promise<{ columns: string[] }>;
}
