/**
 * pcap and pcapng captures behind the ingest seam: bytes → datagrams (CaptureReader) → connections in
 * start order (ConnectionTracker) → traffic features (TrafficWindows) → records, streaming, so a capture
 * of any length scores with bounded memory. Packets that give no datagram are counted by reason in the
 * summary's capture part: packets read = used + skipped.
 */
import { byteChunks } from '../byte-chunks';
import { ConnectionTracker } from '../connections/connection-tracker';
import type { Connection } from '../connections/connection';
import { FileFormatError } from '../csv/column-layout';
import { EXTRACTED_RECORD_COLUMNS, ExtractedRecordBatcher, recordFields } from '../extracted-batches';
import type { IngestInput, ReadOptions, RecordSource } from '../record-source';
import type { ParseSummary } from '../summary';
import { abortError, isAbortError } from '../../util/errors';
import { extractRecord } from '../traffic/extracted-record';
import { TrafficWindows } from '../traffic/traffic-windows';
import type { ExtractedRecord } from '../connections/connection';
import { CaptureReader, type CaptureSummary } from './capture-reader';
import { detectCaptureFormat } from './capture-format';
import { SKIP_KIND } from './skip-reasons';

/** What the page and the README say of the content features (connections/content/ has the rules). */
export const CONTENT_FEATURES_COMPUTED =
  'logged_in, num_failed_logins and is_guest_login from FTP, telnet, rlogin, POP3, IMAP and SMTP AUTH exchanges; hot, root_shell, su_attempted and num_file_creations where a telnet, rlogin or FTP session shows them; the other content features are 0';

/** Runs a capture through the whole extraction; `onRecord` gets each record in start-time order. */
export class CaptureExtraction {
  private readonly windows = new TrafficWindows();
  private readonly tracker: ConnectionTracker;
  private readonly reader: CaptureReader;
  private datagrams = 0;
  private tcpCutByEnd = 0;

  constructor(onRecord: (record: ExtractedRecord) => void) {
    this.tracker = new ConnectionTracker({
      onConnection: (c: Connection) => {
        // UDP flows within their 60 s of the end are "open" too, but only a TCP state is cut short.
        if (c.cutByEnd && c.features.protocol_type === 'tcp') this.tcpCutByEnd++;
        onRecord(extractRecord(c, this.windows.next(c)));
      },
    });
    this.reader = new CaptureReader({
      onPacket: (p) => {
        this.datagrams++;
        this.tracker.push(p);
      },
    });
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /** Datagrams decoded so far (for progress; the summary counts every packet). */
  get datagramsRead(): number {
    return this.datagrams;
  }

  /** Ends the capture: connections still open are emitted with their state then; `cutByEnd` counts the TCP ones. */
  finish(): { capture: CaptureSummary; cutByEnd: number } {
    const capture = this.reader.finish();
    this.tracker.finish();
    return { capture, cutByEnd: this.tcpCutByEnd };
  }
}

async function readCapture(input: IngestInput, options: ReadOptions): Promise<ParseSummary> {
  const { onBatch, onProgress, signal } = options;
  const totalBytes = options.totalBytes ?? (typeof Blob !== 'undefined' && input instanceof Blob ? input.size : 0);
  if (signal?.aborted) throw abortError();
  const ready: Parameters<typeof onBatch>[0][] = [];
  const batcher = new ExtractedRecordBatcher(options.batchSize ?? 8192, (b) => ready.push(b), options.onRecordFields);
  const extraction = new CaptureExtraction((r) => batcher.push(r));
  let bytesRead = 0;
  const deliver = async () => {
    while (ready.length > 0) {
      await onBatch(ready.shift()!);
      if (signal?.aborted) throw abortError();
    }
  };
  const progress = () => onProgress?.({ bytesRead, totalBytes, ...batcher.counts, packetsRead: extraction.datagramsRead });
  try {
    for await (const chunk of byteChunks(input, options.chunkBytes)) {
      if (signal?.aborted) throw abortError();
      extraction.push(chunk);
      bytesRead += chunk.length;
      // A live stream (standard input) hands its records on as they complete, not a full batch later.
      if (options.live) batcher.flush();
      progress();
      await deliver();
      if (signal?.aborted) throw abortError();
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (error instanceof FileFormatError) throw error;
    throw new FileFormatError(`The capture could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { capture, cutByEnd } = extraction.finish();
  const summary = batcher.finish();
  await deliver();
  progress();
  if (summary.rowsRead === 0) {
    const skipped = capture.skips.map((s) => `${s.count.toLocaleString('en-US')} ${s.reason}`).join(', ');
    throw new FileFormatError(
      capture.framesRead === 0
        ? 'The capture holds no packets.'
        : `The capture gives no connection records: all ${capture.framesRead.toLocaleString('en-US')} of its packets were skipped (${skipped}).`,
    );
  }
  return {
    ...summary,
    format: capture.format,
    hasHeader: false,
    columns: [...EXTRACTED_RECORD_COLUMNS],
    ignoredColumns: [],
    capture: {
      packetsRead: capture.framesRead,
      packetsUsed: capture.framesUsed,
      packetsSkipped: capture.framesSkipped,
      skips: capture.skips.map((s) => ({ kind: s.kind, reason: s.reason, count: s.count, firstPacket: s.firstFrame })),
      linkTypes: capture.linkTypes.map((l) => ({ linkType: l.linkType, name: l.name, packets: l.frames })),
      firstTs: capture.firstTs,
      lastTs: capture.lastTs,
      truncatedFile: capture.truncatedFile,
      recordsCutByEnd: cutByEnd,
      contentFeatures: CONTENT_FEATURES_COMPUTED,
      ...(capture.timeWentBack === null
        ? {}
        : { timeWentBack: { ...capture.timeWentBack, duplicatesDropped: capture.skips.find((s) => s.kind === SKIP_KIND.duplicate)?.count ?? 0 } }),
    },
  };
}

async function forEachCaptureRecord(input: Blob, onRecord: (row: number, fields: string[]) => boolean) {
  let row = 0;
  let stopped = false;
  const extraction = new CaptureExtraction((r) => {
    if (!stopped && !onRecord(++row, recordFields(r))) stopped = true;
  });
  for await (const chunk of byteChunks(input)) {
    extraction.push(chunk);
    if (stopped) break;
  }
  if (!stopped) extraction.finish();
  return { columns: [...EXTRACTED_RECORD_COLUMNS] };
}

export const captureSource: RecordSource = {
  format: 'pcap',
  description: 'a packet capture (pcap / pcapng)',
  detect: (head) => detectCaptureFormat(head) !== null,
  read: readCapture,
  forEachRecord: forEachCaptureRecord,
};
