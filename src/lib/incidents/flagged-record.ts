/**
 * One record stage 1 flagged, as incidents see it: who (when the records carry addresses), what
 * (protocol, service, flag, bytes, logins) and how the models scored it. Pure data; the page builds
 * these from its stores, the command line from its scored batches.
 */
import { ATTACK_CATEGORIES, type Category } from '../schema/categories';
import type { CategoricalFeature } from '../schema/schema';
import type { RecordBatch } from '../ingest/record-batch';
import type { ScoredBatch } from '../scoring/pipeline';
import { factsOfBatch, namesOf, type RecordFacts } from './record-facts';

export interface FlaggedRecord {
  /** 1-based data row of the record in its file. */
  row: number;
  /** Position of the record among the scored rows (the page's store index). */
  index: number;
  /** Start, Unix seconds; null for records without time (a CSV of records). */
  ts: number | null;
  duration: number;
  /** Addresses and ports; null for records without them. */
  origH: string | null;
  origP: number;
  respH: string | null;
  respP: number;
  protocol: string;
  service: string;
  flag: string;
  srcBytes: number;
  dstBytes: number;
  /** 0 when the source does not say. */
  packets: number;
  failedLogins: number;
  loggedIn: boolean;
  score: number;
  /** Stage 2's category for the record. */
  category: Exclude<Category, 'normal'>;
}

/**
 * Flags of connections whose handshake never completed (Zeek's S0, REJ, RSTOS0, RSTRH, SH, SHR, OTH
 * in NSL-KDD's names): what a scan or a SYN flood leaves, and where a normal session never is.
 */
const ATTEMPT_FLAGS = new Set(['S0', 'REJ', 'RSTOS0', 'SH', 'OTH']);

export function isAttempt(record: Pick<FlaggedRecord, 'flag' | 'protocol'>): boolean {
  return record.protocol === 'tcp' && ATTEMPT_FLAGS.has(record.flag);
}

/** Scored records as columns, whoever holds them (the page's stores, a scored batch on the command line). */
export interface ScoredColumns {
  length: number;
  rowNumbers: ArrayLike<number>;
  score: ArrayLike<number>;
  /** Index into CATEGORIES (1..4) of stage 2's category, for every row. */
  stage2Category: ArrayLike<number>;
  facts: RecordFacts;
  /** Captures and conn.log. */
  identity?: {
    ts: ArrayLike<number>;
    origP: ArrayLike<number>;
    respP: ArrayLike<number>;
    packets: ArrayLike<number>;
    origH(i: number): string;
    respH(i: number): string;
  };
  /** The file's vocabularies (ParseSummary.vocabularies); the schema's when absent. */
  vocabularies?: Partial<Record<CategoricalFeature, readonly string[]>> | null;
}

/** The records stage 1 flags at `threshold` (score ≥ threshold); `offset` is added to each index. */
export function flaggedRecords(columns: ScoredColumns, threshold: number, offset = 0): FlaggedRecord[] {
  const protocol = namesOf('protocol_type', columns.vocabularies);
  const service = namesOf('service', columns.vocabularies);
  const flag = namesOf('flag', columns.vocabularies);
  const { facts, identity } = columns;
  const out: FlaggedRecord[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (!(columns.score[i] >= threshold)) continue;
    out.push({
      row: columns.rowNumbers[i],
      index: offset + i,
      ts: identity ? identity.ts[i] : null,
      duration: facts.duration[i],
      origH: identity ? identity.origH(i) : null,
      origP: identity ? identity.origP[i] : 0,
      respH: identity ? identity.respH(i) : null,
      respP: identity ? identity.respP[i] : 0,
      protocol: protocol(facts.protocol[i]),
      service: service(facts.service[i]),
      flag: flag(facts.flag[i]),
      srcBytes: facts.srcBytes[i],
      dstBytes: facts.dstBytes[i],
      packets: identity ? identity.packets[i] : 0,
      failedLogins: facts.failedLogins[i],
      loggedIn: facts.loggedIn[i] === 1,
      score: columns.score[i],
      category: ATTACK_CATEGORIES[Math.max(0, columns.stage2Category[i] - 1)] ?? 'DoS',
    });
  }
  return out;
}

/** The flagged records of a parsed batch and its pipeline scores (the command line's path). */
export function flaggedOfBatch(batch: RecordBatch, scored: Pick<ScoredBatch, 'rowCount' | 'rowNumbers' | 'score' | 'anomaly' | 'category'>, offset: number, vocabularies?: ScoredColumns['vocabularies']): FlaggedRecord[] {
  const id = batch.identity;
  const flaggedAt = Float32Array.from(scored.anomaly.subarray(0, scored.rowCount), (a) => (a ? 1 : 0));
  return flaggedRecords(
    {
      length: scored.rowCount,
      rowNumbers: scored.rowNumbers,
      score: flaggedAt,
      stage2Category: scored.category,
      facts: factsOfBatch(batch),
      identity: id && { ts: id.ts, origP: id.origP, respP: id.respP, packets: id.packets, origH: (i) => id.origH[i], respH: (i) => id.respH[i] },
      vocabularies,
    },
    1,
    offset,
  ).map((r) => ({ ...r, score: scored.score[r.index - offset] }));
}
