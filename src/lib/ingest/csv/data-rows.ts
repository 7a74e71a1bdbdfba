/**
 * Data row numbers of raw CSV rows, counted exactly as RecordParser counts them: blank rows before
 * the first non-blank row are not rows, the first non-blank row is the header when the layout says
 * so, and every row after that (blank ones included) is the next data row. Used to re-read a file and
 * match its original lines to scored rows. Pure.
 */
import { FileFormatError, resolveColumnLayout } from './column-layout';
import type { RowSink } from './csv-reader';

const isBlank = (fields: readonly string[]) => fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');

export class DataRowCounter {
  private started = false;
  private row = 0;
  /** Column names once the first row is seen: the header as written, or NSL-KDD's names for a headerless file. */
  columns: string[] | null = null;
  hasHeader = false;

  /** The data row number of `fields`, or 0 when it is not a data row (leading blank line, header). */
  next(fields: readonly string[]): number {
    if (!this.started) {
      if (isBlank(fields)) return 0;
      this.started = true;
      const layout = resolveColumnLayout(fields);
      if (layout.hasHeader) {
        this.hasHeader = true;
        this.columns = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f));
        return 0;
      }
      this.columns = layout.columns;
    }
    return ++this.row;
  }

  /** Counts a data row that could not be tokenised (as RecordParser.rejectRow does). */
  skip(): void {
    if (!this.started) throw new FileFormatError('The first row cannot be read.');
    ++this.row;
  }
}

/**
 * A RowSink (csv-reader.ts splitRows) that hands each data row's raw fields, with its number, to
 * `onRow` until it returns false. Rows splitRows could not read (too long, unclosed quote) are counted and skipped.
 */
export class DataRowSink implements RowSink {
  readonly counter = new DataRowCounter();
  stopped = false;

  constructor(private readonly onRow: (row: number, fields: string[]) => boolean) {}

  pushRow(fields: readonly string[]): void {
    if (this.stopped) return;
    const row = this.counter.next(fields);
    if (row > 0 && !this.onRow(row, [...fields])) this.stopped = true;
  }

  pushLine(text: string, _ascii: Uint8Array | null, start: number, end: number): void {
    this.pushRow(text.slice(start, end).split(','));
  }

  rejectRow(): void {
    if (!this.stopped) this.counter.skip();
  }
}
