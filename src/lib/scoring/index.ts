/** The scoring concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './pipeline';
export * from './predictions-csv';
export * from './predictions-export';
export * from './row-scores';
export * from './score-all-rows';
export * from './scored-records';
