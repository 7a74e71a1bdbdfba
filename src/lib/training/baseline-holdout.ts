/**
 * Which baseline records train and which calibrate the thresholds, and which are set aside as
 * possible attacks (contamination). Pure: indices only.
 */
import { createRng, shuffleInPlace } from '../util/random';
import type { CalibrationHoldout } from './baseline-settings';

export interface BaselineHoldout {
  training: number[];
  calibration: number[];
  /** Whole sources held out (by-source with ≥ 3 sources), else empty. */
  calibrationSources: number[];
}

/**
 * `sourceOf[i]` is the source (capture) of record i, records of a source in time order.
 * by-source with ≥ 3 sources: whole sources, in seeded random order, go to calibration until it
 * holds ≥ fraction of the records (at least one source goes, at least one stays to train on).
 * Records of one capture share hosts and applications, so a random record split would calibrate on
 * near-copies of the training records and promise a lower false-positive rate than new traffic gets.
 * Otherwise (one or two sources, or by-record) each source's last `fraction` of records in time
 * (by-source) or a random `fraction` of all records (by-record).
 */
export function baselineHoldout(sourceOf: ArrayLike<number>, sources: number, fraction: number, holdout: CalibrationHoldout, seed: number): BaselineHoldout {
  const rng = createRng(seed);
  const n = sourceOf.length;
  const training: number[] = [];
  const calibration: number[] = [];
  if (holdout === 'by-record') {
    const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), rng);
    const take = Math.round(n * fraction);
    return { training: order.slice(take).sort((a, b) => a - b), calibration: order.slice(0, take).sort((a, b) => a - b), calibrationSources: [] };
  }
  const members: number[][] = Array.from({ length: sources }, () => []);
  for (let i = 0; i < n; i++) members[sourceOf[i]].push(i);
  if (sources >= 3) {
    const order = shuffleInPlace(Array.from({ length: sources }, (_, s) => s), rng);
    const held: number[] = [];
    let count = 0;
    for (const s of order) {
      if (count >= fraction * n || held.length === sources - 1) break;
      held.push(s);
      count += members[s].length;
    }
    const isHeld = new Set(held);
    for (let i = 0; i < n; i++) (isHeld.has(sourceOf[i]) ? calibration : training).push(i);
    return { training, calibration, calibrationSources: held.sort((a, b) => a - b) };
  }
  for (const m of members) {
    const take = Math.min(Math.round(m.length * fraction), m.length - 1);
    training.push(...m.slice(0, m.length - take));
    calibration.push(...m.slice(m.length - take));
  }
  return { training: training.sort((a, b) => a - b), calibration: calibration.sort((a, b) => a - b), calibrationSources: [] };
}

/**
 * Records in `folds` folds of whole sources (captures): sources in seeded random order, each to the
 * fold with the fewest records so far, so folds are near equal in records. Needs folds ≤ sources.
 */
export function captureFolds(sourceOf: ArrayLike<number>, sources: number, folds: number, seed: number): number[][] {
  if (folds < 2 || folds > sources) throw new Error(`captureFolds: ${folds} folds of ${sources} sources`);
  const members: number[][] = Array.from({ length: sources }, () => []);
  for (let i = 0; i < sourceOf.length; i++) members[sourceOf[i]].push(i);
  const order = shuffleInPlace(Array.from({ length: sources }, (_, s) => s), createRng(seed));
  // Largest first (stable among equals), so greedy filling balances well.
  order.sort((a, b) => members[b].length - members[a].length);
  const out: number[][] = Array.from({ length: folds }, () => []);
  for (const s of order) {
    let smallest = 0;
    for (let f = 1; f < folds; f++) if (out[f].length < out[smallest].length) smallest = f;
    out[smallest].push(...members[s]);
  }
  return out.map((f) => f.sort((a, b) => a - b));
}

/** The ⌈contamination · n⌉ highest-scoring indices (set aside as possible attacks). */
export function mostAnomalous(scores: ArrayLike<number>, contamination: number): Set<number> {
  const k = Math.ceil(contamination * scores.length);
  if (k <= 0) return new Set();
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  return new Set(order.slice(0, k));
}
