export type ZeekLogFormat = 'zeek-tsv' | 'zeek-json';

/** Keys that mark a JSON line as a conn.log row: the originator address and a conn.log column. */
const ORIG_H_KEY = /"id\.orig_h"\s*:|"id"\s*:\s*\{[^}]*"orig_h"\s*:/;
const CONN_KEY = /"(conn_state|proto)"\s*:/;

/**
 * Which conn.log form a file's first characters are: TSV starts with `#separator`, JSON lines with
 * an object holding `id.orig_h` and `conn_state` or `proto`. Key matching, not JSON.parse, so a
 * first line cut off by the end of headText still counts.
 */
export function detectZeekConnLog(headText: string): ZeekLogFormat | null {
  const text = headText.startsWith('\uFEFF') ? headText.slice(1) : headText;
  if (text.startsWith('#separator')) return 'zeek-tsv';
  const firstLine = text.split('\n', 64).find((l) => l.trim() !== '');
  if (firstLine === undefined || !firstLine.trimStart().startsWith('{')) return null;
  return ORIG_H_KEY.test(firstLine) && CONN_KEY.test(firstLine) ? 'zeek-json' : null;
}
