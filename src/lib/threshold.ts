/** Operating-point choice: the lowest threshold whose false-positive rate on labelled data stays within a budget. */

/**
 * Flagging is `score >= threshold`. Returns the lowest threshold at which at most
 * floor(targetFpr · negatives) negatives are flagged, placed at a score that occurs in the data
 * (the next distinct score above the last negative allowed out), so it catches every positive it can.
 */
export function thresholdForFalsePositiveRate(labels: ArrayLike<number>, scores: ArrayLike<number>, targetFpr: number): number {
  const negatives: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    all.push(scores[i]);
    if (labels[i] === 0) negatives.push(scores[i]);
  }
  if (negatives.length === 0) throw new Error('thresholdForFalsePositiveRate: no negatives to measure a false-positive rate on');
  const sortedNeg = Float64Array.from(negatives).sort().reverse();
  const allowed = Math.floor(targetFpr * sortedNeg.length);
  if (allowed >= sortedNeg.length) return Math.min(...all);
  const firstExcluded = sortedNeg[allowed];
  let threshold = Infinity;
  for (const s of all) if (s > firstExcluded && s < threshold) threshold = s;
  return Number.isFinite(threshold) ? threshold : firstExcluded + 1e-6;
}
