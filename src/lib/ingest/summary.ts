/**
 * The format-neutral summary of reading an input (ingest/index.ts readInput), and its parts: pure
 * types, and the warning text the page and the command line both show.
 */
import type { LabelOutcome } from '../schema/categories';
import type { CategoricalFeature } from '../schema/schema';

export type RejectKind = 'field-count' | 'empty-line' | 'empty-value' | 'not-a-number' | 'out-of-range' | 'too-long' | 'unclosed-quote' | 'invalid-record';

export interface RowReject {
  /** 1-based data row (a header row is not counted). */
  row: number;
  kind: RejectKind;
  reason: string;
}

export interface UnseenValue {
  column: string;
  value: string;
  count: number;
  firstRow: number;
  /** True for the entry that stands for every unseen value past the first MAX_UNSEEN_VALUES of the column. */
  others?: true;
}

/** The input formats readInput() knows (ingest/index.ts holds the table that detects them). */
export type InputFormat = 'csv' | 'pcap' | 'pcapng' | 'zeek-tsv' | 'zeek-json';

/** How a capture's packets were accounted for: packets read = used + skipped, always. */
export interface CaptureAccount {
  packetsRead: number;
  /** Packets that went into a record (fragments into their reassembled datagram). */
  packetsUsed: number;
  packetsSkipped: number;
  /** Skipped packets by reason, largest first, with the first packet (1-based) of each. */
  skips: { kind: string; reason: string; count: number; firstPacket: number }[];
  /** Link types seen, with their packet counts. */
  linkTypes: { linkType: number; name: string; packets: number }[];
  firstTs: number | null;
  lastTs: number | null;
  /** The file ends inside a packet record (a capture cut off while being written or copied). */
  truncatedFile: boolean;
  /** TCP records whose connection was still open when the capture ended (their flag is their state then). */
  recordsCutByEnd: number;
  /** Which content features were computed from payloads (the others are 0). */
  contentFeatures: string;
  /** The capture's time went backwards (packets stamped earlier than one before them); absent when it never did. */
  timeWentBack?: TimeWentBack;
  /** Packets captured shorter than on the wire (a snap length) and the longest such capture; absent when none. */
  cutShort?: { packets: number; longestCaptured: number };
}

export interface TimeWentBack {
  /** 1-based number of the first packet stamped earlier than a packet before it. */
  firstPacket: number;
  /** Seconds from the latest time before that packet back to its own. */
  firstSecondsBack: number;
  /** Packets stamped earlier than a packet before them. */
  packets: number;
  largestSecondsBack: number;
  /** Of all packets, those dropped as exact duplicates of an earlier one (same time and bytes). */
  duplicatesDropped: number;
}

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (s: number) => (s >= 10 ? `${count(Math.round(s))} s` : s >= 0.001 ? `${Number(s.toPrecision(3))} s` : `${Math.round(s * 1e6)} µs`);

/**
 * What to tell the user when a capture's time went backwards: where, how far, and what it does to the
 * records (the 2-second and 100-connection windows follow records in start order).
 */
/** What a capture taken with a snap length misses, for the page and the command line. */
export function cutShortText(c: { packets: number; longestCaptured: number }, packetsRead: number): string {
  const share = packetsRead > 0 ? ` (${((100 * c.packets) / packetsRead).toFixed(1)} %)` : '';
  return (
    `${count(c.packets)} packet${c.packets === 1 ? ' was' : 's were'} captured cut short${share}, at most ${count(c.longestCaptured)} bytes each (the capture's snap length): ` +
    `sizes and flags still come from the headers, but payload past the cut is missing, so the login features (logged_in from a login exchange, failed logins, root shell…) may read 0.`
  );
}

export function timeWentBackText(t: TimeWentBack): string {
  const first = `The capture's time goes backwards at packet ${count(t.firstPacket)}, by ${seconds(t.firstSecondsBack)}`;
  const more =
    t.packets === 1
      ? ''
      : `; ${count(t.packets)} packets are stamped earlier than a packet before them (the largest step back ${seconds(t.largestSecondsBack)})`;
  const duplicates =
    t.duplicatesDropped === 0
      ? ''
      : `. ${count(t.duplicatesDropped)} packet${t.duplicatesDropped === 1 ? ' was an exact duplicate' : 's were exact duplicates'} of earlier ones (same time and bytes) and ${t.duplicatesDropped === 1 ? 'was' : 'were'} dropped, as editcap -D does`;
  const rest = t.packets > t.duplicatesDropped ? '. The traffic features of records from packets out of time order (the 2-second and 100-connection windows) may count records they would not in time order' : '';
  return `${first}${more}${duplicates}${rest}.`;
}

/**
 * What reading a file gave, whatever its format: counts (rowsRead = rowsAccepted + rowsRejected),
 * rejects by reason, unseen values and labels, plus the part that belongs to one format (the CSV's
 * header and columns; a capture's packet accounting). For captures and conn.log a "row" is a record.
 */
export interface ParseSummary {
  format: InputFormat;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first MAX_KEPT_REJECTS rejects; `rejectCounts` counts them all. */
  rejects: RowReject[];
  rejectCounts: Partial<Record<RejectKind, number>>;
  hasHeader: boolean;
  columns: string[];
  ignoredColumns: string[];
  hasLabels: boolean;
  hasDifficulty: boolean;
  /** Rows per label (normalised), with the label's category. */
  labelCounts: { label: string; category: LabelOutcome; count: number }[];
  categoryCounts: Partial<Record<LabelOutcome, number>>;
  unseenValues: UnseenValue[];
  /** Vocabularies the batches' categorical indices refer to (known values first, then unseen ones). */
  vocabularies: Record<CategoricalFeature, string[]>;
  /** The vocabulary the batches' label indices refer to. */
  labelVocabulary: string[];
  /** Records carry time and addresses (captures, conn.log). */
  hasIdentity?: boolean;
  /** Captures only. */
  capture?: CaptureAccount;
}

