/**
 * The predictions CSV shared by `npm run predict` and the app's export:
 * `row,anomaly,score,category,category_score,if_score`, one line per scored record.
 */
import { CATEGORIES } from '../schema/categories';
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

/**
 * One original field for the export's appended columns: quoted when it has to be (RFC 4180), and
 * prefixed with ' when it starts like a spreadsheet formula (= + - @, tab, CR) and is not a number,
 * so a crafted value cannot run as a formula where the export is opened (CSV injection).
 */
export function originalCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !Number.isFinite(Number(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
