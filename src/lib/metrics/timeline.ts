/**
 * Records and anomalies over a capture's time, in equal bins (the verdict's "when"). Pure: plain
 * typed arrays in, counts out; one pass over the rows.
 */

export interface Timeline {
  /** Start of the first bin and width of each, Unix seconds. */
  start: number;
  binSeconds: number;
  records: Uint32Array;
  anomalies: Uint32Array;
}

/** `ts[i]` is row i's start time; row i is anomalous when `score[i] ≥ threshold`. */
export function timelineOf(ts: Float64Array, score: Float32Array, threshold: number, rows: number, bins = 60): Timeline {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < rows; i++) {
    if (ts[i] < first) first = ts[i];
    if (ts[i] > last) last = ts[i];
  }
  if (rows === 0) return { start: 0, binSeconds: 1, records: new Uint32Array(0), anomalies: new Uint32Array(0) };
  // A capture of one instant still gets one bin of a second.
  const binSeconds = last > first ? (last - first) / bins : 1;
  const n = last > first ? bins : 1;
  const records = new Uint32Array(n);
  const anomalies = new Uint32Array(n);
  for (let i = 0; i < rows; i++) {
    const b = Math.min(n - 1, Math.floor((ts[i] - first) / binSeconds));
    records[b]++;
    if (score[i] >= threshold) anomalies[b]++;
  }
  return { start: first, binSeconds, records, anomalies };
}
