import type { ExtractedRecord } from '../connections/connection';
import { formatTs, IDENTITY_COLUMNS } from '../record-identity';
import { featureValues, NSL_KDD_FEATURE_NAMES } from './extracted-record';

export { IDENTITY_COLUMNS };

/** The columns of an extracted record, as `npm run extract` writes them: the 41 features, then who and when. */
export const EXTRACTED_RECORD_COLUMNS: readonly string[] = [...NSL_KDD_FEATURE_NAMES, ...IDENTITY_COLUMNS];

/** Header row of `npm run extract`. */
export const RECORD_CSV_HEADER = EXTRACTED_RECORD_COLUMNS.join(',');

/** Integers as they are; anything else with at most 6 decimals and no trailing zeros (0.333333, 0.5, 1). */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  // Rates repeat (k / n for small n): each distinct value is formatted once, in a bounded table.
  let text = fractionTexts.get(x);
  if (text === undefined) {
    text = formatFraction(x);
    if (fractionTexts.size >= MAX_FRACTION_TEXTS) fractionTexts.clear();
    fractionTexts.set(x, text);
  }
  return text;
}

const MAX_FRACTION_TEXTS = 4096;
const fractionTexts = new Map<number, string>();

/**
 * What reading `formatNumber(x)` back gives (`Number(formatNumber(x))`), without the text: an integer
 * as it is (-0 as 0, written "0"), anything else rounded to 6 decimals as toFixed(6) writes it. Records
 * that skip the text must score exactly like their extracted CSV read back.
 */
export function valueAsWritten(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  let value = fractionValues.get(x);
  if (value === undefined) {
    value = Number(x.toFixed(6));
    // "-0.000000" is written "0".
    if (value === 0) value = 0;
    if (fractionValues.size >= MAX_FRACTION_TEXTS) fractionValues.clear();
    fractionValues.set(x, value);
  }
  return value;
}

const fractionValues = new Map<number, number>();

function formatFraction(x: number): string {
  const fixed = x.toFixed(6);
  const trimmed = fixed.replace(/\.?0+$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** A CSV field, quoted (with doubled quotes) only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A record as the text fields `npm run extract` writes (features, then identity), unquoted. */
export function recordFields(r: ExtractedRecord): string[] {
  const fields = featureValues(r).map((v) => (typeof v === 'number' ? formatNumber(v) : v));
  const id = r.identity;
  fields.push(formatTs(id.ts), id.origH, String(id.origP), id.respH, String(id.respP));
  return fields;
}

/** One data row of `npm run extract` (no line ending). */
export function recordCsvLine(r: ExtractedRecord): string {
  return recordFields(r).map(csvField).join(',');
}
