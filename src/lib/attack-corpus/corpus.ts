/**
 * A generated capture: one attack family in a scene of background traffic, written as a pcap and
 * read back into labelled records by readInput(), exactly as a user's capture is read. Labels come
 * from the construction (which addresses only the attack used), never from a model.
 */
import { writePcap } from '../capture-writer/capture-writer';
import { readInput } from '../ingest';
import { concatBatches, type RecordBatch } from '../ingest/record-batch';
import type { IdentityColumns } from '../ingest/record-identity';
import { KNOWN_LABELS } from '../schema/categories';
import { backgroundFrames } from './background';
import { ATTACK_FAMILIES, type AttackFamily } from './families';
import { createScene, inTimeOrder } from './scene';

export interface GeneratedCapture {
  family: AttackFamily;
  seed: number;
  bytes: Uint8Array;
  /** Whether record `row` of `identity` belongs to the attack. */
  isAttack(identity: IdentityColumns, row: number): boolean;
}

/** The attack of `family` inside background traffic; the same family and seed give the same bytes. */
export function generateAttackCapture(family: AttackFamily, seed: number): GeneratedCapture {
  const scene = createScene(seed);
  // The victim: the service the family aims at lives on a server; scans and floods also hit clients.
  if (family.group !== 'guessing' && scene.rng() < 0.3) scene.victim = scene.clients[Math.floor(scene.rng() * scene.clients.length)];
  const attack = family.build(scene);
  const frames = inTimeOrder([...backgroundFrames(scene), ...attack]);
  const attackSide = scene.attackSide;
  return {
    family,
    seed,
    bytes: writePcap(frames),
    isAttack: (id, i) =>
      attackSide.has(id.origH[i]) || attackSide.has(id.respH[i]) || (id.origH[i] === id.respH[i] && id.origP[i] === id.respP[i]),
  };
}

export interface LabelledCapture {
  name: string;
  family: AttackFamily;
  /** Records with labels: `normal` or the family's NSL-KDD name (indices into KNOWN_LABELS). */
  batch: RecordBatch;
  attackRows: number;
}

const NORMAL = KNOWN_LABELS.indexOf('normal');

/** Reads a generated capture's records and labels them. */
export async function labelledRecords(capture: GeneratedCapture): Promise<LabelledCapture> {
  const batches: RecordBatch[] = [];
  async function* chunks() {
    yield capture.bytes;
  }
  await readInput(chunks(), { onBatch: (b) => void batches.push(b) });
  const batch = concatBatches(batches);
  const label = KNOWN_LABELS.indexOf(capture.family.label);
  let attackRows = 0;
  for (let i = 0; i < batch.rowCount; i++) {
    const attack = capture.isAttack(batch.identity!, i);
    batch.labels[i] = attack ? label : NORMAL;
    if (attack) attackRows++;
  }
  return { name: `${capture.family.name}-${capture.seed}`, family: capture.family, batch, attackRows };
}

/** `perFamily` captures of every family (or of `families`), seeds from `seed` up. */
export async function generateCorpus(perFamily: number, seed: number, families: readonly AttackFamily[] = ATTACK_FAMILIES): Promise<LabelledCapture[]> {
  const out: LabelledCapture[] = [];
  for (const [f, family] of families.entries()) {
    for (let k = 0; k < perFamily; k++) out.push(await labelledRecords(generateAttackCapture(family, seed + 1000 * f + k)));
  }
  return out;
}
