/** The long job under way (an analysis or a fine-tuning), so `cancel` can stop it. */
let running: AbortController | null = null;

/** Runs `job` with a fresh signal that `cancelRunning` aborts. */
export async function withCancel<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running = controller;
  try {
    return await job(controller.signal);
  } finally {
    if (running === controller) running = null;
  }
}

export function cancelRunning(): void {
  running?.abort();
}

/** Bytes read per chunk; see README "Benchmark" for how it was chosen. */
export const CHUNK_BYTES = 1 << 20;
/** Records per batch when only parsing. */
export const PARSE_BATCH_SIZE = 8192;
/** Records per scored chunk: small enough that Cancel and a failing backend cost little, large enough to keep tensors big. */
export const SCORE_BATCH_SIZE = 4096;
