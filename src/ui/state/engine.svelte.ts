/**
 * The engine: the models loaded on a backend in the worker. Loads them (again when another backend is
 * picked), remembers the backend chosen, and lets the other concerns wait until the models are ready.
 */
import { BACKEND_LABELS } from '../../shared/analysis-api';
import type { BackendAttempt, BackendChoice, BackendName, EngineStep, ModelInfo, PrepareResult } from '../../shared/analysis-api';
import { messageOf } from '../../lib/util/errors';
import type { WorkerBridge } from '../../worker-bridge';
import type { UrlOptions } from '../url-options';
import * as persist from './persist';

export type EngineStatus = 'idle' | 'preparing' | 'ready' | 'error';

const BACKEND_KEY = 'traffic-anomaly-lab:backend';

function storedChoice(): BackendChoice {
  const stored = persist.readString(BACKEND_KEY);
  return stored === 'auto' || (stored !== null && stored in BACKEND_LABELS) ? (stored as BackendChoice) : 'auto';
}

export class EngineState {
  choice = $state<BackendChoice>('auto');
  status = $state<EngineStatus>('idle');
  step = $state.raw<EngineStep | null>(null);
  error = $state<string | null>(null);
  backend = $state<BackendName | null>(null);
  attempts = $state.raw<BackendAttempt[]>([]);
  model = $state.raw<ModelInfo | null>(null);

  private controller: AbortController | null = null;
  private preparing: Promise<boolean> | null = null;
  /** The bridge's worker generation the models were loaded into: a newer worker has none. */
  private preparedGeneration = -1;

  /** `onReady` hands what else a load brings (the library, the model's thresholds) to their concerns. */
  constructor(
    private readonly bridge: WorkerBridge,
    private readonly urlOptions: UrlOptions,
    private readonly onReady: (prepared: PrepareResult) => void,
  ) {
    this.choice = urlOptions.backend ?? storedChoice();
  }

  /** Loads the models on the chosen backend (again, if a backend is picked while one is loading). */
  prepare(): Promise<boolean> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'preparing';
    this.error = null;
    this.step = null;
    this.backend = null;
    this.attempts = [];
    const done = (async () => {
      try {
        const r = await this.bridge.prepare(controller.signal, { backend: this.choice, faults: this.urlOptions.faults, ...(this.urlOptions.workers !== null && { workers: this.urlOptions.workers }) }, (step) => {
          if (!controller.signal.aborted) this.step = step;
        });
        if (controller.signal.aborted) return false;
        this.model = r.model;
        this.backend = r.backend;
        this.attempts = r.attempts;
        // Asked from the page: StorageManager.persist() exists only on windows, not in workers.
        void navigator.storage?.persist?.().catch(() => false);
        this.preparedGeneration = this.bridge.generation;
        this.onReady(r);
        this.status = 'ready';
        return true;
      } catch (error) {
        if (controller.signal.aborted) return false;
        this.status = 'error';
        this.error = messageOf(error);
        return false;
      } finally {
        if (this.controller === controller) this.controller = null;
      }
    })();
    this.preparing = done;
    return done;
  }

  chooseBackend(choice: BackendChoice): void {
    this.choice = choice;
    persist.write(BACKEND_KEY, choice);
    void this.prepare();
  }

  /** Whether the models are loaded in the running worker, loading them first if they are not. */
  async ensureReady(): Promise<boolean> {
    if (this.status === 'ready' && this.bridge.alive && this.bridge.generation === this.preparedGeneration) return true;
    if (this.status === 'preparing' && this.preparing) {
      const ok = await this.preparing;
      if (ok || this.status !== 'preparing') return ok;
    }
    return this.prepare();
  }

  /** As ensureReady, for work that cannot go on without the models: throws why they did not load. */
  async requireReady(): Promise<void> {
    if (!(await this.ensureReady())) throw new Error(this.error ?? 'The models could not be loaded.');
  }

  /** The worker was ended mid-run: its models are gone, to be loaded again by the next call. */
  modelsLost(): void {
    this.status = 'idle';
    this.backend = null;
  }

  /** Engine memory, for tests that check tensors are freed. */
  memory() {
    return this.bridge.memory();
  }
}
