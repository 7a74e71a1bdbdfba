import { describe, expect, it } from 'vitest';
import { generateAttackCapture, labelledRecords } from '../../../src/lib/attack-corpus/corpus';
import { ATTACK_FAMILIES, attackFamily } from '../../../src/lib/attack-corpus/families';
import { KNOWN_LABELS } from '../../../src/lib/schema/categories';

describe('the generated attack corpus', () => {
  it('gives the same bytes for the same family and seed, other bytes for another seed', { timeout: 30_000 }, () => {
    const f = attackFamily('syn-scan');
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
    expect(same(generateAttackCapture(f, 3).bytes, generateAttackCapture(f, 3).bytes)).toBe(true);
    expect(same(generateAttackCapture(f, 3).bytes, generateAttackCapture(f, 4).bytes)).toBe(false);
  });

  it('labels by construction: every family has attack records and normal background, labelled with its NSL-KDD name', async () => {
    const normal = KNOWN_LABELS.indexOf('normal');
    for (const family of ATTACK_FAMILIES) {
      const c = await labelledRecords(generateAttackCapture(family, 11));
      const label = KNOWN_LABELS.indexOf(family.label);
      const counts = { attack: 0, normal: 0, other: 0 };
      for (let i = 0; i < c.batch.rowCount; i++) {
        if (c.batch.labels[i] === label) counts.attack++;
        else if (c.batch.labels[i] === normal) counts.normal++;
        else counts.other++;
      }
      expect(counts.other, family.name).toBe(0);
      expect(counts.attack, family.name).toBe(c.attackRows);
      expect(counts.attack, family.name).toBeGreaterThan(0);
      expect(counts.normal, family.name).toBeGreaterThan(50);
    }
  }, 120_000);

  it('a SYN scan of N ports gives at least one record per port from the scanner', async () => {
    const c = generateAttackCapture(attackFamily('syn-scan'), 5);
    const r = await labelledRecords(c);
    const id = r.batch.identity!;
    const ports = new Set<number>();
    for (let i = 0; i < r.batch.rowCount; i++) if (c.isAttack(id, i)) ports.add(id.respP[i]);
    // scanPorts draws 100..1000 ports at intensity ≥ 1 (fewer when slower); each probed port is one connection.
    expect(ports.size).toBeGreaterThanOrEqual(25);
    expect(ports.size).toBe(r.attackRows);
  });

  it('land: a SYN whose source is its destination is an attack record although no attack-side address is involved', async () => {
    const c = generateAttackCapture(attackFamily('land'), 2);
    const r = await labelledRecords(c);
    const id = r.batch.identity!;
    let disagree = 0;
    for (let i = 0; i < r.batch.rowCount; i++) {
      const same = id.origH[i] === id.respH[i] && id.origP[i] === id.respP[i];
      if (c.isAttack(id, i) !== same) disagree++;
    }
    expect(disagree).toBe(0);
    expect(r.attackRows).toBeGreaterThan(0);
  });
});
