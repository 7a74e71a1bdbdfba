/**
 * The page's only door to the analysis worker (after Squoosh's worker-bridge): typed calls, one at a
 * time in order, each with an AbortSignal. Aborting a running call terminates the worker, because
 * that is the only way to stop work already in progress; the next call starts a fresh worker.
 * An idle worker is kept (no idle shutdown), since later issues keep loaded models in it.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { AnalysisWorkerApi, ParseCallbacks, ParseSummary } from './shared/analysis-api';

export function abortError(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export class WorkerBridge {
  private worker: Worker | null = null;
  private api: Remote<AnalysisWorkerApi> | null = null;
  /** Settles when the last queued call has settled. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rejects the running call if the worker itself dies (failed to load, crashed). */
  private failRunning: ((error: Error) => void) | null = null;

  /** Parses a file in the worker. Only the callbacks given are called; batches are sent only if `batch` is. */
  parse(signal: AbortSignal, file: Blob, callbacks: Partial<ParseCallbacks> = {}): Promise<ParseSummary> {
    const { progress, batch } = callbacks;
    const remoteCallbacks = proxy<ParseCallbacks>({
      progress: (p) => progress?.(p),
      batch: (b) => batch?.(b),
    });
    return this.call(signal, (api) => api.parse(file, remoteCallbacks, { batches: batch !== undefined }));
  }

  /** Stops the worker now; a pending call rejects, the next one starts a new worker. */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private call<T>(signal: AbortSignal, run: (api: Remote<AnalysisWorkerApi>) => Promise<T>): Promise<T> {
    const previous = this.queue;
    const result = new Promise<T>((resolve, reject) => {
      let running = false;
      const onAbort = () => {
        // A call still waiting in the queue owns no worker: only the running one is terminated.
        if (running) {
          this.failRunning = null;
          this.terminate();
        }
        reject(abortError());
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
    return this.api;
  }
}
