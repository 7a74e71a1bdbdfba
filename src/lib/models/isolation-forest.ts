/**
 * Isolation Forest (Liu, Ting & Zhou, "Isolation Forest", ICDM 2008), in pure TypeScript: the face of
 * forest/, which holds the model and its JSON form (forest-model.ts), fitting (forest-fit.ts) and
 * scoring (forest-score.ts, with its JS and WebAssembly walks). Nothing in forest/ imports this file.
 */
export { fitIsolationForest, type IsolationForestOptions } from './forest/forest-fit';
export {
  ISOLATION_FOREST_FORMAT,
  ISOLATION_FOREST_VERSION,
  averagePathLength,
  isolationForestFromJSON,
  isolationForestToJSON,
  isolationTreeHeightLimit,
  type IsolationForestJSON,
  type IsolationForestModel,
} from './forest/forest-model';
export { scoreIsolationForest } from './forest/forest-score';
