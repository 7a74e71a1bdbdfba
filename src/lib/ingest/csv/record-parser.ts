/**
 * Turns parsed CSV rows (arrays of strings) into RecordBatches, validating every field. A bad row is
 * rejected with its 1-based data row and the reason, and reading goes on; an unseen categorical value
 * is kept and reported. Invariant: rowsRead = rowsAccepted + rowsRejected.
 * Pure: the CSV tokenising (papaparse) happens in csv-reader.ts.
 */
import { ATTACK_CATEGORY, KNOWN_LABELS, UNKNOWN_ATTACK, type LabelOutcome } from '../../schema/categories';
import { FileFormatError, resolveColumnLayout, type ColumnLayout } from './column-layout';
import { allocateBatch, trimBatch, type RecordBatch } from '../record-batch';
import {
  CATEGORICAL_COUNT,
  CATEGORICAL_FEATURES,
  FEATURES,
  NUMERIC_COUNT,
  VOCABULARIES,
  type CategoricalFeature,
  type FeatureKind,
} from '../../schema/schema';
import { normalizeLabel } from '../../schema/categories';
import { GrowingVocabulary } from '../../features/vocabulary';

export type { RejectKind, RowReject, UnseenValue, ParseSummary } from '../summary';
import type { RejectKind, RowReject, UnseenValue, ParseSummary } from '../summary';

export const MAX_KEPT_REJECTS = 1000;

/**
 * Longest row read, in characters (an NSL-KDD record has about 150; a header of 200 columns a few
 * thousand). A longer one is rejected unread, so one huge field or an unclosed quote cannot make
 * the reader hold the rest of a file in memory.
 */
export const MAX_ROW_CHARS = 65_536;
/** True when the row the fields came from (commas included) is longer than MAX_ROW_CHARS. */
export function isTooLong(fields: readonly string[]): boolean {
  let chars = fields.length - 1;
  for (let i = 0; i < fields.length && chars <= MAX_ROW_CHARS; i++) chars += fields[i].length;
  return chars > MAX_ROW_CHARS;
}

export const TOO_LONG_REASON = `longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters, so not a connection record (not read)`;

