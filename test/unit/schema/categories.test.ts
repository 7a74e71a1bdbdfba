import { describe, it, expect } from 'vitest';
import {
  ATTACK_CATEGORIES,
  ATTACK_CATEGORY,
  CATEGORIES,
  KNOWN_LABELS,
  UNKNOWN_ATTACK,
  categoryOfLabel,
  isAttackCategory,
  normalizeLabel,
} from '../../../src/lib/schema/categories.ts';

/** The standard attack → category map, copied from the data-set README (39 attack names + normal). */
const README_MAP: Record<string, string> = {
  normal: 'normal',
  // DoS
  back: 'DoS', land: 'DoS', neptune: 'DoS', pod: 'DoS', smurf: 'DoS', teardrop: 'DoS',
  apache2: 'DoS', mailbomb: 'DoS', processtable: 'DoS', udpstorm: 'DoS',
  // Probe
  ipsweep: 'Probe', nmap: 'Probe', portsweep: 'Probe', satan: 'Probe', mscan: 'Probe', saint: 'Probe',
  // R2L
  ftp_write: 'R2L', guess_passwd: 'R2L', imap: 'R2L', multihop: 'R2L', phf: 'R2L', spy: 'R2L',
  warezclient: 'R2L', warezmaster: 'R2L', sendmail: 'R2L', named: 'R2L', snmpgetattack: 'R2L',
  snmpguess: 'R2L', xlock: 'R2L', xsnoop: 'R2L', worm: 'R2L',
  // U2R
  buffer_overflow: 'U2R', loadmodule: 'U2R', perl: 'U2R', rootkit: 'U2R', httptunnel: 'U2R', ps: 'U2R',
  sqlattack: 'U2R', xterm: 'U2R',
};

describe('the README table used by these tests', () => {
  it('has 39 attack names plus normal, 10/6/15/8 per category', () => {
    const names = Object.keys(README_MAP);
    expect(names).toHaveLength(40);
    const per = (c: string) => names.filter((n) => README_MAP[n] === c).length;
    expect([per('normal'), per('DoS'), per('Probe'), per('R2L'), per('U2R')]).toEqual([1, 10, 6, 15, 8]);
  });
});

describe('ATTACK_CATEGORY', () => {
  it.each(Object.entries(README_MAP))('maps %s to %s', (name, category) => {
    expect(ATTACK_CATEGORY.get(name)).toBe(category);
    expect(categoryOfLabel(name)).toBe(category);
  });

  it('holds exactly the README names, no more', () => {
    expect(ATTACK_CATEGORY.size).toBe(40);
    expect(new Set(ATTACK_CATEGORY.keys())).toEqual(new Set(Object.keys(README_MAP)));
  });
});

describe('CATEGORIES', () => {
  it('lists normal then the four attack categories', () => {
    expect([...CATEGORIES]).toEqual(['normal', 'DoS', 'Probe', 'R2L', 'U2R']);
    expect([...ATTACK_CATEGORIES]).toEqual(['DoS', 'Probe', 'R2L', 'U2R']);
  });

  it('isAttackCategory accepts only the four attack categories', () => {
    for (const c of ['DoS', 'Probe', 'R2L', 'U2R']) expect(isAttackCategory(c)).toBe(true);
    for (const c of ['normal', 'dos', 'unknown attack', '']) expect(isAttackCategory(c)).toBe(false);
  });
});

describe('KNOWN_LABELS', () => {
  it('has 40 unique entries, normal first, and equals the map keys', () => {
    expect(KNOWN_LABELS).toHaveLength(40);
    expect(KNOWN_LABELS[0]).toBe('normal');
    expect(new Set(KNOWN_LABELS).size).toBe(40);
    expect([...KNOWN_LABELS].sort()).toEqual(Object.keys(README_MAP).sort());
  });
});

describe('normalizeLabel', () => {
  it("drops the KDD'99 trailing dot and lower-cases", () => {
    expect(normalizeLabel('Smurf.')).toBe('smurf');
    expect(normalizeLabel('normal.')).toBe('normal');
    expect(normalizeLabel('NEPTUNE')).toBe('neptune');
  });

  it('trims whitespace around the name and around the dot', () => {
    expect(normalizeLabel(' normal. ')).toBe('normal');
    expect(normalizeLabel('\tback \r')).toBe('back');
    expect(normalizeLabel('satan .')).toBe('satan');
  });

  it('removes only one trailing dot and keeps inner characters', () => {
    expect(normalizeLabel('guess_passwd')).toBe('guess_passwd');
    expect(normalizeLabel('a.b')).toBe('a.b');
    expect(normalizeLabel('x..')).toBe('x.');
    expect(normalizeLabel('')).toBe('');
    expect(normalizeLabel('.')).toBe('');
  });
});

describe('categoryOfLabel', () => {
  it("categorises KDD'99-style and mixed-case labels", () => {
    expect(categoryOfLabel('Smurf.')).toBe('DoS');
    expect(categoryOfLabel(' normal. ')).toBe('normal');
    expect(categoryOfLabel('NORMAL')).toBe('normal');
    expect(categoryOfLabel('Buffer_Overflow.')).toBe('U2R');
    expect(categoryOfLabel('PortSweep')).toBe('Probe');
    expect(categoryOfLabel('warezclient.')).toBe('R2L');
  });

  it('reports names not in the map as unknown attack, never guessing', () => {
    expect(UNKNOWN_ATTACK).toBe('unknown attack');
    for (const raw of ['zeroday', 'neptune2', 'smurff', 'dos', 'DoS', 'attack', '', 'normal_', 'buffer overflow']) {
      expect(categoryOfLabel(raw)).toBe('unknown attack');
    }
  });
});
