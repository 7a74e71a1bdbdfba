/**
 * The hosts most often in anomalous records, as source or as destination (the verdict's "who"). Pure:
 * addresses come as indices into an interned table, so counting is one pass over typed arrays.
 */

export interface Talker {
  /** Index into the address table. */
  address: number;
  anomalies: number;
}

/** The `top` addresses with the most anomalous rows on this side (`hosts[i]`: row i's address index), most first. */
export function topTalkers(hosts: Uint32Array, score: Float32Array, threshold: number, rows: number, addressCount: number, top = 5): Talker[] {
  const counts = new Uint32Array(addressCount);
  for (let i = 0; i < rows; i++) if (score[i] >= threshold) counts[hosts[i]]++;
  const talkers: Talker[] = [];
  for (let a = 0; a < addressCount; a++) if (counts[a] > 0) talkers.push({ address: a, anomalies: counts[a] });
  // Ties by address index: the address seen first comes first, so the order is stable.
  return talkers.sort((x, y) => y.anomalies - x.anomalies || x.address - y.address).slice(0, top);
}
