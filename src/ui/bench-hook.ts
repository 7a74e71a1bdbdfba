/**
 * `window.__bench`, loaded only with `?bench` (see main.ts): times parses through the same bridge and
 * worker the app uses, for scripts/bench.ts and the e2e test of batch transfer. Not used by the app.
 */
import { WorkerBridge } from '../worker-bridge';

export interface BenchParseResult {
  ms: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Rows that arrived in transferred batches (0 unless `batches`). */
  batchRows: number;
  batchCount: number;
  /** Row numbers of the batched rows, when `keepRowNumbers` (small files only). */
  rowNumbers: number[] | null;
}

export interface BenchHook {
  parse(file: File, options?: { batches?: boolean; keepRowNumbers?: boolean }): Promise<BenchParseResult>;
}

declare global {
  interface Window {
    __bench?: BenchHook;
  }
}

const bridge = new WorkerBridge();

window.__bench = {
  async parse(file, { batches = false, keepRowNumbers = false } = {}) {
    let batchRows = 0;
    let batchCount = 0;
    const rowNumbers: number[] | null = keepRowNumbers ? [] : null;
    const started = performance.now();
    const summary = await bridge.parse(new AbortController().signal, file, {
      batch: batches
        ? (b) => {
            batchCount++;
            batchRows += b.rowCount;
            if (rowNumbers) rowNumbers.push(...b.rowNumbers.subarray(0, b.rowCount));
          }
        : undefined,
    });
    const ms = performance.now() - started;
    const { rowsRead, rowsAccepted, rowsRejected } = summary;
    return { ms, rowsRead, rowsAccepted, rowsRejected, batchRows, batchCount, rowNumbers };
  },
};
