/**
 * "Learn this network": a baseline learned from files of the user's normal traffic, saved in the
 * model library but not activated. The panel shows its held-out figures; `activate` is the user's
 * decision, and activating re-scores the results on screen (through the library, like any version).
 */
import type { LearnNetworkOutcome, LearnNetworkProgress, LearnNetworkSettings } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import type { EngineState } from './engine.svelte';
import { LibraryJob, type LibraryJobPhase } from './library-job.svelte';
import type { ModelLibraryState } from './library.svelte';

export type LearnPhase = LibraryJobPhase;

export class LearnNetworkState {
  /** The latest progress message (reading a file, a learning phase, an epoch). */
  progress = $state.raw<LearnNetworkProgress | null>(null);
  outcome = $state.raw<LearnNetworkOutcome | null>(null);
  private readonly job: LibraryJob;

  constructor(
    private readonly bridge: WorkerBridge,
    engine: EngineState,
    private readonly library: ModelLibraryState,
  ) {
    this.job = new LibraryJob(engine);
  }

  get phase(): LearnPhase {
    return this.job.phase;
  }

  get error(): string | null {
    return this.job.error;
  }

  get cancelling(): boolean {
    return this.job.cancelling;
  }

  /** Whether the learned version is the one the engine scores with now. */
  get active(): boolean {
    const id = this.outcome?.versionId;
    return id != null && this.library.view?.active === id;
  }

  async start(files: File[], settings: LearnNetworkSettings): Promise<void> {
    this.progress = null;
    this.outcome = null;
    await this.job.run(
      files,
      (signal, isCurrent) =>
        this.bridge.learnBaseline(signal, [...files], { ...settings }, (p) => {
          if (isCurrent()) this.progress = p;
        }),
      (r) => {
        this.outcome = r;
        this.library.view = r.library;
        return { cancelled: r.versionId === null };
      },
    );
  }

  cancel(): void {
    this.job.cancel();
  }

  /** Makes the learned version active, once the user has seen its figures. */
  async activate(): Promise<void> {
    const id = this.outcome?.versionId;
    if (id) await this.library.activateVersion(id);
  }
}
