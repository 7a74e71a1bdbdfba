/**
 * The predictions CSV shared by `npm run predict` and the app's export:
 * `row,anomaly,score,category,category_score,if_score`, one line per scored record.
 */
import { CATEGORIES } from '../schema/categories';
import type { ScoredBatch } from './pipeline';
import { formatTs, IDENTITY_COLUMNS, type IdentityColumns } from '../ingest/record-identity';

export const PREDICTIONS_HEADER = 'row,anomaly,score,category,category_score,if_score';

const fmt = (v: number) => v.toFixed(6);

/** The header of a records file with identity (captures, conn.log): the identity columns follow. */
export const PREDICTIONS_WITH_IDENTITY_HEADER = `${PREDICTIONS_HEADER},${IDENTITY_COLUMNS.join(',')}`;

/**
 * Lines (each ending in \n) for the rows of a scored batch; with `identity`, each line ends with its
 * record's ts,orig_h,orig_p,resp_h,resp_p (row i of the batch is row `identityOffset + i` of it).
 */
export function predictionLines(s: ScoredBatch, identity?: IdentityColumns, identityOffset = 0): string {
  let out = '';
  for (let i = 0; i < s.rowCount; i++) {
    const flagged = s.anomaly[i] === 1;
    out += `${s.rowNumbers[i]},${s.anomaly[i]},${fmt(s.score[i])},${CATEGORIES[s.category[i]]},${flagged ? fmt(s.categoryScore[i]) : ''},${fmt(s.ifScore[i])}`;
    if (identity) {
      const k = identityOffset + i;
      out += `,${formatTs(identity.ts[k])},${identity.origH[k]},${identity.origP[k]},${identity.respH[k]},${identity.respP[k]}`;
    }
    out += '\n';
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
