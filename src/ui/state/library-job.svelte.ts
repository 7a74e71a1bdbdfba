/**
 * A long job in the worker that ends in a new library version (fine-tuning, learning a baseline):
 * its phase, error and cancel, one job at a time. The concern runs `job` with a fresh signal and
 * takes the outcome; a hard cancel (the worker ended) reloads the models.
 */
import { refusalOf } from '../../lib/ingest/sniff';
import { isAbortError, messageOf } from '../../lib/util/errors';
import type { EngineState } from './engine.svelte';

export type LibraryJobPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export class LibraryJob {
  phase = $state<LibraryJobPhase>('idle');
  error = $state<string | null>(null);
  /** Cancel asked, the worker not yet stopped (an epoch in progress finishes its batch first). */
  cancelling = $state(false);
  private controller: AbortController | null = null;

  constructor(private readonly engine: EngineState) {}

  /**
   * Runs `job` after refusing any of `files` that is empty or not a file the app reads (from its first
   * bytes, at once, as for an analysis). `isCurrent` tells a progress callback whether its job is still
   * the one running; `finish` takes the outcome and says whether the job was cancelled (no version).
   */
  async run<T>(files: File[], job: (signal: AbortSignal, isCurrent: () => boolean) => Promise<T>, finish: (outcome: T) => { cancelled: boolean }): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const isCurrent = () => this.controller === controller;
    this.phase = 'running';
    this.error = null;
    this.cancelling = false;
    try {
      for (const file of files) {
        const refusal = await refusalOf(file);
        if (refusal !== null) throw new Error(files.length > 1 ? `${file.name}: ${refusal}` : refusal);
      }
      await this.engine.requireReady();
      const outcome = await job(controller.signal, isCurrent);
      if (!isCurrent()) return;
      this.phase = finish(outcome).cancelled ? 'cancelled' : 'done';
    } catch (error) {
      if (!isCurrent()) return;
      this.phase = isAbortError(error) ? 'cancelled' : 'error';
      if (!isAbortError(error)) this.error = messageOf(error);
      // A worker stopped by a hard cancel has lost its models: load them again.
      if (isAbortError(error)) void this.engine.prepare();
    } finally {
      if (isCurrent()) {
        this.controller = null;
        this.cancelling = false;
      }
    }
  }

  cancel(): void {
    if (this.controller === null) return;
    this.cancelling = true;
    this.controller.abort();
  }
}
