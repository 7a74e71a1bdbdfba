/**
 * One record, found again by row (a record's detail): its fields as the model input (a one-row
 * batch through the same RecordParser, so it equals what was scored) and as name/value pairs to show.
 */
import { RecordParser } from './csv/record-parser';
import type { RecordBatch } from './record-batch';
import { IDENTITY_COLUMNS } from './record-identity';
import { FEATURES } from '../schema/schema';

export interface RecordValues {
  batch: RecordBatch;
  /** The 41 features as read (categorical as text), then label and difficulty, then identity when present. */
  values: { name: string; value: string }[];
  label: string | null;
}

/** `columns`: the source's column names (a CSV's header, or its implied names), `fields`: the row's. */
export function recordValues(row: number, columns: string[], fields: string[]): RecordValues {
  let batch: RecordBatch | null = null;
  const parser = new RecordParser(1, (b) => (batch = b));
  parser.pushRow(columns);
  parser.pushRow(fields);
  const summary = parser.finish();
  if (!batch || summary.rowsRejected > 0) throw new Error(`Row ${row} was rejected: ${summary.rejects[0]?.reason ?? 'unreadable'}`);
  const layout = parser.columnLayout!;
  const values = FEATURES.map((f, i) => ({ name: f.name, value: fields[layout.featureFields[i]].trim() }));
  const label = layout.labelField >= 0 ? fields[layout.labelField].trim() : null;
  if (label !== null) values.push({ name: 'label', value: label });
  if (layout.difficultyField >= 0) values.push({ name: 'difficulty', value: fields[layout.difficultyField].trim() });
  // Records from captures and conn.log: who and when, after the features.
  for (const name of IDENTITY_COLUMNS) {
    const at = columns.indexOf(name);
    if (at >= 0 && !layout.featureFields.includes(at)) values.push({ name, value: fields[at] });
  }
  return { batch: batch as RecordBatch, values, label };
}
