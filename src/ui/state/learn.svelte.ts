/**
 * "Learn this network": a baseline learned from files of the user's normal traffic, saved in the
 * model library but not activated. The panel shows its held-out figures; `activate` is the user's
 * decision, and activating re-scores the results on screen (through the library, like any version).
 */
import { refusalOf } from '../../lib/ingest/sniff';
import { isAbortError, messageOf } from '../../lib/util/errors';
import type { LearnNetworkOutcome, LearnNetworkProgress, LearnNetworkSettings } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import type { EngineState } from './engine.svelte';
import type { ModelLibraryState } from './library.svelte';

export type LearnPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export class LearnNetworkState {
  phase = $state<LearnPhase>('idle');
  /** The latest progress message (reading a file, a learning phase, an epoch). */
  progress = $state.raw<LearnNetworkProgress | null>(null);
  outcome = $state.raw<LearnNetworkOutcome | null>(null);
  error = $state<string | null>(null);

  private controller: AbortController | null = null;

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly engine: EngineState,
    private readonly library: ModelLibraryState,
  ) {}

  /** Whether the learned version is the one the engine scores with now. */
  get active(): boolean {
    const id = this.outcome?.versionId;
    return id != null && this.library.view?.active === id;
  }

  async start(files: File[], settings: LearnNetworkSettings): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.phase = 'running';
    this.progress = null;
    this.outcome = null;
    this.error = null;
    try {
      // As for analysis: an empty or non-text file is refused from its first bytes, at once.
      for (const file of files) {
        const refusal = await refusalOf(file);
        if (refusal !== null) throw new Error(`${file.name}: ${refusal}`);
      }
      await this.engine.requireReady();
      const r = await this.bridge.learnBaseline(controller.signal, [...files], { ...settings }, (p) => {
        if (this.controller === controller) this.progress = p;
      });
      if (this.controller !== controller) return;
      this.outcome = r;
      this.library.view = r.library;
      this.phase = r.versionId === null ? 'cancelled' : 'done';
    } catch (error) {
      if (this.controller !== controller) return;
      this.phase = isAbortError(error) ? 'cancelled' : 'error';
      if (!isAbortError(error)) this.error = messageOf(error);
      // A worker stopped by a hard cancel has lost its models: load them again.
      if (isAbortError(error)) void this.engine.prepare();
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Makes the learned version active, once the user has seen its figures. */
  async activate(): Promise<void> {
    const id = this.outcome?.versionId;
    if (id) await this.library.activateVersion(id);
  }
}
