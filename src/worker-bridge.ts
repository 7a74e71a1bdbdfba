/**
 * The page's only door to the analysis worker (after Squoosh's worker-bridge): typed calls, one at a
 * time in order, each with an AbortSignal. Aborting a parse or a model preparation terminates the
 * worker, the only way to stop work already in progress (a fresh worker starts for the next call).
 * Aborting an analysis asks the worker to stop after its current chunk, which keeps the loaded models;
 * only if it does not answer within CANCEL_GRACE_MS is it terminated.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { rowScoresBuffers } from './lib/scoring/row-scores';
import { abortError } from './lib/util/errors';
import type {
  AnalysisCallbacks,
  AnalysisResult,
  AnalysisWorkerApi,
  Curves,
  CurvesInput,
  EngineMemory,
  EngineStep,
  ExportInput,
  IncidentsInput,
  ParseCallbacks,
  ParseSummary,
  PrepareOptions,
  PrepareResult,
  RecordDetail,
  FineTuneOutcome,
  FineTuneProgress,
  FineTuneSettings,
  LearnNetworkOutcome,
  LearnNetworkProgress,
  LearnNetworkSettings,
  LibraryView,
  ModelInfo,
} from './shared/analysis-api';
import type { Incident } from './lib/incidents/incident';
import type { FlaggedRecord } from './lib/incidents/flagged-record';

/** How long a cancelled analysis may take to finish its chunk (a cold WebGPU pipeline compile can take a minute). */
const CANCEL_GRACE_MS = 5_000;

type OnAbort = 'terminate' | 'cancel';

export class WorkerBridge {
  private worker: Worker | null = null;
  private api: Remote<AnalysisWorkerApi> | null = null;
  /** Settles when the last queued call has settled. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rejects the running call if the worker itself dies (failed to load, crashed). */
  private failRunning: ((error: Error) => void) | null = null;
  /** Counts workers started: when it changes, the models of the previous worker are gone. */
  generation = 0;

  /** Whether a worker is running (its loaded models, if any, are still there). */
  get alive(): boolean {
    return this.api !== null;
  }

  /** Parses a file in the worker. Only the callbacks given are called; batches are sent only if `batch` is. */
  parse(signal: AbortSignal, file: Blob, callbacks: Partial<ParseCallbacks> = {}): Promise<ParseSummary> {
    const { progress, batch } = callbacks;
    const remoteCallbacks = proxy<ParseCallbacks>({
      progress: (p) => progress?.(p),
      batch: (b) => batch?.(b),
    });
    return this.call(signal, 'terminate', (api) => api.parse(file, remoteCallbacks, { batches: batch !== undefined }));
  }

  /** Loads the models on a backend. Aborting (e.g. a new backend chosen) terminates the worker. */
  prepare(signal: AbortSignal, options: PrepareOptions, onStep: (step: EngineStep) => void): Promise<PrepareResult> {
    return this.call(signal, 'terminate', (api) => api.prepare(options, proxy({ step: onStep })));
  }

  /** Scores a file; aborting stops it after the current chunk and resolves with `cancelled: true`. */
  analyse(signal: AbortSignal, file: Blob, callbacks: AnalysisCallbacks): Promise<AnalysisResult> {
    return this.call(signal, 'cancel', (api) => api.analyse(file, proxy(callbacks)));
  }

  /** The input's arrays are transferred: pass copies. */
  curves(input: CurvesInput, signal = new AbortController().signal): Promise<Curves> {
    const buffers = [input.labels, input.stage1, input.isolationForest, input.hybrid].map((a) => a.buffer as ArrayBuffer);
    return this.call(signal, 'terminate', (api) => api.curves(transfer(input, buffers)));
  }

  explain(file: Blob, row: number, signal = new AbortController().signal): Promise<RecordDetail> {
    return this.call(signal, 'terminate', (api) => api.explain(file, row));
  }

  /** `input.scores` is transferred: pass a copy. */
  exportPredictions(input: ExportInput, signal = new AbortController().signal): Promise<Blob> {
    return this.call(signal, 'terminate', (api) => api.exportPredictions(transfer(input, rowScoresBuffers(input.scores))));
  }

