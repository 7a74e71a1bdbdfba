/**
 * The app's state (Svelte 5 runes) and the actions that change it. Components read it and call the
 * actions; only this module talks to the worker bridge.
 */
import { WorkerBridge, isAbortError } from '../worker-bridge';
import type { ParseSummary, ReadProgress } from '../shared/analysis-api';

export type Phase = 'idle' | 'parsing' | 'done' | 'cancelled' | 'error';

export interface ChosenFile {
  name: string;
  size: number;
}

export class AppState {
  phase = $state<Phase>('idle');
  /** Increases with every file chosen; lets tests and the bench tell one run's result from the last. */
  runId = $state(0);
  file = $state<ChosenFile | null>(null);
  progress = $state.raw<ReadProgress | null>(null);
  /** Milliseconds since parsing started (updated with progress), then the total parse time. */
  elapsedMs = $state(0);
  summary = $state.raw<ParseSummary | null>(null);
  error = $state<string | null>(null);

  private readonly bridge = new WorkerBridge();
  private controller: AbortController | null = null;

  /** Parses `file` in the worker; a file chosen while another parses replaces it. */
  async parseFile(file: File): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.runId++;
    this.phase = 'parsing';
    this.file = { name: file.name, size: file.size };
    this.progress = null;
    this.summary = null;
    this.error = null;
    this.elapsedMs = 0;
    const startedAt = performance.now();
    try {
      const summary = await this.bridge.parse(controller.signal, file, {
        progress: (p) => {
          if (controller.signal.aborted) return;
          this.progress = p;
          this.elapsedMs = performance.now() - startedAt;
        },
      });
      if (controller.signal.aborted) return;
      this.elapsedMs = performance.now() - startedAt;
      this.summary = summary;
      this.phase = 'done';
    } catch (error) {
      // An abort caused by a newer file leaves the state to that file's run.
      if (this.controller !== controller) return;
      if (isAbortError(error)) {
        this.phase = 'cancelled';
      } else {
        this.error = error instanceof Error ? error.message : String(error);
        this.phase = 'error';
      }
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }
}

export const app = new AppState();
