/**
 * Works out from a file's first row where each feature, the label and the difficulty are:
 * a header (any order, any case, extra columns ignored) or a headerless NSL-KDD/KDD'99 row of
 * 41, 42 (+label) or 43 (+label, difficulty) fields.
 */
import { flowFormatMessage, flowFormatOf } from './flow-formats';
import { DIFFICULTY_COLUMN, FEATURES, FEATURE_COUNT, FEATURE_INDEX, LABEL_COLUMN } from '../../schema/schema';

export interface ColumnLayout {
  hasHeader: boolean;
  /** Field count every data row must have. */
  fieldCount: number;
  /** For each of the 41 features (file order), the field index that holds it. */
  featureFields: Int32Array;
  /** Field index of the label, or -1. */
  labelField: number;
  /** Field index of the difficulty, or -1. */
  difficultyField: number;
  /** Names of the columns found, as written in the header (or the schema names when headerless). */
  columns: string[];
  /** Header columns that are not features, label or difficulty: ignored, and reported. */
  ignoredColumns: string[];
}

/** The file cannot be read at all (as opposed to a bad row, which is rejected and skipped). */
export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

const LABEL_ALIASES = new Set([LABEL_COLUMN, 'class', 'attack', 'attack_type', 'labels']);
const DIFFICULTY_ALIASES = new Set([DIFFICULTY_COLUMN, 'difficulty_level', 'level']);

const normaliseName = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * A first row is a header when at least two fields are feature, label or difficulty names. One is
 * not enough: `land` is both a feature and an attack label, so a headerless land record has one.
 */
export function looksLikeHeader(fields: readonly string[]): boolean {
  let names = 0;
  for (const raw of fields) {
    const n = normaliseName(raw);
    if (FEATURE_INDEX.has(n) || LABEL_ALIASES.has(n) || DIFFICULTY_ALIASES.has(n)) names++;
  }
  return names >= 2;
}

export function resolveColumnLayout(firstRow: readonly string[]): ColumnLayout {
  const fields = firstRow.map((s, i) => (i === 0 ? s.replace(/^\uFEFF/, '') : s));
  const flowFormat = flowFormatOf(fields);
  if (flowFormat !== null) throw new FileFormatError(flowFormatMessage(flowFormat));
  return looksLikeHeader(fields) ? layoutFromHeader(fields) : headerlessLayout(fields);
}

function layoutFromHeader(header: readonly string[]): ColumnLayout {
  const featureFields = new Int32Array(FEATURE_COUNT).fill(-1);
  let labelField = -1;
  let difficultyField = -1;
  const ignoredColumns: string[] = [];
  const duplicates: string[] = [];
  header.forEach((raw, field) => {
    const name = normaliseName(raw);
    const feature = FEATURE_INDEX.get(name);
    if (feature !== undefined) {
      if (featureFields[feature] !== -1) duplicates.push(raw.trim());
      else featureFields[feature] = field;
    } else if (LABEL_ALIASES.has(name)) {
      if (labelField !== -1) duplicates.push(raw.trim());
      else labelField = field;
    } else if (DIFFICULTY_ALIASES.has(name)) {
      if (difficultyField !== -1) duplicates.push(raw.trim());
      else difficultyField = field;
    } else {
      ignoredColumns.push(raw.trim() === '' ? `(unnamed column ${field + 1})` : raw.trim());
    }
  });
  const missing = FEATURES.filter((_, i) => featureFields[i] === -1).map((s) => s.name);
  if (missing.length > 0) {
    throw new FileFormatError(
      `The header is missing ${missing.length} required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
    );
  }
  if (duplicates.length > 0) {
    throw new FileFormatError(`The header names a column more than once: ${[...new Set(duplicates)].join(', ')}.`);
  }
  return {
    hasHeader: true,
    fieldCount: header.length,
    featureFields,
    labelField,
    difficultyField,
    columns: header.map((s) => s.trim()),
    ignoredColumns,
  };
}

const OTHER_DELIMITERS: [string, string][] = [
  [';', 'semicolons (;)'],
  ['\t', 'tabs'],
  ['|', 'vertical bars (|)'],
];

/** A first row that holds a whole record when split on another delimiter than the comma. */
function otherDelimiter(fields: readonly string[]): string | null {
  const row = fields.join(',');
  for (const [delimiter, name] of OTHER_DELIMITERS) {
    const parts = row.split(delimiter);
    if (parts.length >= FEATURE_COUNT || looksLikeHeader(parts)) return name;
  }
  return null;
}

function headerlessLayout(fields: readonly string[]): ColumnLayout {
  const fieldCount = fields.length;
  const delimiter = fieldCount < FEATURE_COUNT ? otherDelimiter(fields) : null;
  if (delimiter !== null) {
    throw new FileFormatError(
      `The fields are separated by ${delimiter}, not commas. Traffic Anomaly Lab reads comma-separated files: save the file as CSV with commas and choose it again.`,
    );
  }
  if (fieldCount < FEATURE_COUNT || fieldCount > FEATURE_COUNT + 2) {
    throw new FileFormatError(
      `This does not look like NSL-KDD connection records: the first row has ${fieldCount} field${fieldCount === 1 ? '' : 's'} ` +
        `and no header. Expected a header naming the 41 features, or rows of 41, 42 (with label) or 43 (with label and difficulty) comma-separated fields.`,
    );
  }
  const names = FEATURES.map((s) => s.name);
  if (fieldCount >= 42) names.push(LABEL_COLUMN);
  if (fieldCount === 43) names.push(DIFFICULTY_COLUMN);
  return {
    hasHeader: false,
    fieldCount,
    featureFields: Int32Array.from(FEATURES, (_, i) => i),
    labelField: fieldCount >= 42 ? FEATURE_COUNT : -1,
    difficultyField: fieldCount === 43 ? FEATURE_COUNT + 1 : -1,
    columns: names,
    ignoredColumns: [],
  };
}
