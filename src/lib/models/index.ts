/** The models concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './hybrid-dnn';
export * from './isolation-forest';
export * from './model-artifacts';
export * from './model-bundle';
export * from './model-export';
export * from './predict-matrix';
export * from './stage1-cnn-lstm';
export * from './stage2-cnn';
export * from './strided-conv-sequence';