const NUMERIC = 0;
const BINARY = 1;
const RATE = 2;
const CATEGORICAL = 4;
/** Kinds of fields that are not features (pushLine's per-field table); DIFFICULTY < CATEGORICAL: it is read as a number. */
const DIFFICULTY = 3;
const LABEL = 5;
const IGNORED = 6;
const KIND_CODES: Record<FeatureKind, number> = { numeric: NUMERIC, binary: BINARY, rate: RATE, categorical: CATEGORICAL };
/** Each feature's kind as a small integer (cheaper to compare per field than the kind's name). */
const FIELD_KINDS = Uint8Array.from(FEATURES, (s) => KIND_CODES[s.kind]);
const FEATURE_COUNT = FEATURES.length;
/** Each feature's column in a batch's numeric (non-categorical features) or categorical matrix. */
const FEATURE_SLOTS = new Int32Array(FEATURE_COUNT);
{
  let n = 0;
  let c = 0;
  for (let f = 0; f < FEATURE_COUNT; f++) FEATURE_SLOTS[f] = FIELD_KINDS[f] === CATEGORICAL ? c++ : n++;
}
/** Largest value a Float32Array holds without turning it into Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

export class RecordParser {
  private layout: ColumnLayout | null = null;
  private batch: RecordBatch;
  private rowsRead = 0;
  private rowsRejected = 0;
  private readonly rejects: RowReject[] = [];
  private readonly rejectCounts: Partial<Record<RejectKind, number>> = {};
  private pendingEmptyRows: number[] = [];
  private readonly vocabularies = CATEGORICAL_FEATURES.map((c) => new GrowingVocabulary(VOCABULARIES[c]));
  private readonly labelVocabulary = new GrowingVocabulary(KNOWN_LABELS);
  private labelTally = new Float64Array(64);
  /** The last raw label text seen and its normalised form. */
  private lastRawLabel: string | null = null;
  private lastLabel = '';
  /** For `pushLine`: the kind of each field of a row (a feature kind, DIFFICULTY, LABEL or IGNORED) ... */
  private fieldKinds: Uint8Array | null = null;
  /** ... and for a feature, its column in the batch's numeric or categorical matrix. */
  private fieldSlots: Int32Array | null = null;
  /** For `pushLine`: the last text of each categorical column, reused while a column repeats it. */
  private readonly lastCategorical: (string | null)[] = new Array(CATEGORICAL_COUNT).fill(null);

  constructor(
    private readonly batchSize: number,
    private readonly onBatch: (batch: RecordBatch) => void,
  ) {
    this.batch = allocateBatch(batchSize);
  }

  /** Columns as resolved from the first row, once it has been seen. */
  get columnLayout(): ColumnLayout | null {
    return this.layout;
  }

  get counts() {
    return { rowsRead: this.rowsRead, rowsAccepted: this.rowsRead - this.rowsRejected, rowsRejected: this.rowsRejected };
  }

  /** Feeds one tokenised row. Throws FileFormatError if the first row makes the file unreadable. */
  pushRow(fields: readonly string[]): void {
    if (this.layout === null) {
      // Leading blank lines before the header/first record are not data rows.
      if (isEmptyRow(fields)) return;
      this.layout = resolveColumnLayout(fields);
      [this.fieldKinds, this.fieldSlots] = fieldTables(this.layout);
      if (this.layout.hasHeader) return;
    }
    const row = ++this.rowsRead;
    if (isEmptyRow(fields)) {
      // Held back: a blank line at the very end is the file's last line break, not a row.
      this.pendingEmptyRows.push(row);
      return;
    }
    this.flushEmptyRows();
    this.parseDataRow(fields, row);
  }

  /**
   * Feeds the line `text.slice(start, end)` of a text that holds no quote character: the same as
   * `pushRow(text.slice(start, end).split(','))`. When `ascii` holds the text's characters as bytes
   * (the text is all ASCII), an ordinary row (plain decimal numbers, no blanks, the right field count)
   * is read in place, without building its fields; anything else takes pushRow's path, so every
   * reject reason stays exactly the same.
   */
  pushLine(text: string, ascii: Uint8Array | null, start: number, end: number): void {
    if (ascii === null || this.fieldKinds === null || !this.parseLineFast(text, ascii, start, end)) this.pushRow(text.slice(start, end).split(','));
  }

  /**
   * Feeds one record given as values rather than text, for records the app made itself (captures,
   * conn.log): `values` holds the 41 features in schema order, numbers for the numeric ones and strings
   * for the categorical ones, each exactly the value pushRow would read from the record's text. Only
   * for files whose columns are exactly the 41 features (no label, no difficulty). Returns true once the
   * row is validated (the same range checks as parseDataRow), counted and stored; returns false, having
   * changed nothing, when a value needs the text checks (out of range, not finite, a blank or untrimmed
   * text): the caller then pushes the row's text, so every reject reason stays pushRow's.
   */
  pushValues(values: readonly (number | string)[]): boolean {
    const layout = this.layout;
    if (layout === null || layout.fieldCount !== FEATURE_COUNT || layout.labelField >= 0 || layout.difficultyField >= 0) return false;
    const numeric = this.batch.numeric;
    let n = this.batch.rowCount * NUMERIC_COUNT;
    let c = 0;
    for (let feature = 0; feature < FEATURE_COUNT; feature++) {
      const kind = FIELD_KINDS[feature];
      const value = values[feature];
      if (kind === CATEGORICAL) {
        if (typeof value !== 'string' || !isTrimmed(value)) return false;
        categoricalScratch[c++] = value;
        continue;
      }
      // `!(value >= 0)` also catches NaN; Infinity is over FLOAT32_MAX.
      if (typeof value !== 'number' || !(value >= 0) || value > FLOAT32_MAX || (kind === RATE && value > 1) || (kind === BINARY && value !== 0 && value !== 1)) {
        return false;
      }
      numeric[n++] = value;
    }
    const row = ++this.rowsRead;
    if (this.pendingEmptyRows.length > 0) this.flushEmptyRows();
    this.commitRow(row, null, -1);
    return true;
  }

  /**
   * Counts a row that could not be tokenised (too long, a quote never closed) as read and rejected.
   * The first row of a file cannot be skipped that way: it says where the columns are.
   */
  rejectRow(kind: 'too-long' | 'unclosed-quote', reason: string): void {
    if (this.layout === null) {
      const problem = kind === 'too-long' ? `it is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters` : 'a quoted field in it is never closed';
      throw new FileFormatError(`The first row cannot be read: ${problem}, so this is not a file of connection records.`);
    }
    const row = ++this.rowsRead;
    this.flushEmptyRows();
    this.reject(row, kind, reason);
  }

  /** Emits the last batch and returns the summary. */
  finish(): ParseSummary {
    // The final blank "row" after the last line break is not a row; earlier blank lines are.
    if (this.pendingEmptyRows.length > 0) {
      this.pendingEmptyRows.pop();
      this.rowsRead--;
      this.flushEmptyRows();
    }
    this.emitBatch();
    const layout = this.layout;
    const labelVocabulary = [...this.labelVocabulary.values];
    const labelCounts: ParseSummary['labelCounts'] = [];
    const categoryCounts: ParseSummary['categoryCounts'] = {};
    labelVocabulary.forEach((label, i) => {
      const count = this.labelTally[i] ?? 0;
      if (count === 0) return;
      const category = ATTACK_CATEGORY.get(label) ?? UNKNOWN_ATTACK;
      labelCounts.push({ label, category, count });
      categoryCounts[category] = (categoryCounts[category] ?? 0) + count;
    });
    labelCounts.sort((a, b) => b.count - a.count);
    const unseenValues: UnseenValue[] = [];
    CATEGORICAL_FEATURES.forEach((column, c) => {
      const vocab = this.vocabularies[c];
      for (const [i, u] of vocab.unseen) unseenValues.push({ column, value: vocab.values[i], ...u, ...(i === vocab.otherIndex && { others: true as const }) });
    });
    const labels = this.labelVocabulary;
    for (const [i, u] of labels.unseen) unseenValues.push({ column: 'label', value: labelVocabulary[i], ...u, ...(i === labels.otherIndex && { others: true as const }) });
    return {
      format: 'csv',
      ...this.counts,
      rejects: this.rejects,
      rejectCounts: this.rejectCounts,
      hasHeader: layout?.hasHeader ?? false,
      columns: layout?.columns ?? [],
      ignoredColumns: layout?.ignoredColumns ?? [],
      hasLabels: (layout?.labelField ?? -1) >= 0,
      hasDifficulty: (layout?.difficultyField ?? -1) >= 0,
      labelCounts,
      categoryCounts,
      unseenValues,
      vocabularies: Object.fromEntries(
        CATEGORICAL_FEATURES.map((c, i) => [c, [...this.vocabularies[i].values]]),
      ) as Record<CategoricalFeature, string[]>,
      labelVocabulary,
    };
  }

  private flushEmptyRows(): void {
    for (const row of this.pendingEmptyRows) this.reject(row, 'empty-line', 'empty line');
    this.pendingEmptyRows = [];
  }

  private reject(row: number, kind: RejectKind, reason: string): void {
    this.rowsRejected++;
    this.rejectCounts[kind] = (this.rejectCounts[kind] ?? 0) + 1;
    if (this.rejects.length < MAX_KEPT_REJECTS) this.rejects.push({ row, kind, reason });
  }

  private parseDataRow(fields: readonly string[], row: number): void {
    const layout = this.layout!;
    if (fields.length !== layout.fieldCount) {
      this.reject(row, 'field-count', `expected ${layout.fieldCount} fields, found ${fields.length}`);
      return;
    }
    const b = this.batch;
    const at = b.rowCount;
    // Values go straight into the batch row `at`; it only counts (rowCount++) once the whole row is
    // valid, so a rejected row's values are overwritten by the next accepted row or trimmed away.
    const numeric = b.numeric;
    const featureFields = layout.featureFields;
    let n = at * NUMERIC_COUNT;
    let c = 0;
    for (let feature = 0; feature < FEATURE_COUNT; feature++) {
      const kind = FIELD_KINDS[feature];
      const text = trimmed(fields[featureFields[feature]]);
      if (text === '') {
        this.reject(row, 'empty-value', `${FEATURES[feature].name} is empty`);
        return;
      }
      if (kind === CATEGORICAL) {
        // Indices are only committed once the whole row is valid (see below), so count nothing yet.
        categoricalScratch[c++] = text;
        continue;
      }
      let value = parsePlainDecimal(text);
      if (value < 0) {
        value = Number(text);
        if (!Number.isFinite(value)) {
          this.reject(row, 'not-a-number', `${FEATURES[feature].name} is not a finite number: "${clip(text)}"`);
          return;
        }
      }
      if (value < 0 || value > FLOAT32_MAX || (kind === RATE && value > 1) || (kind === BINARY && value !== 0 && value !== 1)) {
        const expected =
          kind === RATE ? 'a rate from 0 to 1' : kind === BINARY ? '0 or 1' : value > FLOAT32_MAX ? 'at most 3.4e38 (32-bit floats)' : 'a number from 0 up';
        this.reject(row, 'out-of-range', `${FEATURES[feature].name} is ${clip(text)}, expected ${expected}`);
        return;
      }
      numeric[n++] = value;
    }
    let difficulty = -1;
    if (layout.difficultyField >= 0) {
      const text = trimmed(fields[layout.difficultyField]);
      let value = parsePlainDecimal(text);
      if (value < 0) value = Number(text);
      if (text === '' || !Number.isInteger(value) || value < 0 || value > 32767) {
        this.reject(row, text === '' ? 'empty-value' : 'not-a-number', `difficulty is not a whole number from 0 up: "${clip(text)}"`);
        return;
      }
      difficulty = value;
    }
    let labelText: string | null = null;
    if (layout.labelField >= 0) {
      const raw = fields[layout.labelField];
      // Rows often repeat the previous row's label: normalise each distinct raw text only once in a run.
      if (raw !== this.lastRawLabel) {
        this.lastRawLabel = raw;
        this.lastLabel = normalizeLabel(raw);
      }
      const text = this.lastLabel;
      if (text === '') {
        this.reject(row, 'empty-value', 'label is empty');
        return;
      }
      labelText = text;
    }
    this.commitRow(row, labelText, difficulty);
  }

  /**
   * Commits a fully validated row whose numeric values are already in the batch: counts its label,
   * looks up its categorical values (only now, so a rejected row counts no unseen value) and emits
   * a full batch. `labelText` is null when the file has no label column.
   */
  private commitRow(row: number, labelText: string | null, difficulty: number): void {
    const b = this.batch;
    const at = b.rowCount;
    let label = -1;
    if (labelText !== null) {
      label = this.labelVocabulary.indexOf(labelText, row);
      if (label >= this.labelTally.length) {
        const grown = new Float64Array(this.labelTally.length * 2);
        grown.set(this.labelTally);
        this.labelTally = grown;
      }
      this.labelTally[label]++;
    }
    const categoricalBase = at * CATEGORICAL_COUNT;
    for (let k = 0; k < CATEGORICAL_COUNT; k++) b.categorical[categoricalBase + k] = this.vocabularies[k].indexOf(categoricalScratch[k], row);
    b.rowNumbers[at] = row;
    b.labels[at] = label;
    b.difficulty[at] = difficulty;
    b.rowCount++;
    if (b.rowCount === this.batchSize) this.emitBatch();
  }

  /**
   * pushLine's fast path: parses the row in place and returns true once it is counted and stored;
   * returns false, having changed nothing but caches, when the row needs pushRow's checks (a field
   * that is not a plain decimal or not trimmed, an empty or out-of-range value, a wrong field count).
   * A number is read only when it is a plain decimal, so it equals Number(text) (see parsePlainDecimal).
   */
  private parseLineFast(text: string, ascii: Uint8Array, start: number, end: number): boolean {
    const kinds = this.fieldKinds!;
    const slots = this.fieldSlots!;
    const fieldCount = kinds.length;
    const b = this.batch;
    const at = b.rowCount;
    const numeric = b.numeric;
    const numericBase = at * NUMERIC_COUNT;
    let labelStart = -1;
    let labelEnd = -1;
    let difficulty = -1;
    let p = start;
    for (let field = 0; field < fieldCount; field++) {
      if (p > end) return false; // too few fields
      const kind = kinds[field];
      let q = p;
      if (kind < CATEGORICAL) {
        // A plain decimal: digits with at most one '.', up to the next comma or the end of the line.
        let m = 0;
        let digits = 0;
        let point = -1;
        for (; q < end; q++) {
          const ch = ascii[q];
          if (ch >= 48 && ch <= 57) {
            m = m * 10 + (ch - 48);
            digits++;
          } else if (ch === 44) break;
          else if (ch === 46 && point < 0) point = q;
          else return false;
        }
        if (digits === 0 || q - p > 15) return false;
        if (kind === DIFFICULTY) {
          if (point >= 0 || m > 32767) return false;
          difficulty = m;
        } else {
          let value = m;
          const fractionDigits = point < 0 ? 0 : q - 1 - point;
          if (fractionDigits > 0) {
            value =
              m < SMALL_DECIMAL_LIMIT && fractionDigits <= SMALL_DECIMAL_DIGITS
                ? SMALL_DECIMALS[fractionDigits * SMALL_DECIMAL_LIMIT + m]
                : m / POWERS_OF_TEN[fractionDigits];
          }
          if (kind === RATE ? value > 1 : kind === BINARY && value !== 0 && value !== 1) return false;
          numeric[numericBase + slots[field]] = value;
        }
      } else {
        q = text.indexOf(',', p);
        if (q < 0 || q > end) q = end;
        if (kind === CATEGORICAL) {
          if (q === p) return false;
          const slot = slots[field];
          const last = this.lastCategorical[slot];
          if (last !== null && q - p === last.length && text.startsWith(last, p)) categoricalScratch[slot] = last;
          else {
            const value = text.slice(p, q);
            if (!isTrimmed(value)) return false;
            categoricalScratch[slot] = this.lastCategorical[slot] = value;
          }
        } else if (kind === LABEL) {
          labelStart = p;
          labelEnd = q;
        }
      }
      p = q + 1;
    }
    if (p !== end + 1) return false; // too many fields
    let labelText = '';
    if (labelStart >= 0) {
      const lastRaw = this.lastRawLabel;
      if (lastRaw !== null && labelEnd - labelStart === lastRaw.length && text.startsWith(lastRaw, labelStart)) labelText = this.lastLabel;
      else {
        const raw = text.slice(labelStart, labelEnd);
        this.lastRawLabel = raw;
        labelText = this.lastLabel = normalizeLabel(raw);
      }
      if (labelText === '') return false;
    }
    // Valid: count and commit it exactly as pushRow + parseDataRow would.
    const row = ++this.rowsRead;
    if (this.pendingEmptyRows.length > 0) this.flushEmptyRows();
    this.commitRow(row, labelStart >= 0 ? labelText : null, difficulty);
    return true;
  }

  /** Emits the rows so far as a batch now (a live stream's records need not wait for a full one). */
  flush(): void {
    this.emitBatch();
  }

  private emitBatch(): void {
    if (this.batch.rowCount === 0) return;
    const full = this.batch;
    this.batch = allocateBatch(this.batchSize);
    this.onBatch(full.rowCount === this.batchSize ? full : trimBatch(full));
  }
}

