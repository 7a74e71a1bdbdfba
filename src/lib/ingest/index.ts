/**
 * The ingest seam: every input goes in through readInput(), which looks at its first bytes and hands it
 * to the format that claims them. A new format is one folder here and one line in RECORD_SOURCES.
 */
import { csvSource } from './csv';
import { captureSource } from './pcap/capture-source';
import { connLogSource } from './zeek/conn-log-source';
import { inputHead } from './input-head';
import type { IngestInput, ReadOptions, RecordSource } from './record-source';
import type { ParseSummary } from './summary';

/** Tried in order; CSV last (it claims everything, and refuses what is not text). */
export const RECORD_SOURCES: readonly RecordSource[] = [captureSource, connLogSource, csvSource];

export function sourceFor(head: Uint8Array): RecordSource {
  return RECORD_SOURCES.find((s) => s.detect(head)) ?? csvSource;
}

/** Reads any supported input into RecordBatches; rejects with a FileFormatError when it cannot be read. */
export async function readInput(input: IngestInput, options: ReadOptions): Promise<ParseSummary> {
  const { head, input: whole } = await inputHead(input);
  return sourceFor(head).read(whole, options);
}

/** The source that reads `blob` (from its first bytes). */
export async function sourceOfBlob(blob: Blob): Promise<RecordSource> {
  return sourceFor((await inputHead(blob)).head);
}

export type { IngestInput, ReadOptions, ReadProgress, RecordSource } from './record-source';
export type { InputFormat, ParseSummary, CaptureAccount, RejectKind, RowReject, UnseenValue } from './summary';
export { FileFormatError } from './csv/column-layout';
