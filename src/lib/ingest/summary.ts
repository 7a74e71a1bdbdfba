/**
 * The format-neutral summary of reading an input (ingest/index.ts readInput), and its parts. Pure types.
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

