/**
 * `window.__bench`, loaded only with `?bench` (see main.ts): times parses and analyses through the
 * same bridge and worker the app uses, for scripts/bench.ts and e2e tests. Not used by the app.
 */
import { WorkerBridge } from '../worker-bridge';
import type { BackendAttempt, BackendChoice, BackendName, EngineMemory, FineTuneSettings } from '../shared/analysis-api';

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

export interface BenchPrepareResult {
  ms: number;
  backend: BackendName;
  attempts: BackendAttempt[];
}

export interface BenchAnalyseResult {
  ms: number;
  firstChunkMs: number;
  rowsScored: number;
  rowsRead: number;
  backend: BackendName;
  /** Workers that scored, and why fewer than asked (null if not). */
  workers: number;
  poolNote: string | null;
  anomalies: number;
  /** Page heap (performance.memory) at its highest sample during the run, in bytes; 0 where unsupported. */
  pagePeakHeap: number;
  /** Longest gap between two animation frames on the page while the run lasted. */
  longestFrameGapMs: number;
  memory: EngineMemory;
}

export interface BenchFineTuneResult {
  ms: number;
  trainRows: number;
  /** Seconds of the last epoch of each stage, from the worker's progress reports (0 when a stage did not run). */
  stage1Seconds: number;
  stage2Seconds: number;
  backend: string | null;
}

export interface BenchHook {
  parse(file: File, options?: { batches?: boolean; keepRowNumbers?: boolean }): Promise<BenchParseResult>;
  /** `workers`: the pool size (absent: the machine's default). */
  prepare(backend: BackendChoice, workers?: number): Promise<BenchPrepareResult>;
  analyse(file: File): Promise<BenchAnalyseResult>;
  memory(): Promise<EngineMemory>;
  /** Fine-tunes through the worker (saved and activated like the panel's run) with these settings. */
  fineTune(file: File, settings: FineTuneSettings): Promise<BenchFineTuneResult>;
}

declare global {
  interface Window {
    __bench?: BenchHook;
  }
}

const bridge = new WorkerBridge();
const signal = () => new AbortController().signal;
const heapNow = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

window.__bench = {
  async parse(file, { batches = false, keepRowNumbers = false } = {}) {
    let batchRows = 0;
    let batchCount = 0;
    const rowNumbers: number[] | null = keepRowNumbers ? [] : null;
    const started = performance.now();
    const summary = await bridge.parse(signal(), file, {
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

  async prepare(backend, workers) {
    const started = performance.now();
    const r = await bridge.prepare(signal(), { backend, ...(workers !== undefined && { workers }) }, () => {});
    return { ms: performance.now() - started, backend: r.backend, attempts: r.attempts };
  },

  async analyse(file) {
    let anomalies = 0;
    let pagePeakHeap = heapNow();
    let longestFrameGapMs = 0;
    let lastFrame = performance.now();
    let running = true;
    const frame = (now: number) => {
      longestFrameGapMs = Math.max(longestFrameGapMs, now - lastFrame);
      lastFrame = now;
      pagePeakHeap = Math.max(pagePeakHeap, heapNow());
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const started = performance.now();
    try {
      const r = await bridge.analyse(signal(), file, {
        progress: () => {},
        step: () => {},
        // Counted at 0.5 only to touch every row as the page does; the bench is about time, not this number.
        chunk: (c) => {
          for (let i = 0; i < c.rowCount; i++) if (c.score[i] >= 0.5) anomalies++;
        },
      });
      const ms = performance.now() - started;
      return {
        ms,
        firstChunkMs: r.firstChunkMs,
        rowsScored: r.rowsScored,
        rowsRead: r.summary?.rowsRead ?? 0,
        backend: r.backend,
        workers: r.workers,
        poolNote: r.poolNote,
        anomalies,
        pagePeakHeap,
        longestFrameGapMs,
        memory: await bridge.memory(),
      };
    } finally {
      running = false;
    }
  },

  memory() {
    return bridge.memory();
  },

  async fineTune(file, settings) {
    const seconds = { 1: 0, 2: 0 };
    const started = performance.now();
    const r = await bridge.fineTune(signal(), file, settings, (p) => (seconds[p.stage] = p.report.seconds));
    const ms = performance.now() - started;
    return { ms, trainRows: r.rows?.train ?? 0, stage1Seconds: seconds[1], stage2Seconds: seconds[2], backend: (await bridge.memory()).backend };
  },
};
