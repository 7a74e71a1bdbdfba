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

/**
 * The highest threshold flagging at least `recall` of `positives` (scores of records known to be
 * attacks): the ceil(recall · n)-th highest score. Flagging is `score >= threshold`.
 */
export function thresholdForRecall(positives: ArrayLike<number>, recall: number): number {
  if (positives.length === 0) throw new Error('thresholdForRecall: no positives to measure a recall on');
  const sorted = Float64Array.from(positives).sort().reverse();
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(recall * sorted.length - 1e-9)));
  return sorted[k - 1];
}

/**
 * NSL-KDD's difficulty column counts how many of 21 reference learners labelled a record correctly;
 * a normal record below 21 is one that some learner took for an attack. Metadata, never a feature.
 */
export const ALL_LEARNERS_RIGHT = 21;

/** How a detector's threshold is chosen on labelled validation rows. */
export interface ThresholdPolicy {
  /** Highest false-positive rate allowed over all validation normal rows. */
  targetFpr: number;
  /**
   * Highest false-positive rate allowed over the validation normal rows with a difficulty below
   * ALL_LEARNERS_RIGHT ("hard" normals); absent, or no such rows, leaves only targetFpr.
   */
  hardNormalFpr?: number;
}

/** Labels with every normal row that is not hard made unlabelled (-1), so only hard normals count as negatives. */
export function hardNormalLabels(labels: ArrayLike<number>, difficulty: ArrayLike<number>): Int8Array {
  return Int8Array.from({ length: labels.length }, (_, i) => {
    const hard = difficulty[i] >= 0 && difficulty[i] < ALL_LEARNERS_RIGHT;
    return labels[i] === 0 && !hard ? -1 : labels[i];
  });
}

/**
 * The lowest threshold that keeps both limits of `policy`: the false-positive rate over all normal
 * rows, and over the hard ones. Normal traffic the model has never seen is flagged more often than
 * the validation split's (which comes from the training distribution); the hard normals are the
 * validation rows most like it, so holding them to the ceiling keeps a margin an i.i.d.
 * split cannot show.
 */
export function thresholdForPolicy(labels: ArrayLike<number>, scores: ArrayLike<number>, difficulty: ArrayLike<number>, policy: ThresholdPolicy): number {
  const overall = thresholdForFalsePositiveRate(labels, scores, policy.targetFpr);
  if (policy.hardNormalFpr === undefined) return overall;
  const hard = hardNormalLabels(labels, difficulty);
  if (!hard.some((l) => l === 0)) return overall;
  return Math.max(overall, thresholdForFalsePositiveRate(hard, scores, policy.hardNormalFpr));
}

/** The policy in words, for the manifest and the report. */
export function describeThresholdPolicy(policy: ThresholdPolicy): string {
  const hard = policy.hardNormalFpr === undefined ? '' : `, and ≤ ${policy.hardNormalFpr} on the validation normal rows of difficulty < ${ALL_LEARNERS_RIGHT}`;
  return `lowest threshold with validation false-positive rate ≤ ${policy.targetFpr}${hard}`;
}
