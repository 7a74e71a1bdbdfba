/**
 * The conn.log columns the reader uses, by Zeek's names, and what a row's values look like before
 * they are checked: a string (TSV, or a JSON string), a number (JSON), or null when the log leaves
 * it unset (`-` / `(empty)` in TSV, a missing key or null in JSON).
 */
export const REQUIRED_FIELDS = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'conn_state'] as const;
export const OPTIONAL_FIELDS = ['duration', 'orig_bytes', 'resp_bytes', 'orig_pkts', 'resp_pkts'] as const;
export const CONN_FIELDS = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS] as const;

export type ConnField = (typeof CONN_FIELDS)[number];
export type RawValue = string | number | null;
/** One data row's values in CONN_FIELDS order. */
export type RawConnRow = RawValue[];

export const FIELD_INDEX: Readonly<Record<ConnField, number>> = Object.fromEntries(
  CONN_FIELDS.map((name, i) => [name, i]),
) as Record<ConnField, number>;
