/**
 * What incidents, the records table and the explanations need of each record besides its scores:
 * protocol, service, flag, duration, bytes, failed logins and whether it logged in, as columns (taken
 * from a batch's feature matrices in the worker, before the batch goes to be scored). About 30 bytes
 * a record. Categorical values stay vocabulary indices (the reader's: known values first, unseen ones
 * after); `namesOf` turns them into text with the file's vocabularies once they are known. Pure.
 */
import type { RecordBatch } from '../ingest/record-batch';
import { CATEGORICAL_COUNT, CATEGORICAL_FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES, VOCABULARIES, type CategoricalFeature } from '../schema/schema';

export interface RecordFacts {
  /** Vocabulary indices of protocol_type, service and flag. */
  protocol: Uint16Array;
  service: Uint16Array;
  flag: Uint16Array;
  /** Seconds. */
  duration: Float32Array;
  srcBytes: Float64Array;
  dstBytes: Float64Array;
  failedLogins: Uint16Array;
  /** 1 when the record logged in (NSL-KDD's logged_in). */
  loggedIn: Uint8Array;
}

const numericAt = (name: string) => NUMERIC_FEATURES.indexOf(name);
const DURATION = numericAt('duration');
const SRC_BYTES = numericAt('src_bytes');
const DST_BYTES = numericAt('dst_bytes');
const FAILED_LOGINS = numericAt('num_failed_logins');
const LOGGED_IN = numericAt('logged_in');
const categoricalAt = (name: CategoricalFeature) => CATEGORICAL_FEATURES.indexOf(name);
const PROTOCOL = categoricalAt('protocol_type');
const SERVICE = categoricalAt('service');
const FLAG = categoricalAt('flag');

export function allocateFacts(capacity: number): RecordFacts {
  return {
    protocol: new Uint16Array(capacity),
    service: new Uint16Array(capacity),
    flag: new Uint16Array(capacity),
    duration: new Float32Array(capacity),
    srcBytes: new Float64Array(capacity),
    dstBytes: new Float64Array(capacity),
    failedLogins: new Uint16Array(capacity),
    loggedIn: new Uint8Array(capacity),
  };
}

/** The facts of a batch's `rowCount` records (copies: the batch may be transferred afterwards). */
export function factsOfBatch(batch: RecordBatch): RecordFacts {
  const n = batch.rowCount;
  const facts = allocateFacts(n);
  for (let i = 0; i < n; i++) {
    const num = i * NUMERIC_COUNT;
    const cat = i * CATEGORICAL_COUNT;
    facts.protocol[i] = batch.categorical[cat + PROTOCOL];
    facts.service[i] = batch.categorical[cat + SERVICE];
    facts.flag[i] = batch.categorical[cat + FLAG];
    facts.duration[i] = batch.numeric[num + DURATION];
    facts.srcBytes[i] = batch.numeric[num + SRC_BYTES];
    facts.dstBytes[i] = batch.numeric[num + DST_BYTES];
    facts.failedLogins[i] = Math.min(65535, Math.max(0, batch.numeric[num + FAILED_LOGINS]));
    facts.loggedIn[i] = batch.numeric[num + LOGGED_IN] > 0 ? 1 : 0;
  }
  return facts;
}

export function factsBuffers(facts: RecordFacts): ArrayBuffer[] {
  return Object.values(facts).map((column: ArrayBufferView) => column.buffer as ArrayBuffer);
}

/**
 * Text of a categorical index: the file's vocabulary when known (ParseSummary.vocabularies), else the
 * schema's (a cancelled run has no summary; its unseen values then read "unseen value #k").
 */
export function namesOf(feature: CategoricalFeature, vocabularies?: Partial<Record<CategoricalFeature, readonly string[]>> | null): (index: number) => string {
  const vocabulary = vocabularies?.[feature] ?? VOCABULARIES[feature];
  return (index) => vocabulary[index] ?? `unseen value #${index - vocabulary.length + 1}`;
}
