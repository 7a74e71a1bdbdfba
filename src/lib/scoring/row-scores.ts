/**
 * Every score the app keeps per row, independent of any threshold: stage 1's score, stage 2's
 * category and probability (computed for every row, not only flagged ones), the Isolation Forest and
 * hybrid scores. `decideAtThreshold` turns a slice of them into the pipeline's ScoredBatch at a
 * stage 1 threshold, exactly what `scoreBatch` gives at that threshold. Pure: no tfjs.
 */
import type { ScoredBatch } from './pipeline';

export interface RowScores {
  rowCount: number;
  rowNumbers: Uint32Array;
  /** Stage 1 anomaly probability. */
  score: Float32Array;
  /** Stage 2's category (index into CATEGORIES, 1..4) for every row. */
  stage2Category: Uint8Array;
  /** Stage 2's probability of `stage2Category`. */
  stage2Score: Float32Array;
  ifScore: Float32Array;
  hybridScore: Float32Array;
}

/** Rows [start, end) as the pipeline decides them at `threshold` (flagged when score ≥ threshold). */
export function decideAtThreshold(s: RowScores, threshold: number, start = 0, end = s.rowCount): ScoredBatch {
  const rows = end - start;
  const anomaly = new Uint8Array(rows);
  const category = new Uint8Array(rows);
  const categoryScore = new Float32Array(rows).fill(NaN);
  for (let k = 0; k < rows; k++) {
    const i = start + k;
    if (s.score[i] >= threshold) {
      anomaly[k] = 1;
      category[k] = s.stage2Category[i];
      categoryScore[k] = s.stage2Score[i];
    }
  }
  return {
    rowCount: rows,
    rowNumbers: s.rowNumbers.slice(start, end),
    score: s.score.slice(start, end),
    anomaly,
    category,
    categoryScore,
    ifScore: s.ifScore.slice(start, end),
    hybridScore: s.hybridScore.slice(start, end),
  };
}

/** The buffers of a RowScores, for transfer lists. */
export function rowScoresBuffers(s: RowScores): ArrayBuffer[] {
  return [s.rowNumbers, s.score, s.stage2Category, s.stage2Score, s.ifScore, s.hybridScore].map((a) => a.buffer as ArrayBuffer);
}
