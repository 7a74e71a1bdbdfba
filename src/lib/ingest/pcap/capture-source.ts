/**
 * pcap and pcapng captures behind the ingest seam: bytes → datagrams (CaptureReader) → connections
 * (ConnectionTracker), placed in the traffic windows in start order (TrafficWindows) and out when over
 * → records, streaming, so a capture of any length scores with bounded memory and a live stream's
 * records come out seconds after their connection ends. Packets that give no datagram are counted by reason in the
 * summary's capture part: packets read = used + skipped.
 */
import { byteChunks } from '../byte-chunks';
import { ConnectionTracker } from '../connections/connection-tracker';
import type { Connection } from '../connections/connection';
import { FileFormatError } from '../csv/column-layout';
import { EXTRACTED_RECORD_COLUMNS, ExtractedRecordBatcher, recordFields } from '../extracted-batches';
import type { IngestInput, ReadOptions, RecordSource } from '../record-source';
import type { RecordBatch } from '../record-batch';
import type { ParseSummary } from '../summary';
import { abortError, isAbortError } from '../../util/errors';
import { extractRecord } from '../traffic/extracted-record';
import { TrafficWindows } from '../traffic/traffic-windows';
import type { ExtractedRecord, TrafficFeatures } from '../connections/connection';
import { CaptureReader, type CaptureSummary } from './capture-reader';
import { detectCaptureFormat } from './capture-format';
import { SKIP_KIND } from './skip-reasons';

/**
 * How much older than its arrival a packet of a live stream may be (libpcap hands packets on at least
 * once a second; tcpdump -U writes each at once): the wall clock drives the timers only beyond it.
 */
export const LINK_DELAY_SECONDS = 2;

/** How often a live stream's quiet link is looked at, milliseconds. */
const QUIET_TICK_MS = 500;

/** What the page and the README say of the content features (connections/content/ has the rules). */
export const CONTENT_FEATURES_COMPUTED =
  'logged_in, num_failed_logins and is_guest_login from FTP, telnet, rlogin, POP3, IMAP and SMTP AUTH exchanges; hot, root_shell, su_attempted and num_file_creations where a telnet, rlogin or FTP session shows them; the other content features are 0';

/**
 * Runs a capture through the whole extraction; `onRecord` gets each record when it is over (see
 * ConnectionTracker: records leave in start order except where a long connection would hold them).
 */
export class CaptureExtraction {
  private readonly windows = new TrafficWindows();
  private readonly tracker: ConnectionTracker<TrafficFeatures>;
  private readonly reader: CaptureReader;
  private datagrams = 0;
  private tcpCutByEnd = 0;
  private lastPacketTs = -Infinity;

