/**
 * Reads a file's raw rows again, numbered as RecordParser numbers them (export with the original
 * columns, record details). Tokenised by papaparse with the same settings as csv-reader.ts, so rows
 * line up with the scored ones.
 */
import Papa from 'papaparse';
import { DataRowCounter } from '../src/lib/data-rows';

/**
 * Calls `onRow` for every data row in order; reading stops early when it returns false.
 * Resolves with the file's column names (header as written, or NSL-KDD's names when headerless).
 */
export function forEachDataRow(file: Blob, onRow: (row: number, fields: string[]) => boolean): Promise<{ columns: string[]; hasHeader: boolean }> {
  const counter = new DataRowCounter();
  return new Promise((resolve, reject) => {
    let stopped = false;
    const config: Papa.ParseLocalConfig<string[], Papa.LocalFile> = {
      delimiter: ',',
      skipEmptyLines: false,
      chunkSize: 1 << 20,
      chunk(results: Papa.ParseResult<string[]>, handle: Papa.Parser) {
        if (stopped) return;
        try {
          for (const fields of results.data) {
            const row = counter.next(fields);
            if (row > 0 && !onRow(row, fields)) {
              stopped = true;
              handle.abort();
              resolve({ columns: counter.columns ?? [], hasHeader: counter.hasHeader });
              return;
            }
          }
        } catch (error) {
          stopped = true;
          handle.abort();
          reject(error);
        }
      },
      complete() {
        if (!stopped) resolve({ columns: counter.columns ?? [], hasHeader: counter.hasHeader });
      },
      error(error: Error) {
        if (!stopped) reject(new Error(`The file could not be read again: ${error.message}`));
      },
    };
    Papa.parse(file as Papa.LocalFile, config);
  });
}

/** One CSV field, quoted when it has to be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
