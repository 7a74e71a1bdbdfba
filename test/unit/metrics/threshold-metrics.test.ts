/** The slider's one-pass metrics must agree with evaluation.ts (what `npm run evaluate` prints) and with plain counting. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/lib/metrics/evaluation';
import type { ScoredRecords } from '../../../src/lib/scoring/scored-records';
import { FLAGGED_BY_FOREST, FLAGGED_BY_HYBRID, FLAGGED_BY_STAGE1, viewAtThreshold } from '../../../src/lib/metrics/threshold-metrics';
import { createRng } from '../../../src/lib/util/random';

function randomRecords(n: number, seed: number): ScoredRecords {
  const rnd = createRng(seed);
  const trueCategory = Int8Array.from({ length: n }, () => Math.floor(rnd() * 6) - 1); // −1..4
  // Scores loosely follow the truth, so metrics are neither trivial nor perfect.
  const noisy = (c: number) => Math.min(1, Math.max(0, (c > 0 ? 0.6 : 0.35) + (rnd() - 0.5) * 0.8));
  return {
    rowCount: n,
    rowNumbers: Uint32Array.from({ length: n }, (_, i) => i + 1),
    score: Float32Array.from(trueCategory, noisy),
    anomaly: new Uint8Array(n),
    category: Uint8Array.from({ length: n }, () => 1 + Math.floor(rnd() * 4)),
    categoryScore: new Float32Array(n),
    ifScore: Float32Array.from(trueCategory, noisy),
    hybridScore: Float32Array.from(trueCategory, noisy),
    trueCategory,
    label: new Int32Array(n).fill(-1),
  };
}

describe('viewAtThreshold', () => {
  const r = randomRecords(3000, 5);
  const kept = { rowCount: r.rowCount, score: r.score, stage2Category: r.category, ifScore: r.ifScore, hybridScore: r.hybridScore, trueCategory: r.trueCategory };

  it('gives the metrics evaluate() gives, at several thresholds', () => {
    for (const stage1 of [0, 0.3, 0.5, 0.71, 1]) {
      const t = { stage1, isolationForest: 0.45, hybrid: 0.55 };
      const e = evaluate(r, [], t, new Set());
      const v = viewAtThreshold(kept, t);
      for (const key of ['stage1', 'isolationForest', 'hybrid'] as const) {
        const { auc: _auc, zeroDayRecall: _z, ...binary } = e[key];
        expect(v[key]).toEqual(binary);
      }
      expect(v.fiveClass.confusion).toEqual(e.fiveClass.confusion);
      expect(v.fiveClass.accuracy).toBe(e.fiveClass.accuracy);
      expect(v.fiveClass.macroF1).toBe(e.fiveClass.macroF1);
      expect(v.labelledRows).toBe(e.labelledRows);
    }
  });

  it('counts predictions over all rows and agreement patterns by plain counting', () => {
    const t = { stage1: 0.5, isolationForest: 0.4, hybrid: 0.6 };
    const v = viewAtThreshold(kept, t);
    let anomalies = 0;
    const predicted = [0, 0, 0, 0, 0];
    const attackPatterns = new Array(8).fill(0);
    for (let i = 0; i < r.rowCount; i++) {
      const s1 = r.score[i] >= t.stage1;
      if (s1) anomalies++;
      predicted[s1 ? r.category[i] : 0]++;
      if (r.trueCategory[i] > 0) {
        attackPatterns[(s1 ? FLAGGED_BY_STAGE1 : 0) + (r.ifScore[i] >= t.isolationForest ? FLAGGED_BY_FOREST : 0) + (r.hybridScore[i] >= t.hybrid ? FLAGGED_BY_HYBRID : 0)]++;
      }
    }
    expect(v.rows).toBe(3000);
    expect(v.anomalies).toBe(anomalies);
    expect(v.predictedCounts).toEqual(predicted);
    expect(v.agreement.attack).toEqual(attackPatterns);
    const all = [...v.agreement.normal, ...v.agreement.attack, ...v.agreement.unlabelled].reduce((a, b) => a + b, 0);
    expect(all).toBe(3000);
  });

  it('treats a stage 2 category of 0 on a flagged row as an attack (as the pipeline does)', () => {
    const v = viewAtThreshold(
      { rowCount: 1, score: Float32Array.of(0.9), stage2Category: Uint8Array.of(0), ifScore: Float32Array.of(0), hybridScore: Float32Array.of(0), trueCategory: Int8Array.of(1) },
      { stage1: 0.5, isolationForest: 0.5, hybrid: 0.5 },
    );
    expect(v.predictedCounts).toEqual([0, 1, 0, 0, 0]);
    expect(v.stage1.confusion).toEqual({ tp: 1, fp: 0, tn: 0, fn: 0 });
  });
});
