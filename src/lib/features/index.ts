/** The features concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './feature-attribution';
export * from './gradient-times-input';
export * from './preprocessor';
export * from './vocabulary';
