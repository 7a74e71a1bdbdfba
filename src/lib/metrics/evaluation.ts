/**
 * Metrics of a labelled, scored file: stage 1 (binary), the two-stage pipeline (5 classes), the
 * Isolation Forest and the hybrid, and what each detector catches of attack names the training
 * data never had ("zero-day" rows). Pure; the app and `npm run evaluate` share it.
 */
import { binaryMetricsAtThreshold, type ThresholdMetrics } from './binary-metrics';
import { CATEGORIES } from '../schema/categories';
import { confusionMatrix } from './confusion-matrix';
import { multiclassMetrics } from './multiclass-metrics';
import { rocCurve } from './roc';
import type { ScoredRecords } from '../scoring/scored-records';

export interface DetectorEvaluation extends ThresholdMetrics {
  auc: number;
  /** Share of the zero-day attack rows flagged. */
  zeroDayRecall: number;
}

export interface Evaluation {
  rows: number;
  /** Rows whose label is known (normal or a mapped attack name). */
  labelledRows: number;
  zeroDayRows: number;
  stage1: DetectorEvaluation;
  isolationForest: DetectorEvaluation;
  hybrid: DetectorEvaluation;
  fiveClass: { accuracy: number; macroF1: number; recall: Record<string, number>; precision: Record<string, number>; f1: Record<string, number>; confusion: number[][] };
  /** Per zero-day attack name: rows, and how many each detector flags. */
  zeroDayByLabel: { label: string; rows: number; stage1: number; isolationForest: number; hybrid: number }[];
}

export interface Thresholds {
  stage1: number;
  isolationForest: number;
  hybrid: number;
}

/**
 * @param zeroDayLabels label names treated as unseen (attack names absent from the training data)
 */
export function evaluate(r: ScoredRecords, labelVocabulary: readonly string[], t: Thresholds, zeroDayLabels: ReadonlySet<string>): Evaluation {
  const binary = Int8Array.from(r.trueCategory, (c) => (c < 0 ? -1 : c > 0 ? 1 : 0));
  const zeroDay = Uint8Array.from(r.label, (l) => (l >= 0 && zeroDayLabels.has(labelVocabulary[l]) ? 1 : 0));
  const zeroDayRows = zeroDay.reduce((s, v) => s + v, 0);
  const detector = (scores: Float32Array, threshold: number): DetectorEvaluation => {
    let caught = 0;
    for (let i = 0; i < r.rowCount; i++) if (zeroDay[i] && scores[i] >= threshold) caught++;
    return { ...binaryMetricsAtThreshold(binary, scores, threshold), auc: rocCurve(binary, scores).auc, zeroDayRecall: zeroDayRows ? caught / zeroDayRows : NaN };
  };
  // The 5-class view uses the pipeline's own decision (stage 1 at its threshold, then stage 2).
  const predicted = Int32Array.from(r.score, (s, i) => (s >= t.stage1 ? Math.max(1, r.category[i]) : 0));
  const matrix = confusionMatrix(r.trueCategory, predicted, CATEGORIES.length);
  const m = multiclassMetrics(matrix);
  const byName = (values: number[]) => Object.fromEntries(CATEGORIES.map((c, k) => [c, values[k]]));
  const perLabel = new Map<number, { rows: number; stage1: number; isolationForest: number; hybrid: number }>();
  for (let i = 0; i < r.rowCount; i++) {
    if (!zeroDay[i]) continue;
    const e = perLabel.get(r.label[i]) ?? { rows: 0, stage1: 0, isolationForest: 0, hybrid: 0 };
    e.rows++;
    if (r.score[i] >= t.stage1) e.stage1++;
    if (r.ifScore[i] >= t.isolationForest) e.isolationForest++;
    if (r.hybridScore[i] >= t.hybrid) e.hybrid++;
    perLabel.set(r.label[i], e);
  }
  return {
    rows: r.rowCount,
    labelledRows: binary.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0),
    zeroDayRows,
    stage1: detector(r.score, t.stage1),
    isolationForest: detector(r.ifScore, t.isolationForest),
    hybrid: detector(r.hybridScore, t.hybrid),
    fiveClass: { accuracy: m.accuracy, macroF1: m.macroF1, recall: byName(m.recall), precision: byName(m.precision), f1: byName(m.f1), confusion: matrix },
    zeroDayByLabel: [...perLabel].map(([l, e]) => ({ label: labelVocabulary[l], ...e })).sort((a, b) => b.rows - a.rows),
  };
}
