/**
 * Zeek conn.log (TSV or JSON lines) behind the ingest seam: rows → connections (sorted by start time,
 * since Zeek writes a row when a connection ends) → the same traffic windows as captures → records
 * with identity. A row that cannot be read is rejected with its data line number and the reason.
 */
import { byteChunks } from '../byte-chunks';
import type { Connection, ExtractedRecord } from '../connections/connection';
import { FileFormatError } from '../csv/column-layout';
import { EXTRACTED_RECORD_COLUMNS, ExtractedRecordBatcher, recordFields } from '../extracted-batches';
import type { RecordBatch } from '../record-batch';
import type { IngestInput, ReadOptions, RecordSource } from '../record-source';
import type { ParseSummary, RowReject } from '../summary';
import { extractRecord } from '../traffic/extracted-record';
import { TrafficWindows } from '../traffic/traffic-windows';
import { abortError } from '../../util/errors';
import { detectZeekConnLog } from './detect';
import { ZeekConnParser, type ZeekSummary } from './zeek-conn-parser';

/** Reads the whole log; `onRecord` gets each record in start-time order (all of them at the end). */
async function extractConnLog(
  input: IngestInput,
  onRecord: (record: ExtractedRecord) => void,
  options: { signal?: AbortSignal; chunkBytes?: number; onBytes?: (bytesRead: number) => void | Promise<void> } = {},
): Promise<ZeekSummary> {
  const windows = new TrafficWindows();
  const parser = new ZeekConnParser({ onConnection: (c: Connection) => onRecord(extractRecord(c, windows.next(c))) });
  const decoder = new TextDecoder();
  let bytesRead = 0;
  for await (const chunk of byteChunks(input, options.chunkBytes)) {
    if (options.signal?.aborted) throw abortError();
    parser.pushText(decoder.decode(chunk, { stream: true }));
    bytesRead += chunk.length;
    await options.onBytes?.(bytesRead);
  }
  parser.pushText(decoder.decode());
  return parser.finish();
}

async function readConnLog(input: IngestInput, options: ReadOptions): Promise<ParseSummary> {
  const { onBatch, onProgress, signal } = options;
  const totalBytes = options.totalBytes ?? (typeof Blob !== 'undefined' && input instanceof Blob ? input.size : 0);
  const ready: RecordBatch[] = [];
  const batcher = new ExtractedRecordBatcher(options.batchSize ?? 8192, (b) => ready.push(b), options.onRecordFields);
  let rowsSeen = 0;
  const deliver = async () => {
    while (ready.length > 0) await onBatch(ready.shift()!);
    if (signal?.aborted) throw abortError();
  };
  const zeek = await extractConnLog(input, (r) => batcher.push(r), {
    signal,
    chunkBytes: options.chunkBytes,
    onBytes: (bytesRead) => onProgress?.({ bytesRead, totalBytes, rowsRead: rowsSeen, rowsAccepted: 0, rowsRejected: 0 }),
  });
  rowsSeen = zeek.rowsRead;
  // Records come only now (sorted): hand them on batch by batch, as the batcher fills.
  const records = batcher.finish();
  await deliver();
  if (zeek.format === null || zeek.rowsRead === 0) throw new FileFormatError('The Zeek conn.log has no data rows.');
  const rejects: RowReject[] = [...zeek.rejects.map((r) => ({ row: r.row, kind: 'invalid-record' as const, reason: r.reason })), ...records.rejects];
  onProgress?.({ bytesRead: totalBytes, totalBytes, rowsRead: zeek.rowsRead, rowsAccepted: records.rowsAccepted, rowsRejected: zeek.rowsRejected + records.rowsRejected });
  return {
    ...records,
    format: zeek.format,
    rowsRead: zeek.rowsRead,
    rowsAccepted: records.rowsAccepted,
    rowsRejected: zeek.rowsRejected + records.rowsRejected,
    rejects,
    rejectCounts: { ...records.rejectCounts, ...(zeek.rowsRejected > 0 && { 'invalid-record': zeek.rowsRejected }) },
    hasHeader: zeek.format === 'zeek-tsv',
    columns: [...EXTRACTED_RECORD_COLUMNS],
    ignoredColumns: [],
  };
}

export const connLogSource: RecordSource = {
  format: 'zeek-tsv',
  description: 'a Zeek conn.log',
  detect: (head) => detectZeekConnLog(new TextDecoder().decode(head)) !== null,
  read: readConnLog,
  async forEachRecord(input, onRecord) {
    let row = 0;
    let stopped = false;
    await extractConnLog(input, (r) => {
      if (!stopped && !onRecord(++row, recordFields(r))) stopped = true;
    });
    return { columns: [...EXTRACTED_RECORD_COLUMNS] };
  },
};
