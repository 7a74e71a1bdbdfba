/**
 * Durations from capture timestamps. Unix-second doubles carry about 0.2 µs of error, so a
 * difference is rounded to the microsecond before NSL-KDD's whole-second floor (else 2.000000 s could
 * floor to 1).
 */
export function exactDurationSeconds(firstTs: number, lastTs: number): number {
  return Math.max(0, Math.round((lastTs - firstTs) * 1e6) / 1e6);
}

export function wholeSeconds(durationSeconds: number): number {
  return Math.floor(durationSeconds);
}

/** Whether time t has reached `at` (Zeek fires a timer due at or before a packet's time), to the µs. */
export function reached(t: number, at: number): boolean {
  return at !== Infinity && Math.round((t - at) * 1e6) >= 0;
}
