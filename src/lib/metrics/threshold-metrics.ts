/**
 * Everything the page shows that depends on the stage 1 threshold, in one pass over the kept scores
 * (no sorting), so a threshold slider can recompute it live on a million rows: binary metrics of the
 * three detectors, the two-stage 5-class confusion matrix, predicted counts, and where the detectors
 * agree. The same decisions as evaluation.ts; rows with a true category < 0 (unlabelled, or an attack
 * name outside the standard map) count in the predictions but not in the metrics. Pure.
 */
import { binaryMetrics, type ThresholdMetrics } from './binary-metrics';
import { CATEGORIES } from '../schema/categories';
import type { BinaryConfusion } from './confusion-matrix';
import type { Thresholds } from './evaluation';
import { multiclassMetrics, type MulticlassMetrics } from './multiclass-metrics';

export interface KeptScores {
  rowCount: number;
  score: Float32Array;
  stage2Category: Uint8Array;
  ifScore: Float32Array;
  hybridScore: Float32Array;
  /** Index into CATEGORIES, or −1. */
  trueCategory: Int8Array;
}

/** Bits of an agreement pattern: which detectors flag a row. */
export const FLAGGED_BY_STAGE1 = 1;
export const FLAGGED_BY_FOREST = 2;
export const FLAGGED_BY_HYBRID = 4;

export interface ThresholdView {
  thresholds: Thresholds;
  rows: number;
  labelledRows: number;
  /** Rows stage 1 flags (all rows, labelled or not). */
  anomalies: number;
  /** Rows per predicted category (index into CATEGORIES), all rows. */
  predictedCounts: number[];
  stage1: ThresholdMetrics;
  isolationForest: ThresholdMetrics;
  hybrid: ThresholdMetrics;
  /** Two-stage decision vs truth, rows = true category, columns = predicted (labelled rows). */
  fiveClass: MulticlassMetrics & { confusion: number[][] };
  /** Rows per flag pattern (0..7, FLAGGED_BY_* bits), for normal, attack and unlabelled rows. */
  agreement: { normal: number[]; attack: number[]; unlabelled: number[] };
  /** Per true category: rows, and how many each detector flags. */
  caughtByCategory: { rows: number[]; stage1: number[]; isolationForest: number[]; hybrid: number[] };
}

function confusionOf(attackFlagged: number, attacks: number, normalFlagged: number, normals: number): BinaryConfusion {
  return { tp: attackFlagged, fn: attacks - attackFlagged, fp: normalFlagged, tn: normals - normalFlagged };
}

export function viewAtThreshold(r: KeptScores, t: Thresholds, start = 0, end = r.rowCount): ThresholdView {
  const k = CATEGORIES.length;
  // Flat typed counters and local array references: this loop runs over every row on each slider move.
  const confusionFlat = new Float64Array(k * k);
  const predictedFlat = new Float64Array(k);
  /** [normal | attack | unlabelled] × 8 flag patterns. */
  const patterns = new Float64Array(3 * 8);
  /** [stage1 | forest | hybrid | rows] × k true categories. */
  const caughtFlat = new Float64Array(4 * k);
  const { score, stage2Category, ifScore, hybridScore, trueCategory } = r;
  const t1 = t.stage1;
  const tf = t.isolationForest;
  const th = t.hybrid;
  let anomalies = 0;
  for (let i = start; i < end; i++) {
    const s1 = score[i] >= t1;
    const f = ifScore[i] >= tf;
    const h = hybridScore[i] >= th;
    const c2 = stage2Category[i];
    // A flagged row whose stage 2 category is 0 still counts as an attack (as the pipeline's 5-class view does).
    const predicted = s1 ? (c2 === 0 ? 1 : c2) : 0;
    predictedFlat[predicted]++;
    if (s1) anomalies++;
    const pattern = (s1 ? FLAGGED_BY_STAGE1 : 0) | (f ? FLAGGED_BY_FOREST : 0) | (h ? FLAGGED_BY_HYBRID : 0);
    const truth = trueCategory[i];
    if (truth < 0) {
      patterns[16 + pattern]++;
      continue;
    }
    patterns[(truth === 0 ? 0 : 8) + pattern]++;
    confusionFlat[truth * k + predicted]++;
    caughtFlat[3 * k + truth]++;
    if (s1) caughtFlat[truth]++;
    if (f) caughtFlat[k + truth]++;
    if (h) caughtFlat[2 * k + truth]++;
  }
  const part = (a: Float64Array, from: number, length: number) => Array.from(a.subarray(from, from + length));
  const confusion = Array.from({ length: k }, (_, a) => part(confusionFlat, a * k, k));
  const caught = { stage1: part(caughtFlat, 0, k), isolationForest: part(caughtFlat, k, k), hybrid: part(caughtFlat, 2 * k, k) };
  const rowsByCategory = part(caughtFlat, 3 * k, k);
  const normals = rowsByCategory[0];
  const attacks = rowsByCategory.reduce((a, b) => a + b, 0) - normals;
  const sumAttacks = (xs: number[]) => xs.reduce((a, b, c) => a + (c > 0 ? b : 0), 0);
  const detector = (flagged: number[], threshold: number): ThresholdMetrics => {
    const c = confusionOf(sumAttacks(flagged), attacks, flagged[0], normals);
    return { threshold, confusion: c, ...binaryMetrics(c) };
  };
  return {
    thresholds: { ...t },
    rows: end - start,
    labelledRows: normals + attacks,
    anomalies,
    predictedCounts: Array.from(predictedFlat),
    stage1: detector(caught.stage1, t.stage1),
    isolationForest: detector(caught.isolationForest, t.isolationForest),
    hybrid: detector(caught.hybrid, t.hybrid),
    fiveClass: { ...multiclassMetrics(confusion), confusion },
    agreement: { normal: part(patterns, 0, 8), attack: part(patterns, 8, 8), unlabelled: part(patterns, 16, 8) },
    caughtByCategory: { rows: rowsByCategory, ...caught },
  };
}
