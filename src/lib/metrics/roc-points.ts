/** A ROC curve with its exact AUC, thinned to a polyline of a few hundred points for drawing. Pure. */
import { thinCurve } from './curve-points';
import { rocCurve } from './roc';

export interface RocPoints {
  auc: number;
  /** Polyline for drawing, from (0, 0) to (1, 1). */
  fpr: Float32Array;
  tpr: Float32Array;
  thresholds: Float32Array;
}

/** `labels`: 1 attack, 0 normal, −1 unlabelled (left out). */
export function rocPoints(labels: Int8Array, scores: Float32Array, resolution = 800): RocPoints {
  const roc = rocCurve(labels, scores);
  const kept = thinCurve(roc.fpr, roc.tpr, resolution);
  return {
    auc: roc.auc,
    fpr: Float32Array.from(kept, (i) => roc.fpr[i]),
    tpr: Float32Array.from(kept, (i) => roc.tpr[i]),
    thresholds: Float32Array.from(kept, (i) => roc.thresholds[i]),
  };
}
