/**
 * Fine-tuning: the active models trained further on a labelled file; the result becomes the active
 * version if the guard finds it better on the held-out rows, and can be activated by hand otherwise.
 */
import type { FineTuneOutcome, FineTuneProgress, FineTuneSettings, ModelInfo } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import type { EngineState } from './engine.svelte';
import { LibraryJob, type LibraryJobPhase } from './library-job.svelte';
import type { ModelLibraryState } from './library.svelte';

export type FineTunePhase = LibraryJobPhase;

export class FineTuneState {
  epochs = $state.raw<FineTuneProgress[]>([]);
  outcome = $state.raw<FineTuneOutcome | null>(null);
  private readonly job: LibraryJob;

  /** `useModel` switches the app to the fine-tuned model set. */
  constructor(
    private readonly bridge: WorkerBridge,
    private readonly engine: EngineState,
    private readonly library: ModelLibraryState,
    private readonly useModel: (model: ModelInfo) => void,
  ) {
    this.job = new LibraryJob(engine);
  }

  get phase(): FineTunePhase {
    return this.job.phase;
  }

  get error(): string | null {
    return this.job.error;
  }

  get cancelling(): boolean {
    return this.job.cancelling;
  }

  /** Epochs per stage of the run in progress (for "epoch 2 of 5"). */
  epochsPerStage = $state(0);

  async start(file: File, settings: FineTuneSettings): Promise<void> {
    this.epochs = [];
    this.outcome = null;
    this.epochsPerStage = settings.epochs;
    await this.job.run(
      [file],
      (signal, isCurrent) =>
        this.bridge.fineTune(signal, file, settings, (p) => {
          if (isCurrent()) this.epochs = [...this.epochs, p];
        }),
      (r) => {
        this.outcome = r;
        this.library.view = r.library;
        if (r.activated) this.useModel(r.model);
        return { cancelled: r.versionId === null };
      },
    );
  }

  cancel(): void {
    this.job.cancel();
  }

  /** The user's override of the guard: make the version it kept inactive the active one. */
  async activateAnyway(): Promise<void> {
    const r = this.outcome;
    if (!r?.versionId || r.activated) return;
    await this.library.activateVersion(r.versionId);
    if (this.library.view?.active === r.versionId) this.outcome = { ...r, activated: true };
  }
}
