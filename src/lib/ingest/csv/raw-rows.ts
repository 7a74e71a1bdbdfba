/**
 * Reads a file's raw rows again, numbered as RecordParser numbers them (export with the original
 * columns, record details): the same tokeniser as the analysis (csv-reader.ts splitRows), so rows
 * line up with the scored ones, whatever the file holds (over-long rows, unclosed quotes, blank lines).
 */
import { splitRows } from './csv-reader';
import { DataRowSink } from './data-rows';

/**
 * Calls `onRow` for every data row in order; reading stops early when it returns false.
 * Resolves with the file's column names (header as written, or NSL-KDD's names when headerless).
 */
export async function forEachDataRow(file: Blob, onRow: (row: number, fields: string[]) => boolean): Promise<{ columns: string[]; hasHeader: boolean }> {
  const sink = new DataRowSink(onRow);
  try {
    await splitRows(file, sink, { afterPiece: () => !sink.stopped });
  } catch (error) {
    throw new Error(`The file could not be read again: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { columns: sink.counter.columns ?? [], hasHeader: sink.counter.hasHeader };
}
