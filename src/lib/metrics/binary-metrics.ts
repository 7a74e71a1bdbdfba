/**
 * Binary classification metrics from confusion counts.
 * Every ratio whose denominator is 0 (0/0: e.g. precision when nothing was flagged) is defined as 0,
 * so a metric is always a finite number a table or chart can show.
 */
import type { BinaryConfusion } from './confusion-matrix';

export interface BinaryMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** FP / (FP + TN): share of normal traffic wrongly flagged. */
  falsePositiveRate: number;
  /** TN / (TN + FP) = 1 − FPR when there is any negative. */
  specificity: number;
}

export interface ThresholdMetrics extends BinaryMetrics {
  threshold: number;
  confusion: BinaryConfusion;
}

/** n / d, with 0/0 (any zero denominator) defined as 0. */
function ratio(n: number, d: number): number {
  return d === 0 ? 0 : n / d;
}

export function accuracy({ tp, fp, tn, fn }: BinaryConfusion): number {
  return ratio(tp + tn, tp + fp + tn + fn);
}

export function precision({ tp, fp }: BinaryConfusion): number {
  return ratio(tp, tp + fp);
}

export function recall({ tp, fn }: BinaryConfusion): number {
  return ratio(tp, tp + fn);
}

/** Harmonic mean of precision and recall, written as 2TP / (2TP + FP + FN) so it needs no special case. */
export function f1({ tp, fp, fn }: BinaryConfusion): number {
  return ratio(2 * tp, 2 * tp + fp + fn);
}

export function falsePositiveRate({ fp, tn }: BinaryConfusion): number {
  return ratio(fp, fp + tn);
}

export function specificity({ fp, tn }: BinaryConfusion): number {
  return ratio(tn, tn + fp);
}

export function binaryMetrics(c: BinaryConfusion): BinaryMetrics {
  return {
    accuracy: accuracy(c),
    precision: precision(c),
    recall: recall(c),
    f1: f1(c),
    falsePositiveRate: falsePositiveRate(c),
    specificity: specificity(c),
  };
}

/**
 * Metrics when every score >= threshold is flagged as an attack.
 * Labels: > 0 attack, 0 normal, < 0 (or NaN) unlabeled and skipped. A NaN score is never flagged.
 */
export function binaryMetricsAtThreshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): ThresholdMetrics {
  if (labels.length !== scores.length) {
    throw new RangeError(`labels has ${labels.length} entries, scores ${scores.length}`);
  }
  const confusion: BinaryConfusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  // Counted directly rather than via binaryConfusion so a million rows need no prediction array.
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(label >= 0)) continue;
    const flagged = scores[i] >= threshold;
    if (label > 0) {
      if (flagged) confusion.tp++;
      else confusion.fn++;
    } else if (flagged) confusion.fp++;
    else confusion.tn++;
  }
  return { threshold, confusion, ...binaryMetrics(confusion) };
}
