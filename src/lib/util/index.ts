/** The util concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './errors';
export * from './growable';
export * from './random';
export * from './sha256';
