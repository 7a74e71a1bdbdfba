/**
 * Histogram of scores in [0, 1] split by true class (normal, attack, unlabelled), filled chunk by
 * chunk as scores arrive. Bin k holds scores in [k/bins, (k+1)/bins); a score of exactly 1 goes in
 * the last bin, and scores outside [0, 1] are clamped into the end bins. Pure.
 */

export interface ScoreHistogram {
  bins: number;
  normal: Float64Array;
  attack: Float64Array;
  unlabelled: Float64Array;
}

export function createScoreHistogram(bins: number): ScoreHistogram {
  if (!(Number.isInteger(bins) && bins > 0)) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  return { bins, normal: new Float64Array(bins), attack: new Float64Array(bins), unlabelled: new Float64Array(bins) };
}

export function binOf(score: number, bins: number): number {
  const k = Math.floor(score * bins);
  return k < 0 ? 0 : k >= bins ? bins - 1 : k;
}

/**
 * Adds scores[start..end) with their true categories (0 normal, > 0 an attack category, < 0 unlabelled).
 * A NaN score is skipped.
 */
export function addToHistogram(h: ScoreHistogram, scores: ArrayLike<number>, trueCategory: ArrayLike<number>, start = 0, end = scores.length): void {
  for (let i = start; i < end; i++) {
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    const k = binOf(s, h.bins);
    const c = trueCategory[i];
    if (c === 0) h.normal[k]++;
    else if (c > 0) h.attack[k]++;
    else h.unlabelled[k]++;
  }
}
