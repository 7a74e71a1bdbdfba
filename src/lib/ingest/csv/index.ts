/** NSL-KDD connection records as CSV (header in any order, or none): the first format behind the ingest seam. */
import type { RecordSource } from '../record-source';
import { readRecords } from './csv-reader';
import { forEachDataRow } from './raw-rows';

export const csvSource: RecordSource = {
  format: 'csv',
  description: 'a CSV of connection records',
  // The fallback: anything no other format claims is read as CSV, which refuses what is not text.
  detect: () => true,
  read: readRecords,
  forEachRecord: (input, onRecord) => forEachDataRow(input, onRecord),
};

export { readRecords, splitRows, type CsvInput, type RowSink } from './csv-reader';
export { forEachDataRow } from './raw-rows';
