/**
 * Judging a fusion on leave-one-family-out folds (families.ts). Each fold's validation rows are its
 * split's normal and seen-attack rows plus every row of the hidden family. The validation normals are
 * halved (hard and easy normals halved separately): the calibration half fits the normal surprisals
 * and places the threshold, the evaluation half measures false alarms, so no figure is read on the
 * rows that set it. False alarms are capped on the evaluation half's hard normals (difficulty < 21,
 * threshold.ts): the validation rows most like normal traffic the models have never seen.
 */
import { rocCurve } from '../../metrics/roc';
import { createRng, shuffleInPlace } from '../../util/random';
import { ALL_LEARNERS_RIGHT, thresholdForFalsePositiveRate } from '../threshold';
import { fitLogistic, fuse, logisticFeatures, type Fusion } from './fusion';
import { fitNormalSurprisal, surprisals } from './normal-surprisal';

/** One detector's raw score name → its scores on the fold's validation rows. */
export type DetectorScores = Record<string, Float32Array>;

export interface FoldScores {
  family: string;
  /** 0 normal, 1 attack, per validation row. */
  binary: Uint8Array;
  /** 1 for a row of the hidden family. */
  novel: Uint8Array;
  difficulty: ArrayLike<number>;
  scores: DetectorScores;
}

/** Row roles inside a fold. */
export const ROLE = { calibration: 0, evaluation: 1, attack: 2 } as const;

export function isHardNormal(difficulty: number): boolean {
  return difficulty >= 0 && difficulty < ALL_LEARNERS_RIGHT;
}

/** Halves the normal rows into calibration and evaluation, hard and easy normals each halved; attacks keep ROLE.attack. */
export function normalHalves(binary: Uint8Array, difficulty: ArrayLike<number>, seed: number): Uint8Array {
  const role = new Uint8Array(binary.length).fill(ROLE.attack);
  const rng = createRng(seed);
  for (const hard of [true, false]) {
    const rows: number[] = [];
    for (let i = 0; i < binary.length; i++) if (binary[i] === 0 && isHardNormal(difficulty[i]) === hard) rows.push(i);
    shuffleInPlace(rows, rng);
    rows.forEach((r, k) => (role[r] = k % 2 === 0 ? ROLE.calibration : ROLE.evaluation));
  }
  return role;
}

/** A novelty input: one raw detector, or several whose surprisals are combined by max (an OR of detectors). */
export interface NoveltySource {
  name: string;
  detectors: readonly string[];
}

/** Stage 1's and the novelty source's normal surprisals for every row, calibrated on the rows with ROLE.calibration. */
export function foldSurprisals(fold: FoldScores, role: Uint8Array, novelty: NoveltySource): { attack: Float64Array; novelty: Float64Array } {
  const calibrated = (name: string) => {
    const s = fold.scores[name];
    if (!s) throw new Error(`fold ${fold.family}: no ${name} scores`);
    const reference = s.filter((_, i) => role[i] === ROLE.calibration);
    return surprisals(fitNormalSurprisal(reference), s);
  };
  const parts = novelty.detectors.map(calibrated);
  const n = new Float64Array(fold.binary.length);
  for (let i = 0; i < n.length; i++) n[i] = Math.max(...parts.map((p) => p[i]));
  return { attack: calibrated('stage1'), novelty: n };
}

export interface FoldPoint {
  /** The hard-normal false-positive budget on the calibration half that placed the threshold. */
  budget: number;
  threshold: number;
  /** Evaluation half: share of normal rows flagged, and of hard normal rows flagged. */
  falsePositiveRate: number;
  hardFalsePositiveRate: number;
  /** Share caught of the fold's seen-attack rows, and of the hidden family's rows. */
  seenRecall: number;
  novelRecall: number;
  /** ½ normal rows passed + ¼ seen attacks caught + ¼ hidden attacks caught. */
  balancedAccuracy: number;
}

export interface FoldResult {
  family: string;
  /** Evaluation-half normals against all attacks, and against the hidden family alone. */
  auc: number;
  novelAuc: number;
  points: FoldPoint[];
}

/** Scores a fused score on one fold at each hard-normal budget. */
export function evaluateFold(fold: FoldScores, role: Uint8Array, fused: Float64Array, budgets: readonly number[]): FoldResult {
  const rows = fold.binary.length;
  // Threshold placement: calibration-half hard normals are the negatives; attacks keep their label so
  // the threshold lands on a score that occurs; everything else is left out (−1).
  const placement = Int8Array.from({ length: rows }, (_, i) =>
    fold.binary[i] === 1 ? 1 : role[i] === ROLE.calibration && isHardNormal(fold.difficulty[i]) ? 0 : -1,
  );
  const evaluationLabels = Int8Array.from({ length: rows }, (_, i) => (fold.binary[i] === 1 ? 1 : role[i] === ROLE.evaluation ? 0 : -1));
  const novelLabels = Int8Array.from({ length: rows }, (_, i) => (fold.novel[i] ? 1 : role[i] === ROLE.evaluation ? 0 : -1));
  const points = budgets.map((budget) => {
    const threshold = thresholdForFalsePositiveRate(placement, fused, budget);
    const c = { normal: 0, normalFlagged: 0, hard: 0, hardFlagged: 0, seen: 0, seenCaught: 0, novel: 0, novelCaught: 0 };
    for (let i = 0; i < rows; i++) {
      const flagged = fused[i] >= threshold ? 1 : 0;
      if (fold.binary[i] === 1) {
        if (fold.novel[i]) (c.novel++, (c.novelCaught += flagged));
        else (c.seen++, (c.seenCaught += flagged));
      } else if (role[i] === ROLE.evaluation) {
        c.normal++;
        c.normalFlagged += flagged;
        if (isHardNormal(fold.difficulty[i])) (c.hard++, (c.hardFlagged += flagged));
      }
    }
    const falsePositiveRate = c.normalFlagged / c.normal;
    const seenRecall = c.seen ? c.seenCaught / c.seen : NaN;
    const novelRecall = c.novelCaught / c.novel;
    return {
      budget,
      threshold,
      falsePositiveRate,
      hardFalsePositiveRate: c.hardFlagged / c.hard,
      seenRecall,
      novelRecall,
      balancedAccuracy: 0.5 * (1 - falsePositiveRate) + 0.25 * seenRecall + 0.25 * novelRecall,
    };
  });
  return { family: fold.family, auc: rocCurve(evaluationLabels, fused).auc, novelAuc: rocCurve(novelLabels, fused).auc, points };
}

