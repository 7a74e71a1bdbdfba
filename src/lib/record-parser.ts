/**
 * Turns parsed CSV rows (arrays of strings) into RecordBatches, validating every field. A bad row is
 * rejected with its 1-based data row and the reason, and reading goes on; an unseen categorical value
 * is kept and reported. Invariant: rowsRead = rowsAccepted + rowsRejected.
 * Pure: the CSV tokenising (papaparse) happens in csv-reader.ts.
 */
import { ATTACK_CATEGORY, KNOWN_LABELS, UNKNOWN_ATTACK, type LabelOutcome } from './categories';
import { resolveColumnLayout, type ColumnLayout } from './column-layout';
import { allocateBatch, trimBatch, type RecordBatch } from './record-batch';
import { CATEGORICAL_COUNT, CATEGORICAL_FEATURES, FEATURES, NUMERIC_COUNT, VOCABULARIES, type CategoricalFeature } from './schema';
import { normalizeLabel } from './categories';
import { GrowingVocabulary } from './vocabulary';

export type RejectKind = 'field-count' | 'empty-line' | 'empty-value' | 'not-a-number' | 'out-of-range';

export interface RowReject {
  /** 1-based data row (a header row is not counted). */
  row: number;
  kind: RejectKind;
  reason: string;
}

export interface UnseenValue {
  column: string;
  value: string;
  count: number;
  firstRow: number;
}

export interface ParseSummary {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first MAX_KEPT_REJECTS rejects; `rejectCounts` counts them all. */
  rejects: RowReject[];
  rejectCounts: Partial<Record<RejectKind, number>>;
  hasHeader: boolean;
  columns: string[];
  ignoredColumns: string[];
  hasLabels: boolean;
  hasDifficulty: boolean;
  /** Rows per label (normalised), with the label's category. */
  labelCounts: { label: string; category: LabelOutcome; count: number }[];
  categoryCounts: Partial<Record<LabelOutcome, number>>;
  unseenValues: UnseenValue[];
  /** Vocabularies the batches' categorical indices refer to (known values first, then unseen ones). */
  vocabularies: Record<CategoricalFeature, string[]>;
  /** The vocabulary the batches' label indices refer to. */
  labelVocabulary: string[];
}

export const MAX_KEPT_REJECTS = 1000;

const FIELD_KINDS = FEATURES.map((s) => s.kind);
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
      for (const [i, u] of vocab.unseen) unseenValues.push({ column, value: vocab.values[i], ...u });
    });
    for (const [i, u] of this.labelVocabulary.unseen) unseenValues.push({ column: 'label', value: labelVocabulary[i], ...u });
    return {
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
    const numericBase = at * NUMERIC_COUNT;
    const categoricalBase = at * CATEGORICAL_COUNT;
    let n = 0;
    let c = 0;
    for (let feature = 0; feature < FIELD_KINDS.length; feature++) {
      const kind = FIELD_KINDS[feature];
      const text = fields[layout.featureFields[feature]].trim();
      const name = FEATURES[feature].name;
      if (text === '') {
        this.reject(row, 'empty-value', `${name} is empty`);
        return;
      }
      if (kind === 'categorical') {
        // Indices are only committed once the whole row is valid (see below), so count nothing yet.
        categoricalScratch[c++] = text;
        continue;
      }
      const value = Number(text);
      if (!Number.isFinite(value)) {
        this.reject(row, 'not-a-number', `${name} is not a finite number: "${clip(text)}"`);
        return;
      }
      if (value < 0 || value > FLOAT32_MAX || (kind === 'rate' && value > 1) || (kind === 'binary' && value !== 0 && value !== 1)) {
        const expected = kind === 'rate' ? 'a rate from 0 to 1' : kind === 'binary' ? '0 or 1' : 'a number from 0 up';
        this.reject(row, 'out-of-range', `${name} is ${clip(text)}, expected ${expected}`);
        return;
      }
      numericScratch[n++] = value;
    }
    let difficulty = -1;
    if (layout.difficultyField >= 0) {
      const text = fields[layout.difficultyField].trim();
      const value = Number(text);
      if (text === '' || !Number.isInteger(value) || value < 0 || value > 32767) {
        this.reject(row, text === '' ? 'empty-value' : 'not-a-number', `difficulty is not a whole number from 0 up: "${clip(text)}"`);
        return;
      }
      difficulty = value;
    }
    let label = -1;
    if (layout.labelField >= 0) {
      const text = normalizeLabel(fields[layout.labelField]);
      if (text === '') {
        this.reject(row, 'empty-value', 'label is empty');
        return;
      }
      label = this.labelVocabulary.indexOf(text, row);
      if (label >= this.labelTally.length) {
        const grown = new Float64Array(this.labelTally.length * 2);
        grown.set(this.labelTally);
        this.labelTally = grown;
      }
      this.labelTally[label]++;
    }
    for (let k = 0; k < CATEGORICAL_COUNT; k++) b.categorical[categoricalBase + k] = this.vocabularies[k].indexOf(categoricalScratch[k], row);
    b.numeric.set(numericScratch, numericBase);
    b.rowNumbers[at] = row;
    b.labels[at] = label;
    b.difficulty[at] = difficulty;
    b.rowCount++;
    if (b.rowCount === this.batchSize) this.emitBatch();
  }

  private emitBatch(): void {
    if (this.batch.rowCount === 0) return;
    const full = this.batch;
    this.batch = allocateBatch(this.batchSize);
    this.onBatch(full.rowCount === this.batchSize ? full : trimBatch(full));
  }
}

const numericScratch = new Float32Array(NUMERIC_COUNT);
const categoricalScratch: string[] = new Array(CATEGORICAL_COUNT).fill('');

function isEmptyRow(fields: readonly string[]): boolean {
  return fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
