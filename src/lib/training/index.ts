/** The training concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './baseline-holdout';
export * from './baseline-settings';
export * from './fine-tune-guard';
export * from './fine-tune-settings';
export * from './fine-tune';
export * from './learn-baseline';
export * from './row-selection';
export * from './split';
export * from './synthetic-anomalies';
export * from './teacher-probes';
export * from './threshold';
export * from './train-loop';
export * from './train-models';
