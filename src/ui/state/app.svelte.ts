/**
 * The app's state (Svelte 5 runes), one module per concern, composed here into the one `app` that
 * components read and whose methods they call. Only these modules talk to the worker bridge.
 */
import type { ModelInfo } from '../../shared/analysis-api';
import { WorkerBridge } from '../../worker-bridge';
import { readUrlOptions } from '../url-options';
import { EngineState } from './engine.svelte';
import { FineTuneState } from './fine-tune.svelte';
import { LearnNetworkState } from './learn.svelte';
import { ModelLibraryState } from './library.svelte';
import { RunState } from './run.svelte';
import { ThresholdState } from './threshold.svelte';

export class AppState {
  readonly engine: EngineState;
  readonly threshold: ThresholdState;
  readonly run: RunState;
  readonly library: ModelLibraryState;
  readonly fineTune: FineTuneState;
  readonly learn: LearnNetworkState;

  constructor() {
    const bridge = new WorkerBridge();
    this.engine = new EngineState(bridge, readUrlOptions(location.search), (prepared) => {
      this.library.view = prepared.library;
      // Reloaded models keep the slider where a shown result has it.
      this.threshold.useModel(prepared.model, !this.run.store);
    });
    this.threshold = new ThresholdState(() => this.engine.model);
    this.run = new RunState(bridge, this.engine, this.threshold);
    const useModel = (model: ModelInfo) => this.useModel(model);
    this.library = new ModelLibraryState(bridge, this.engine, useModel);
    this.fineTune = new FineTuneState(bridge, this.engine, this.library, useModel);
    this.learn = new LearnNetworkState(bridge, this.engine, this.library);
  }

  /**
   * The engine now scores with another model set (activated, deleted, fine-tuned): its thresholds
   * apply from here on, and the results on screen are scored again with it, so the page never shows
   * one model's scores at another's threshold.
   */
  private useModel(model: ModelInfo): void {
    const previous = this.engine.model;
    this.engine.model = model;
    if (previous && previous.versionId === model.versionId && previous.createdAt === model.createdAt) return;
    this.threshold.useModel(model, true);
    this.run.rescore();
  }
}

export const app = new AppState();
