/**
 * Fine-tuning: the active models trained further on a labelled file; the result becomes the active
 * version if the guard finds it better on the held-out rows, and can be activated by hand otherwise.
 */
import { refusalOf } from '../../lib/ingest/sniff';
import { isAbortError, messageOf } from '../../lib/util/errors';
import type { FineTuneOutcome, FineTuneProgress, FineTuneSettings, ModelInfo } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import type { EngineState } from './engine.svelte';
import type { ModelLibraryState } from './library.svelte';

export type FineTunePhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export class FineTuneState {
  phase = $state<FineTunePhase>('idle');
  epochs = $state.raw<FineTuneProgress[]>([]);
  outcome = $state.raw<FineTuneOutcome | null>(null);
  error = $state<string | null>(null);

  private controller: AbortController | null = null;

  /** `useModel` switches the app to the fine-tuned model set. */
  constructor(
    private readonly bridge: WorkerBridge,
    private readonly engine: EngineState,
    private readonly library: ModelLibraryState,
    private readonly useModel: (model: ModelInfo) => void,
  ) {}

  async start(file: File, settings: FineTuneSettings): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.phase = 'running';
    this.epochs = [];
    this.outcome = null;
    this.error = null;
    try {
      // As for analysis: an empty or non-text file is refused from its first bytes, at once.
      const refusal = await refusalOf(file);
      if (refusal !== null) throw new Error(refusal);
      await this.engine.requireReady();
      const r = await this.bridge.fineTune(controller.signal, file, settings, (p) => {
        if (this.controller === controller) this.epochs = [...this.epochs, p];
      });
      if (this.controller !== controller) return;
      this.outcome = r;
      this.library.view = r.library;
      if (r.activated) this.useModel(r.model);
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

  /** The user's override of the guard: make the version it kept inactive the active one. */
  async activateAnyway(): Promise<void> {
    const r = this.outcome;
    if (!r?.versionId || r.activated) return;
    await this.library.activateVersion(r.versionId);
    if (this.library.view?.active === r.versionId) this.outcome = { ...r, activated: true };
  }
}
