/** The metrics concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './binary-metrics';
export * from './confusion-matrix';
export * from './curve-points';
export * from './evaluation';
export * from './multiclass-metrics';
export * from './roc-points';
export * from './roc';
export * from './score-histogram';
export * from './threshold-metrics';
export * from './timeline';
export * from './top-talkers';
