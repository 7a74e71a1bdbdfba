/**
 * The predictions CSV of the page's export, in `npm run predict`'s format, assembled from the kept row
 * scores (and identity) at a threshold; optionally each line with its record's original fields
 * appended (but those the header already has), found by reading the file again (`forEachRecord`, row
 * order). Pure.
 */
import type { IdentityColumns } from '../ingest/record-identity';
import { PREDICTIONS_HEADER, PREDICTIONS_WITH_IDENTITY_HEADER, originalCsvField, predictionLines } from './predictions-csv';
import { decideAtThreshold, type RowScores } from './row-scores';

const BLOCK = 8192;

export type ForEachRecord = (onRecord: (row: number, fields: string[]) => boolean) => Promise<{ columns: string[] }>;

export async function predictionsCsvParts(scores: RowScores, threshold: number, identity?: IdentityColumns, appendOriginal?: ForEachRecord): Promise<string[]> {
  const header = identity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER;
  const lineBlock = (start: number) => predictionLines(decideAtThreshold(scores, threshold, start, Math.min(scores.rowCount, start + BLOCK)), identity, start);
  const parts: string[] = [];
  if (!appendOriginal) {
    parts.push(header + '\n');
    for (let start = 0; start < scores.rowCount; start += BLOCK) parts.push(lineBlock(start));
    return parts;
  }
  // The original columns the header already has (a capture's identity: ts,orig_h,…) are not repeated:
  // a first look at the file gives its columns.
  const headerNames = new Set(header.split(','));
  const { columns: all } = await appendOriginal(() => false);
  const kept = all.flatMap((name, i) => (headerNames.has(name) ? [] : [i]));
  const columns = kept.map((i) => all[i]);
  const originalFields = kept.length === all.length ? (fields: string[]) => fields : (fields: string[]) => kept.map((i) => fields[i]);
  // Scored rows are in file order, so one pass over the file pairs each with its original line.
  let next = 0;
  let block: string[] = [];
  let blockStart = 0;
  let lines: string[] = [];
  await appendOriginal((row, fields) => {
    if (next >= scores.rowCount) return false;
    if (scores.rowNumbers[next] !== row) return true;
    if (next - blockStart >= block.length) {
      blockStart = next;
      block = lineBlock(next).split('\n');
      block.pop(); // the text after the last line break
    }
    lines.push(`${block[next - blockStart]},${originalFields(fields).map(originalCsvField).join(',')}\n`);
    if (lines.length >= BLOCK) {
      parts.push(lines.join(''));
      lines = [];
    }
    next++;
    return true;
  });
  parts.push(lines.join(''));
  if (next !== scores.rowCount) throw new Error(`Only ${next} of ${scores.rowCount} scored rows were found when the file was read again.`);
  return [`${header},${columns.map(originalCsvField).join(',')}\n`, ...parts];
}
