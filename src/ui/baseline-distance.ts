/**
 * How far a scored file is from what the active models were trained or baselined on: the share of
 * records whose protocol, service or flag is not in NSL-KDD's vocabulary (the models' input columns have
 * no place of their own for it), the share stage 1 flags against what the baseline's held-out records got,
 * and whether the models are out of their depth. Pure, so it is tested without a page.
 */
import type { ParseSummary } from '../lib/ingest/summary';
import type { ModelInfo } from '../shared/analysis-api';

/** The categorical columns the models' one-hot inputs are built from. */
export const CATEGORICAL_COLUMNS = ['protocol_type', 'service', 'flag'] as const;

/** Past this share of flagged records, a score says more about the models than about the traffic. */
export const OUT_OF_DEPTH_FLAGGED_SHARE = 1 / 3;
/** A baseline's traffic "leaves the baseline" when flagged this many times more than its held-out records, and at least LEAVES_MIN_SHARE. */
export const LEAVES_FACTOR = 5;
export const LEAVES_MIN_SHARE = 0.05;

/** Flagged records this concentrated in the few largest incidents are attacks, not models out of their depth. */
export const CONCENTRATED_INCIDENTS = 3;
export const CONCENTRATED_SHARE = 0.5;

export type OutOfDepthReason = 'pretrained-on-capture' | 'most-flagged';

export interface BaselineDistance {
  /** Per categorical column: the share of records with a value NSL-KDD never had. */
  unseen: { column: string; share: number }[];
  flaggedShare: number;
  /** Stage 1's flagged share on the active baseline's held-out records; null when the version is not a baseline. */
  baselineFlaggedShare: number | null;
  /** The models are out of their depth (first reason found), or null. */
  outOfDepth: OutOfDepthReason | null;
  /** A baseline is active and this file is flagged far more than its held-out records. */
  leavesBaseline: boolean;
  /** Traffic read from packets, scored by a set trained on captures too but not on this network (no baseline). */
  capturesKnownNotThisNetwork: boolean;
}

/**
 * `incidentRecords`: the records of each incident of the flagged ones (null while they are grouped):
 * a capture that is mostly a few attacks (the demo, a scan) is flagged a lot for good reason.
 */
export function baselineDistance(summary: ParseSummary, flagged: number, rows: number, model: ModelInfo | null, incidentRecords: readonly number[] | null = null): BaselineDistance {
  const records = Math.max(summary.rowsAccepted, rows);
  const unseen = CATEGORICAL_COLUMNS.map((column) => {
    const count = summary.unseenValues.filter((u) => u.column === column).reduce((n, u) => n + u.count, 0);
    return { column, share: records > 0 ? count / records : 0 };
  });
  const flaggedShare = rows > 0 ? flagged / rows : 0;
  const baselineFlaggedShare = model?.baseline?.heldOutFpr ?? null;
  // Modern traffic read from packets is what a set trained on NSL-KDD alone never saw; the shipped set
  // was trained on captures too (its manifest's training file names them: npm run train).
  const fromPackets = summary.capture !== undefined || summary.format === 'zeek-tsv' || summary.format === 'zeek-json';
  const knowsCaptures = model !== null && trainedOnCaptures(model);
  // A labelled file is judged by its labels, not by how much is flagged: KDDTest+ is 57 % attacks, and
  // flagging 45 % of it is the models doing their job.
  const judgedByLabels = summary.hasLabels;
  const largest = incidentRecords === null ? 0 : [...incidentRecords].sort((a, b) => b - a).slice(0, CONCENTRATED_INCIDENTS).reduce((n, r) => n + r, 0);
  const concentrated = flagged > 0 && largest >= CONCENTRATED_SHARE * flagged;
  const outOfDepth: OutOfDepthReason | null =
    fromPackets && model !== null && model.baseline === null && !knowsCaptures ? 'pretrained-on-capture'
    : !judgedByLabels && !concentrated && flaggedShare > OUT_OF_DEPTH_FLAGGED_SHARE ? 'most-flagged'
    : null;
  const leavesBaseline = baselineFlaggedShare !== null && flaggedShare >= LEAVES_MIN_SHARE && flaggedShare > LEAVES_FACTOR * baselineFlaggedShare;
  const capturesKnownNotThisNetwork = fromPackets && model !== null && model.baseline === null && knowsCaptures;
  return { unseen, flaggedShare, baselineFlaggedShare, outOfDepth, leavesBaseline, capturesKnownNotThisNetwork };
}

/** Whether a model set was trained on captures besides NSL-KDD (the shipped set; not `npm run train -- --kdd-only`). */
function trainedOnCaptures(model: ModelInfo): boolean {
  return /captures/.test(model.trainedOn ?? '');
}