const categoricalScratch: string[] = new Array(CATEGORICAL_COUNT).fill('');

/** pushLine's per-field tables: each field's kind, and a feature field's column in its batch matrix. */
function fieldTables(layout: ColumnLayout): [Uint8Array, Int32Array] {
  const kinds = new Uint8Array(layout.fieldCount).fill(IGNORED);
  const slots = new Int32Array(layout.fieldCount).fill(-1);
  layout.featureFields.forEach((field, feature) => {
    kinds[field] = FIELD_KINDS[feature];
    slots[field] = FEATURE_SLOTS[feature];
  });
  if (layout.labelField >= 0) kinds[layout.labelField] = LABEL;
  if (layout.difficultyField >= 0) kinds[layout.difficultyField] = DIFFICULTY;
  return [kinds, slots];
}

function isEmptyRow(fields: readonly string[]): boolean {
  return fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');
}

/**
 * `s.trim()`, without the call (and a new string) when `s` starts and ends with a printable ASCII
 * character, which is never whitespace; anything else (incl. a byte-order mark, NBSP) goes to trim().
 */
function trimmed(s: string): string {
  return isTrimmed(s) ? s : s.trim();
}

/** True when `s` starts and ends with a printable ASCII character, so that `s.trim() === s` and s is not empty. */
function isTrimmed(s: string): boolean {
  const last = s.length - 1;
  if (last < 0) return false;
  const a = s.charCodeAt(0);
  const z = s.charCodeAt(last);
  return a > 32 && a < 127 && z > 32 && z < 127;
}