  /** `interim`: records of connections still open, as ReadOptions.interim says. */
  constructor(onRecord: (record: ExtractedRecord) => void, interim?: { seconds: number; onRecord: (record: ExtractedRecord) => void }) {
    this.tracker = new ConnectionTracker<TrafficFeatures>({
      place: (c) => this.windows.next(c),
      interimSeconds: interim?.seconds,
      onInterim: interim ? (c, traffic) => interim.onRecord(extractRecord(c, traffic)) : undefined,
      onConnection: (c: Connection, traffic) => {
        // UDP flows within their 60 s of the end are "open" too, but only a TCP state is cut short.
        if (c.cutByEnd && c.features.protocol_type === 'tcp') this.tcpCutByEnd++;
        onRecord(extractRecord(c, traffic));
      },
    });
    this.reader = new CaptureReader({
      onPacket: (p) => {
        this.datagrams++;
        if (p.ts > this.lastPacketTs) this.lastPacketTs = p.ts;
        this.tracker.push(p);
      },
    });
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /**
   * The link has been quiet for `quietSeconds` of wall time since the last bytes came: the timers run
   * on to the last packet's time plus that, less LINK_DELAY_SECONDS (a packet still on its way may be
   * that much older than its arrival), so records over by then go out without waiting for a packet.
   */
  quiet(quietSeconds: number): void {
    const last = this.lastPacketTs;
    if (Number.isFinite(last) && quietSeconds > LINK_DELAY_SECONDS) this.tracker.advanceTo(last + quietSeconds - LINK_DELAY_SECONDS);
  }

  /** The capture time the connection timers have reached (the latest packet's, or later on a quiet link). */
  get clock(): number {
    return this.tracker.clock;
  }

  /** Records waiting for their place in the start order (memory held by the order; see ConnectionTracker). */
  get waitingForPlace(): number {
    return this.tracker.pendingCount;
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

const QUIET = Symbol('quiet');

/** The next chunk, or QUIET when none has come within QUIET_TICK_MS (the caller's timer: src/lib keeps none). */
async function quietOr<T>(next: Promise<T>, wait: NonNullable<ReadOptions['wait']>): Promise<T | typeof QUIET> {
  const timer = wait(QUIET_TICK_MS);
  try {
    return await Promise.race([next, timer.promise.then((): typeof QUIET => QUIET)]);
  } finally {
    timer.cancel();
  }
}

async function readCapture(input: IngestInput, options: ReadOptions): Promise<ParseSummary> {
  const { onBatch, onProgress, signal } = options;
  const totalBytes = options.totalBytes ?? (typeof Blob !== 'undefined' && input instanceof Blob ? input.size : 0);
  if (signal?.aborted) throw abortError();
  // Record batches and interim batches, in the order they were made.
  const ready: { batch: RecordBatch; interim: boolean }[] = [];
  const batcher = new ExtractedRecordBatcher(options.batchSize ?? 8192, (batch) => ready.push({ batch, interim: false }), options.onRecordFields);
  const interim = options.interim;
  // Interim records go through a batcher of their own: its counts are not the summary's.
  const interimBatcher = interim ? new ExtractedRecordBatcher(options.batchSize ?? 8192, (batch) => ready.push({ batch, interim: true })) : null;
  const extraction = new CaptureExtraction(
    (r) => {
      // An interim batch pending goes first: its records were made before this one.
      interimBatcher?.flush();
      batcher.push(r);
    },
    interim && interimBatcher
      ? {
          seconds: interim.seconds,
          onRecord: (r) => {
            // The records made before it go first.
            batcher.flush();
            interimBatcher.push(r);
          },
        }
      : undefined,
  );
  let bytesRead = 0;
  const deliver = async () => {
    interimBatcher?.flush();
    while (ready.length > 0) {
      const { batch, interim: isInterim } = ready.shift()!;
      await (isInterim ? interim!.onBatch(batch) : onBatch(batch));
      if (signal?.aborted) throw abortError();
    }
  };
  const progress = () => onProgress?.({ bytesRead, totalBytes, ...batcher.counts, packetsRead: extraction.datagramsRead });
  const chunks = byteChunks(input, options.chunkBytes)[Symbol.asyncIterator]();
  try {
    let next: Promise<IteratorResult<Uint8Array>> | null = null;
    let lastBytesAt = Date.now();
    for (;;) {
      if (signal?.aborted) throw abortError();
      next ??= chunks.next();
      // A live stream's quiet link: the wall clock runs the timers (CaptureExtraction.quiet).
      const step = options.live && options.wait ? await quietOr(next, options.wait) : await next;
      if (step === QUIET) {
        extraction.quiet((Date.now() - lastBytesAt) / 1000);
        batcher.flush();
        await deliver();
        continue;
      }
      next = null;
      if (step.done) break;
      const chunk = step.value;
      lastBytesAt = Date.now();
      extraction.push(chunk);
      bytesRead += chunk.length;
      // A live stream (standard input) hands its records on as they complete, not a full batch later.
      if (options.live) batcher.flush();
      progress();
      await deliver();
      if (signal?.aborted) throw abortError();
    }
  } catch (error) {
    // Not awaited: a read still pending on a live stream settles when its stream is destroyed.
    void chunks.return?.(undefined);
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
      ...(capture.cutShort.frames === 0 ? {} : { cutShort: { packets: capture.cutShort.frames, longestCaptured: capture.cutShort.longestCaptured } }),
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
