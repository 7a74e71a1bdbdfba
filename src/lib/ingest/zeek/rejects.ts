/** Why a conn.log row was not read, kept like the CSV reader's rejects: the first 1,000, all counted. */
export type ZeekRejectKind =
  | 'no-header'
  | 'field-count'
  | 'missing-field'
  | 'not-a-number'
  | 'out-of-range'
  | 'bad-address'
  | 'unknown-proto'
  | 'unknown-conn-state'
  | 'bad-json'
  | 'too-long';

export interface ZeekReject {
  /** 1-based data row (header and comment lines are not counted). */
  row: number;
  kind: ZeekRejectKind;
  reason: string;
}

export const MAX_KEPT_REJECTS = 1000;

/** A row the mapping refused, and why (thrown inside the reader, caught per row). */
export class RowRejected extends Error {
  constructor(
    readonly kind: ZeekRejectKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}
