/**
 * Puts detectors with unrelated scales (stage 1's probability, the forest's path score, an
 * autoencoder's reconstruction error) on one scale learned from normal rows only: the surprisal
 * −ln p, where p = (normal reference rows scoring ≥ x, plus one) / (reference rows plus one) is the
 * smoothed share of normal traffic at least as extreme. A threshold at surprisal s flags about e^−s of
 * normal rows on every detector, which is what makes max/sum fusion and an OR rule with two
 * thresholds comparable across detectors.
 */
export interface NormalSurprisal {
  /** Reference normal scores, ascending. */
  readonly reference: Float64Array;
}

/**
 * Beyond the largest reference score every row has the same p, 1/(n+1); a tie-breaker far below one
 * step of −ln p (≥ ln(1 + 1/n)) keeps higher raw scores ranked higher there, so the ROC still sees them.
 */
const TIE_BREAK = 1e-7;

export function fitNormalSurprisal(normalScores: ArrayLike<number>): NormalSurprisal {
  if (normalScores.length === 0) throw new Error('fitNormalSurprisal: no normal reference scores');
  const reference = Float64Array.from(normalScores);
  if (reference.some((v) => Number.isNaN(v))) throw new Error('fitNormalSurprisal: a reference score is NaN');
  reference.sort();
  return { reference };
}

/** −ln((#reference ≥ x + 1) / (n + 1)), plus a tie-breaker increasing in x (squashed to (−1, 1)). */
export function surprisal(c: NormalSurprisal, x: number): number {
  const ref = c.reference;
  // First index with ref[i] >= x (binary search): n − i reference rows are at least x.
  let lo = 0;
  let hi = ref.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ref[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const atLeast = ref.length - lo;
  return -Math.log((atLeast + 1) / (ref.length + 1)) + TIE_BREAK * (x / (1 + Math.abs(x)));
}

export function surprisals(c: NormalSurprisal, scores: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: scores.length }, (_, i) => surprisal(c, scores[i]));
}
