/**
 * How many workers score a file: the analysis worker itself plus scoring workers beside it. A GPU
 * backend gets one (the workers would share one device and each hold the models on it); otherwise the
 * user's number if given, else the measured default for this many cores (README "Benchmark").
 */
/** More than this buys nothing here and costs a copy of the models (~50 MB of heap) per worker. */
export const MAX_SCORING_WORKERS = 8;

/**
 * The default for `cores` logical cores: one worker per core. Measured on the 2-core development
 * machine (`npm run bench -- --analysis-only`, WASM, 5 interleaved rounds): 2 workers 100,000–122,000
 * records/s on KDDTrain+ and the 1M file against 77,000–91,000 for one, never slower on those; KDDTest+
 * (6 chunks) about even to 1.4×. The reader shares the first worker's core, and still it pays.
 */
export function defaultPoolSize(cores: number): number {
  return Math.max(1, Math.min(DEFAULT_FOR_CORES(cores), MAX_SCORING_WORKERS));
}

const DEFAULT_FOR_CORES = (cores: number) => (Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1);

export function poolSize(options: { requested?: number | null; cores: number; backend: string }): number {
  if (options.backend === 'webgpu' || options.backend === 'webgl') return 1;
  const requested = options.requested;
  if (requested != null && Number.isFinite(requested)) return Math.max(1, Math.min(Math.floor(requested), MAX_SCORING_WORKERS));
  return defaultPoolSize(options.cores);
}
