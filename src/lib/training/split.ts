/** Seeded stratified train/validation split: each stratum (e.g. attack name) is split in the same proportion. */
import { createRng, shuffleInPlace } from '../util/random';

export interface Split {
  train: Int32Array;
  validation: Int32Array;
}

export function stratifiedSplit(strata: ArrayLike<number>, validationFraction: number, seed: number): Split {
  const groups = rowsByStratum(strata);
  const rng = createRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of groups) {
    const members = shuffleInPlace(rows, rng);
    // Round, but keep at least one training row in every stratum.
    const take = Math.min(Math.round(members.length * validationFraction), members.length - 1);
    // A loop, not push(...rows): a stratum of 100,000+ rows would overflow the call stack as arguments.
    for (let k = 0; k < members.length; k++) (k < take ? validation : train).push(members[k]);
  }
  return { train: Int32Array.from(train).sort(), validation: Int32Array.from(validation).sort() };
}

/**
 * Seeded stratified k-fold assignment: the fold (0..k-1) of every row, each stratum dealt round the
 * folds from a random start, so every fold gets its share of even a small stratum.
 */
export function stratifiedFolds(strata: ArrayLike<number>, k: number, seed: number): Int32Array {
  const groups = rowsByStratum(strata);
  const rng = createRng(seed);
  const fold = new Int32Array(strata.length);
  let next = 0;
  for (const rows of groups) {
    for (const i of shuffleInPlace(rows, rng)) fold[i] = next++ % k;
  }
  return fold;
}

/** The row indices of each stratum, strata in ascending order (so nothing depends on Map insertion order). */
function rowsByStratum(strata: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const g = groups.get(strata[i]);
    if (g) g.push(i);
    else groups.set(strata[i], [i]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((key) => groups.get(key)!);
}