  /** `keys` is transferred: pass a copy. */
  sortRows(keys: Float32Array, descending: boolean, signal = new AbortController().signal): Promise<Uint32Array> {
    return this.call(signal, 'terminate', (api) => api.sortRows(transfer(keys, [keys.buffer as ArrayBuffer]), descending));
  }

  /** The input's arrays are transferred: pass copies (ScoreStore.incidentsInput). */
  incidents(input: IncidentsInput, signal = new AbortController().signal): Promise<Incident[]> {
    const id = input.identity;
    const buffers = [input.rowNumbers, input.score, input.stage2Category, ...Object.values(input.facts), ...(id ? [id.ts, id.origP, id.respP, id.packets, id.origH, id.respH] : [])].map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
    return this.call(signal, 'terminate', (api) => api.incidents(transfer(input, buffers)));
  }

  incidentPackets(file: Blob, records: FlaggedRecord[], signal = new AbortController().signal): Promise<{ bytes: Uint8Array; packets: number }> {
    return this.call(signal, 'terminate', (api) => api.incidentPackets(file, records));
  }

  memory(): Promise<EngineMemory> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.memory());
  }

  /** Fine-tunes the active models on a labelled file; aborting stops it between batches (resolves with versionId null). */
  fineTune(signal: AbortSignal, file: Blob, settings: FineTuneSettings, onEpoch: (p: FineTuneProgress) => void): Promise<FineTuneOutcome> {
    return this.call(signal, 'cancel', (api) => api.fineTune(file, settings, proxy({ epoch: onEpoch })));
  }

  /** Learns a baseline from files of normal traffic; aborting stops it between batches (resolves with versionId null). */
  learnBaseline(signal: AbortSignal, files: Blob[], settings: LearnNetworkSettings, onProgress: (p: LearnNetworkProgress) => void): Promise<LearnNetworkOutcome> {
    return this.call(signal, 'cancel', (api) => api.learnBaseline(files, settings, proxy({ progress: onProgress })));
  }

  library(): Promise<LibraryView> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.library());
  }

  activateVersion(id: string): Promise<{ library: LibraryView; model: ModelInfo }> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.activateVersion(id));
  }

  renameVersion(id: string, name: string): Promise<LibraryView> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.renameVersion(id, name));
  }

  deleteVersion(id: string): Promise<{ library: LibraryView; model: ModelInfo }> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.deleteVersion(id));
  }

  exportVersion(id: string): Promise<Blob> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.exportVersion(id));
  }

  importVersion(file: Blob): Promise<LibraryView> {
    return this.call(new AbortController().signal, 'terminate', (api) => api.importVersion(file));
  }

  /** Stops the worker now; a pending call rejects, the next one starts a new worker. */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private call<T>(signal: AbortSignal, onAbortRunning: OnAbort, run: (api: Remote<AnalysisWorkerApi>) => Promise<T>): Promise<T> {
    const previous = this.queue;
    const result = new Promise<T>((resolve, reject) => {
      let running = false;
      let settled = false;
      const hardStop = () => {
        if (settled) return;
        this.failRunning = null;
        this.terminate();
        reject(abortError());
      };
      const onAbort = () => {
        // A call still waiting in the queue owns no worker: it just never starts.
        if (!running) return reject(abortError());
        if (onAbortRunning === 'terminate') return hardStop();
        void this.api?.cancel();
        setTimeout(hardStop, CANCEL_GRACE_MS);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const start = () => {
        if (signal.aborted) return;
        running = true;
        this.failRunning = reject;
        run(this.ensureWorker())
          .then(resolve, reject)
          .finally(() => {
            settled = true;
            signal.removeEventListener('abort', onAbort);
            this.failRunning = null;
          });
      };
      previous.then(start, start);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private ensureWorker(): Remote<AnalysisWorkerApi> {
    if (this.api) return this.api;
    const worker = new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      this.terminate();
      this.failRunning?.(new Error(`The analysis worker stopped: ${event.message || 'it could not be loaded'}.`));
    });
    this.worker = worker;
    this.api = wrap<AnalysisWorkerApi>(worker);
    this.generation++;
    return this.api;
  }
}