/** 10^0 .. 10^15, all exact doubles. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * m / 10^k for m < SMALL_DECIMAL_LIMIT and 1 <= k <= SMALL_DECIMAL_DIGITS (at [k * LIMIT + m]), worked
 * out once by the same division: a table load instead of a division for rates such as "0.17".
 */
const SMALL_DECIMAL_LIMIT = 1024;
const SMALL_DECIMAL_DIGITS = 3;
const SMALL_DECIMALS = new Float64Array((SMALL_DECIMAL_DIGITS + 1) * SMALL_DECIMAL_LIMIT);
for (let k = 1; k <= SMALL_DECIMAL_DIGITS; k++) {
  for (let m = 0; m < SMALL_DECIMAL_LIMIT; m++) SMALL_DECIMALS[k * SMALL_DECIMAL_LIMIT + m] = m / POWERS_OF_TEN[k];
}

/**
 * `Number(s)` for a plain decimal of at most 15 characters (digits with at most one '.', no sign,
 * exponent or spaces), else -1 (the caller then uses Number(), which keeps every message the same).
 * Exact: the digits make an integer m < 10^15 < 2^53 and the divisor 10^k (k <= 14) is an exact
 * double, so the IEEE division m / 10^k is the correctly rounded value of the decimal, which is
 * what Number() returns (the classic fast path of correct decimal-to-double conversion).
 */
function parsePlainDecimal(s: string): number {
  const length = s.length;
  if (length > 15) return -1;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (let i = 0; i < length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      m = m * 10 + (ch - 48);
      digits++;
    } else if (ch === 46 && point < 0) point = i;
    else return -1;
  }
  if (digits === 0) return -1;
  const fractionDigits = point < 0 ? 0 : length - 1 - point;
  return fractionDigits === 0 ? m : m / POWERS_OF_TEN[fractionDigits];
}

/** A field's text for a reason: at most 40 characters, control characters escaped (a reason is one line). */
function clip(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return short.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
