/**
 * How many workers score a file: the analysis worker itself plus scoring workers beside it. A GPU
 * backend gets one (the workers would share one device and each hold the models on it); otherwise the
 * user's number if given, else the measured default for this many cores (README "Benchmark").
 */
/** More than this buys nothing here and costs a copy of the models (~50 MB of heap) per worker. */
export const MAX_SCORING_WORKERS = 8;

/**
 * The default for `cores` logical cores. Measured on the 2-core development machine: see the
 * Benchmark section for the figures behind this choice.
 */
export function defaultPoolSize(cores: number): number {
  return Math.max(1, Math.min(DEFAULT_FOR_CORES(cores), MAX_SCORING_WORKERS));
}

// One worker per core: the reader runs in the first and shares its core.
const DEFAULT_FOR_CORES = (cores: number) => (Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1);

export function poolSize(options: { requested?: number | null; cores: number; backend: string }): number {
  if (options.backend === 'webgpu' || options.backend === 'webgl') return 1;
  const requested = options.requested;
  if (requested != null && Number.isFinite(requested)) return Math.max(1, Math.min(Math.floor(requested), MAX_SCORING_WORKERS));
  return defaultPoolSize(options.cores);
}
