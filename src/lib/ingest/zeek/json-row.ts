import { CONN_FIELDS, type RawConnRow } from './conn-fields';
import { RowRejected } from './rejects';

/**
 * One line of Zeek's JSON-lines conn.log (LogAscii::use_json) as values in CONN_FIELDS order.
 * Keys are flat ("id.orig_h"); a nested `"id": {"orig_h": …}`, as some shippers rewrite it, is read
 * too. An unset field is a missing key (or null).
 */
export function jsonRowOf(line: string): RawConnRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new RowRejected('bad-json', 'not a JSON object (the line does not parse)');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RowRejected('bad-json', 'not a JSON object');
  }
  const o = parsed as Record<string, unknown>;
  const nested = typeof o.id === 'object' && o.id !== null ? (o.id as Record<string, unknown>) : null;
  return CONN_FIELDS.map((field) => {
    let v = o[field];
    if (v === undefined && nested !== null && field.startsWith('id.')) v = nested[field.slice(3)];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number') return v;
    throw new RowRejected('not-a-number', `${field} is neither a string nor a number`);
  });
}
