/**
 * The guard: a fine-tuned version is made active only if it beats its base on the same held-out
 * rows (rows neither model was trained or calibrated on, or cross-validated ones) and its false alarms
 * there stay within the target. Pure, without tfjs, so the page can show the comparison it was
 * decided on.
 */

/** What the guard compares, for one model set on the held-out rows. */
export interface GuardMetrics {
  /** Binary accuracy at the model's own stage 1 threshold. */
  accuracy: number;
  /** Stage 1 recall at the false-positive rate the base version has on these rows (`GuardVerdict.falsePositiveRate`). */
  recallAtSameFpr: number;
  /** Two-stage five-class macro-F1. */
  macroF1: number;
  /** Share of the held-out normal rows flagged at the version's own stage 1 threshold. */
  falsePositiveRate: number;
}

export interface GuardVerdict {
  /** True when the new version is better: activate it. */
  better: boolean;
  /** The base version's false-positive rate on the held-out rows, at which both recalls are read. */
  falsePositiveRate: number;
  /** The false-positive rate the fine-tuned version may reach on the held-out rows: the target, or the base's own if higher. */
  allowedFalsePositiveRate: number;
  heldOutRows: number;
  base: GuardMetrics;
  tuned: GuardMetrics;
  /** The metrics on which the new version is not better (accuracy), worse (recall, macro-F1) or over what is allowed (false-positive rate). */
  worseOn: (keyof GuardMetrics)[];
}

export const GUARD_METRIC_LABELS: Record<keyof GuardMetrics, string> = {
  accuracy: 'Accuracy',
  recallAtSameFpr: 'Recall at the same false-positive rate',
  macroF1: '5-class macro-F1',
  falsePositiveRate: "False-positive rate at the version's own threshold",
};

/**
 * Better means strictly higher accuracy, and recall at the same FPR and macro-F1 no lower: a version
 * that wins accuracy by giving up attacks at the same false alarms, or categories, is not better. And
 * its own false-positive rate at its new threshold must stay within the target (or within the base
 * version's, if that was already over it): a threshold that moved wins recall by raising false alarms.
 */
export function judgeFineTune(
  base: GuardMetrics,
  tuned: GuardMetrics,
  falsePositiveRate: number,
  heldOutRows: number,
  targetFpr: number,
): GuardVerdict {
  const allowedFalsePositiveRate = Math.max(targetFpr, base.falsePositiveRate);
  const worseOn: (keyof GuardMetrics)[] = [];
  if (!(tuned.accuracy > base.accuracy)) worseOn.push('accuracy');
  if (tuned.recallAtSameFpr < base.recallAtSameFpr) worseOn.push('recallAtSameFpr');
  if (tuned.macroF1 < base.macroF1) worseOn.push('macroF1');
  if (tuned.falsePositiveRate > allowedFalsePositiveRate) worseOn.push('falsePositiveRate');
  return { better: worseOn.length === 0, falsePositiveRate, allowedFalsePositiveRate, heldOutRows, base, tuned, worseOn };
}
