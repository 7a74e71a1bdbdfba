/** Zeek conn.log (TSV and JSON lines) as Connections, one more source behind the ingest seam. */
export { ZeekConnParser, MAX_LINE_CHARS, type ZeekSummary, type ZeekConnParserOptions } from './zeek-conn-parser';
export { detectZeekConnLog, type ZeekLogFormat } from './detect';
export { MAX_KEPT_REJECTS, type ZeekReject, type ZeekRejectKind } from './rejects';
export { connectionFromRow } from './conn-to-connection';
export { CONN_STATES, type ConnRow } from './conn-row';
