/**
 * Data row numbers of raw CSV rows, counted exactly as RecordParser counts them: blank rows before
 * the first non-blank row are not rows, the first non-blank row is the header when the layout says
 * so, and every row after that (blank ones included) is the next data row. Used to re-read a file and
 * match its original lines to scored rows. Pure.
 */
import { resolveColumnLayout } from './column-layout';

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
}
