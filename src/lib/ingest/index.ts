/**
 * The ingest seam: every input goes in through readInput(), which looks at its first bytes and hands it
 * to the format that claims them. A new format is one folder here and one line in INPUT_FORMATS.
 */
import { csvSource } from './csv';
import { detectCaptureFormat } from './pcap/capture-format';
import { captureSource } from './pcap/capture-source';
import { connLogSource } from './zeek/conn-log-source';
import { inputHead } from './input-head';
import type { IngestInput, ReadOptions, RecordSource } from './record-source';
import type { ParseSummary } from './summary';

/** One input format: how it is recognised, what the file picker offers for it, and what reads it. */
export interface InputFormatEntry {
  /** What the user calls it. */
  name: string;
  /** File name endings the file picker offers (the format itself is always read from the bytes). */
  extensions: readonly string[];
  mimeTypes: readonly string[];
  /** Binary by nature: the page's early "not a text file" refusal leaves it to its reader. */
  binary: boolean;
  /** True when the first bytes (up to SNIFF_BYTES) are this format's. */
  sniff(head: Uint8Array): boolean;
  source: RecordSource;
}

/** Tried in order; CSV last (it claims everything, and refuses what is not text). */
export const INPUT_FORMATS: readonly InputFormatEntry[] = [
  { name: 'pcap capture', extensions: ['.pcap', '.cap'], mimeTypes: ['application/vnd.tcpdump.pcap'], binary: true, sniff: (h) => detectCaptureFormat(h) === 'pcap', source: captureSource },
  { name: 'pcapng capture', extensions: ['.pcapng'], mimeTypes: [], binary: true, sniff: (h) => detectCaptureFormat(h) === 'pcapng', source: captureSource },
  { name: 'Zeek conn.log', extensions: ['.log', '.json', '.jsonl'], mimeTypes: [], binary: false, sniff: connLogSource.detect, source: connLogSource },
  { name: 'CSV of connection records', extensions: ['.csv', '.txt', '.data'], mimeTypes: ['text/csv', 'text/plain'], binary: false, sniff: csvSource.detect, source: csvSource },
];

/** The readers, in the order the formats are tried (a reader may serve several formats). */
export const RECORD_SOURCES: readonly RecordSource[] = [...new Set(INPUT_FORMATS.map((f) => f.source))];

/** The file input's `accept` list: every format's endings, then its MIME types. */
export const ACCEPTED_FILE_TYPES: string = [...INPUT_FORMATS.flatMap((f) => f.extensions), ...INPUT_FORMATS.flatMap((f) => f.mimeTypes)].join(',');

/** The format whose first bytes `head` are (CSV when no other claims them). */
export function formatOf(head: Uint8Array): InputFormatEntry {
  return INPUT_FORMATS.find((f) => f.sniff(head)) ?? INPUT_FORMATS[INPUT_FORMATS.length - 1];
}

/** A binary format claims these first bytes: nothing more is needed to choose the reader. */
export function isBinaryHead(head: Uint8Array): boolean {
  return head.length >= 4 && formatOf(head).binary;
}

export function sourceFor(head: Uint8Array): RecordSource {
  return formatOf(head).source;
}

/** Reads any supported input into RecordBatches; rejects with a FileFormatError when it cannot be read. */
export async function readInput(input: IngestInput, options: ReadOptions): Promise<ParseSummary> {
  const { head, input: whole } = await inputHead(input, isBinaryHead);
  return sourceFor(head).read(whole, options);
}

/** The source that reads `blob` (from its first bytes). */
export async function sourceOfBlob(blob: Blob): Promise<RecordSource> {
  return sourceFor((await inputHead(blob)).head);
}

export type { IngestInput, ReadOptions, ReadProgress, RecordSource } from './record-source';
export type { InputFormat, ParseSummary, CaptureAccount, RejectKind, RowReject, UnseenValue } from './summary';
export { FileFormatError } from './csv/column-layout';
