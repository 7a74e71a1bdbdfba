/** Fine-tuning settings and their defaults, without tfjs, so the page can show them. */

/** The shipped model set's version id in the model library. */
export const PRETRAINED = 'pretrained';

/** Which layers keep their weights: the convolutions (default), none, or all but the output layer. */
export type FrozenLayers = 'conv' | 'none' | 'all-but-output';

export interface FineTuneSettings {
  epochs: number;
  learningRate: number;
  batchSize: number;
  frozen: FrozenLayers;
  /** Stage 1's (and the forest's and hybrid's) new threshold: the lowest with at most this FPR on validation. */
  targetFpr: number;
  validationFraction: number;
  seed: number;
  /** Early stopping after this many epochs without a better validation loss (best weights kept); 0 = off. */
  patience: number;
  /** Balanced class weights (capped) so rare categories count: binary for stage 1, by category for stage 2. */
  classWeights: boolean;
  maxClassWeight: number;
  /** "Learn my normal traffic": refit the Isolation Forest on the file's normal training rows. */
  refitForest: boolean;
  /**
   * Cross-validation folds used instead of the one validation split when that split holds too few
   * normal rows for its threshold (see MIN_NORMAL_ROWS_BEYOND_THRESHOLD); 1 = never.
   */
  folds: number;
}

/**
 * The fewest validation normal rows the target-FPR threshold may rest on (rows allowed above it):
 * with fewer, one row more or less moves a threshold on saturated scores from 0.6 to 0.98.
 */
export const MIN_NORMAL_ROWS_BEYOND_THRESHOLD = 40;

export const DEFAULT_FINE_TUNE_SETTINGS: FineTuneSettings = {
  epochs: 5,
  learningRate: 5e-4,
  batchSize: 128,
  frozen: 'conv',
  // 2 % on a few hundred validation rows allows only a handful of normal rows and overshoots the threshold.
  targetFpr: 0.05,
  validationFraction: 0.2,
  seed: 7,
  patience: 2,
  classWeights: true,
  maxClassWeight: 50,
  refitForest: false,
  folds: 5,
};
