/**
 * The data and the measures of "verdicts that hold on real networks" (issue #21), shared by
 * `npm run train` (what the shipped models learn from) and `npm run evaluate-traffic` (what they are
 * judged on): the shared benign captures split by capture into a training part and a held-out part
 * (a fixed split, so the shipped models never saw the held-out ones), the generated attack corpus
 * with training seeds and evaluation seeds apart, and flag / naming rates per attack family.
 */
import { generateCorpus, type LabelledCapture } from '../../src/lib/attack-corpus/corpus';
import { ATTACK_FAMILIES, type AttackFamily } from '../../src/lib/attack-corpus/families';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import type { ModelBundle } from '../../src/lib/models/model-bundle';
import { ATTACK_CATEGORY, CATEGORIES, KNOWN_LABELS } from '../../src/lib/schema/categories';
import { scoreBatch, type ScoreOptions } from '../../src/lib/scoring/pipeline';
import { createRng, shuffleInPlace } from '../../src/lib/util/random';
import { readBenignCaptures, type Capture } from './baseline-measurement';

/** The held-out share of the benign captures, and the seed of the split (fixed: the shipped models depend on it). */
export const BENIGN_HELD_OUT_FRACTION = 0.25;
export const BENIGN_SPLIT_SEED = 2026;
/** Generated captures per family for training, and the seeds they start from; evaluation uses other seeds. */
export const CORPUS_TRAIN_PER_FAMILY = 4;
export const CORPUS_TRAIN_SEED = 1;
export const CORPUS_EVAL_SEED = 500_000;
/** Times each training benign capture's records are repeated in the training set. */
export const BENIGN_OVERSAMPLE = 10;

export interface BenignSplit {
  train: Capture[];
  heldOut: Capture[];
}

export async function benignSplit(dir?: string): Promise<BenignSplit> {
  const captures = await readBenignCaptures(dir);
  const order = shuffleInPlace(captures.map((_, i) => i), createRng(BENIGN_SPLIT_SEED));
  const heldOutCount = Math.round(captures.length * BENIGN_HELD_OUT_FRACTION);
  const heldOut = new Set(order.slice(0, heldOutCount));
  return { train: captures.filter((_, i) => !heldOut.has(i)), heldOut: captures.filter((_, i) => heldOut.has(i)) };
}

/** Benign capture records labelled normal (a capture's records carry no label of their own). */
export function labelledNormal(batch: RecordBatch): RecordBatch {
  const normal = KNOWN_LABELS.indexOf('normal');
  return { ...batch, labels: new Int32Array(batch.rowCount).fill(normal), difficulty: new Int16Array(batch.rowCount).fill(-1) };
}

/** The training corpus: every family (or those not in `withoutGroups`), CORPUS_TRAIN_PER_FAMILY captures each. */
export function trainingCorpus(withoutGroups: readonly string[] = [], perFamily = CORPUS_TRAIN_PER_FAMILY, seed = CORPUS_TRAIN_SEED): Promise<LabelledCapture[]> {
  return generateCorpus(perFamily, seed, ATTACK_FAMILIES.filter((f) => !withoutGroups.includes(f.group)));
}

export function evaluationCorpus(perFamily: number, families: readonly AttackFamily[] = ATTACK_FAMILIES, seed = CORPUS_EVAL_SEED): Promise<LabelledCapture[]> {
  return generateCorpus(perFamily, seed, families);
}

export interface FlagRate {
  records: number;
  flagged: number;
}
export interface AttackRate extends FlagRate {
  /** Flagged attack records given the family's category. */
  named: number;
  /** Background (normal) records of the attack captures, and how many were flagged. */
  background: FlagRate;
}

const rate = (n: number, d: number) => (d === 0 ? NaN : n / d);
export const flaggedShare = (r: FlagRate) => rate(r.flagged, r.records);

/** Records flagged, over every capture. */
export async function benignFlagRate(bundle: ModelBundle, captures: readonly Capture[], options: ScoreOptions = {}): Promise<FlagRate & { perCapture: number[] }> {
  const out = { records: 0, flagged: 0, perCapture: [] as number[] };
  for (const c of captures) {
    if (c.batch.rowCount === 0) continue;
    const s = await scoreBatch(bundle, c.batch, options);
    let f = 0;
    for (let i = 0; i < s.rowCount; i++) f += s.anomaly[i];
    out.records += s.rowCount;
    out.flagged += f;
    out.perCapture.push(f / s.rowCount);
  }
  return out;
}

/** Per family: attack records flagged and named right, and the background flagged. */
export async function attackRates(bundle: ModelBundle, captures: readonly LabelledCapture[], options: ScoreOptions = {}): Promise<Map<string, AttackRate>> {
  const out = new Map<string, AttackRate>();
  const normal = KNOWN_LABELS.indexOf('normal');
  for (const c of captures) {
    const r = out.get(c.family.name) ?? { records: 0, flagged: 0, named: 0, background: { records: 0, flagged: 0 } };
    out.set(c.family.name, r);
    const s = await scoreBatch(bundle, c.batch, options);
    const want = CATEGORIES.indexOf(ATTACK_CATEGORY.get(c.family.label)!);
    for (let i = 0; i < s.rowCount; i++) {
      if (c.batch.labels[i] === normal) {
        r.background.records++;
        r.background.flagged += s.anomaly[i];
        continue;
      }
      r.records++;
      r.flagged += s.anomaly[i];
      if (s.anomaly[i] && s.category[i] === want) r.named++;
    }
  }
  return out;
}

/** Sums of per-family rates (records pooled). */
export function pooled(rates: Iterable<AttackRate>): AttackRate {
  const t: AttackRate = { records: 0, flagged: 0, named: 0, background: { records: 0, flagged: 0 } };
  for (const r of rates) {
    t.records += r.records;
    t.flagged += r.flagged;
    t.named += r.named;
    t.background.records += r.background.records;
    t.background.flagged += r.background.flagged;
  }
  return t;
}

/** Mean over families of the per-family rate (each family weighs the same, however many records it has). */
export function familyMean(rates: Iterable<AttackRate>, of: (r: AttackRate) => number): number {
  const v = [...rates].map(of).filter((x) => !Number.isNaN(x));
  return v.reduce((a, b) => a + b, 0) / v.length;
}