/**
 * Logistic fusion weights from labelled fold rows: evaluation-half normals (y 0) and attacks (y 1),
 * weighted ½ normals, ¼ seen attacks, ¼ hidden attacks within each fold and each fold the same, as the
 * balanced accuracy counts them. Calibration-half rows are left out: their surprisals are in-sample.
 */
export function fitLogisticOnFolds(folds: readonly { fold: FoldScores; role: Uint8Array; attack: Float64Array; novelty: Float64Array }[]): number[] {
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (const { fold, role, attack, novelty } of folds) {
    const counts = { normal: 0, seen: 0, novel: 0 };
    const kind = (i: number) => (fold.binary[i] === 0 ? (role[i] === ROLE.evaluation ? 'normal' : null) : fold.novel[i] ? 'novel' : 'seen');
    for (let i = 0; i < fold.binary.length; i++) {
      const k = kind(i);
      if (k) counts[k]++;
    }
    const share = { normal: 0.5, seen: 0.25, novel: 0.25 };
    for (let i = 0; i < fold.binary.length; i++) {
      const k = kind(i);
      if (!k) continue;
      x.push(logisticFeatures(attack[i], novelty[i]));
      y.push(fold.binary[i]);
      w.push(share[k] / counts[k]);
    }
  }
  return fitLogistic(x, y, w);
}

export interface CandidateResult {
  novelty: string;
  fusion: Fusion;
  folds: FoldResult[];
}

/**
 * Every fusion of every novelty source on every fold. Logistic fusion is fitted leave-one-fold-out:
 * fold k is scored with weights fitted on the other folds, so its hidden family was never used to fit them.
 */
export function evaluateCandidates(
  folds: readonly FoldScores[],
  noveltySources: readonly NoveltySource[],
  offsets: readonly number[],
  budgets: readonly number[],
  seed: number,
): CandidateResult[] {
  const roles = folds.map((f, k) => normalHalves(f.binary, f.difficulty, seed + k));
  const results: CandidateResult[] = [];
  let stage1Done = false;
  for (const source of noveltySources) {
    const prepared = folds.map((fold, k) => ({ fold, role: roles[k], ...foldSurprisals(fold, roles[k], source) }));
    const fusions: Fusion[] = [
      ...(stage1Done ? [] : [{ kind: 'stage1' } as const]),
      { kind: 'novelty' },
      ...offsets.map((offset) => ({ kind: 'max', offset }) as const),
      { kind: 'sum' },
    ];
    stage1Done = true;
    for (const fusion of fusions) {
      results.push({ novelty: fusion.kind === 'stage1' ? '–' : source.name, fusion, folds: prepared.map((p) => evaluateFold(p.fold, p.role, fuse(fusion, p.attack, p.novelty), budgets)) });
    }
    const logisticFolds = prepared.map((p, k) => {
      const weights = fitLogisticOnFolds(prepared.filter((_, j) => j !== k));
      return evaluateFold(p.fold, p.role, fuse({ kind: 'logistic', weights }, p.attack, p.novelty), budgets);
    });
    results.push({ novelty: source.name, fusion: { kind: 'logistic', weights: fitLogisticOnFolds(prepared) }, folds: logisticFolds });
  }
  return results;
}

export interface PointSummary {
  budget: number;
  /** Means over folds (each family counts the same). */
  balancedAccuracy: number;
  hardFalsePositiveRate: number;
  falsePositiveRate: number;
  seenRecall: number;
  novelRecall: number;
  /** Lowest balanced accuracy of a single fold. */
  worstBalancedAccuracy: number;
}

export function summarizeBudget(folds: readonly FoldResult[], budget: number): PointSummary {
  const at = folds.map((f) => {
    const p = f.points.find((q) => q.budget === budget);
    if (!p) throw new Error(`fold ${f.family}: no point at budget ${budget}`);
    return p;
  });
  const mean = (pick: (p: FoldPoint) => number) => at.reduce((s, p) => s + pick(p), 0) / at.length;
  return {
    budget,
    balancedAccuracy: mean((p) => p.balancedAccuracy),
    hardFalsePositiveRate: mean((p) => p.hardFalsePositiveRate),
    falsePositiveRate: mean((p) => p.falsePositiveRate),
    seenRecall: mean((p) => p.seenRecall),
    novelRecall: mean((p) => p.novelRecall),
    worstBalancedAccuracy: Math.min(...at.map((p) => p.balancedAccuracy)),
  };
}

/** The budget with the best mean balanced accuracy whose mean evaluation-half hard-normal FPR stays within `cap`. */
export function bestPointUnderCap(folds: readonly FoldResult[], budgets: readonly number[], cap: number): PointSummary | undefined {
  let best: PointSummary | undefined;
  for (const b of budgets) {
    const s = summarizeBudget(folds, b);
    if (s.hardFalsePositiveRate <= cap && (!best || s.balancedAccuracy > best.balancedAccuracy)) best = s;
  }
  return best;
}
