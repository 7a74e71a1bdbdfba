/**
 * Precision–recall curve and average precision for anomaly scores (higher = more likely an attack).
 * Labels as in roc.ts: > 0 positive, 0 negative, < 0 (or NaN) unlabeled and skipped.
 * Tied scores share one threshold, so a tie is one point, never an order-dependent staircase.
 */
import { thresholdCounts } from './roc';

export interface PrecisionRecallCurve {
  /** precision[0] = 1 at the +Infinity threshold (sklearn's convention for the recall-0 end). */
  precision: Float64Array;
  /** Non-decreasing from 0 to 1; NaN throughout when there are no positives (0/0). */
  recall: Float64Array;
  /** thresholds[0] = +Infinity (nothing flagged), then the distinct scores, descending. */
  thresholds: Float64Array;
  /**
   * Σ (R_k − R_{k−1}) · P_k over thresholds, highest first: the step-wise sum of sklearn's
   * average_precision_score (no interpolation). NaN when there are no positives.
   */
  averagePrecision: number;
}

export function precisionRecallCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const counts = thresholdCounts(labels, scores);
  const { positives } = counts;
  const points = counts.thresholds.length + 1;
  const precision = new Float64Array(points);
  const recall = new Float64Array(points);
  const thresholds = new Float64Array(points);
  precision[0] = 1;
  recall[0] = positives > 0 ? 0 : NaN;
  thresholds[0] = Infinity;
  thresholds.set(counts.thresholds, 1);

  let weightedPrecision = 0; // Σ (new true positives at step k) · P_k; divided by positives below
  let previousTp = 0;
  for (let k = 0; k < counts.thresholds.length; k++) {
    const tp = counts.truePositives[k];
    // Each threshold is a score some sample has, so tp + fp >= 1 here.
    const p = tp / (tp + counts.falsePositives[k]);
    precision[k + 1] = p;
    recall[k + 1] = tp / positives;
    weightedPrecision += (tp - previousTp) * p;
    previousTp = tp;
  }
  const averagePrecision = positives > 0 ? weightedPrecision / positives : NaN;
  return { precision, recall, thresholds, averagePrecision };
}
