/**
 * The predictions CSV shared by `npm run predict` and the app's export:
 * `row,anomaly,score,category,category_score,if_score`, one line per scored record.
 */
import { CATEGORIES } from './categories';
import type { ScoredBatch } from './pipeline';

export const PREDICTIONS_HEADER = 'row,anomaly,score,category,category_score,if_score';

const fmt = (v: number) => v.toFixed(6);

/** Lines (each ending in \n) for the rows of a scored batch. */
export function predictionLines(s: ScoredBatch): string {
  let out = '';
  for (let i = 0; i < s.rowCount; i++) {
    const flagged = s.anomaly[i] === 1;
    out += `${s.rowNumbers[i]},${s.anomaly[i]},${fmt(s.score[i])},${CATEGORIES[s.category[i]]},${flagged ? fmt(s.categoryScore[i]) : ''},${fmt(s.ifScore[i])}\n`;
  }
  return out;
}
