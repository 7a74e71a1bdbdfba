/**
 * The stage 1 threshold: the slider's value, and the one saved as active for the model set in use.
 * Saved thresholds belong to one model set: a retrained set starts from its own default.
 */
import type { ModelInfo } from '../../shared/analysis-api';
import * as persist from './persist';

const keyOf = (model: ModelInfo) => `traffic-anomaly-lab:threshold:${model.createdAt}`;

export class ThresholdState {
  /** The slider's value. */
  value = $state(0.5);
  /** The value saved in this browser for the current model set, if any. */
  saved = $state<number | null>(null);

  /** `model` is the engine's current model set (read, not owned, here). */
  constructor(private readonly model: () => ModelInfo | null) {}

  get default(): number | null {
    return this.model()?.thresholds.stage1 ?? null;
  }

  get active(): number | null {
    return this.saved ?? this.default;
  }

  /** The engine now scores with `model`: its saved threshold applies, and the slider moves to it if `moveSlider`. */
  useModel(model: ModelInfo, moveSlider: boolean): void {
    this.saved = persist.readNumber(keyOf(model));
    if (moveSlider) this.value = this.active ?? 0.5;
  }

  /** A fresh analysis starts from the saved (or default) threshold. */
  resetForRun(): void {
    this.value = this.active ?? this.value;
  }

  set(value: number): void {
    if (Number.isFinite(value)) this.value = Math.min(1, Math.max(0, value));
  }

  save(): void {
    const model = this.model();
    if (!model) return;
    persist.write(keyOf(model), String(this.value));
    this.saved = this.value;
  }

  forgetSaved(): void {
    const model = this.model();
    if (!model) return;
    persist.remove(keyOf(model));
    this.saved = null;
    this.value = model.thresholds.stage1;
  }
}
