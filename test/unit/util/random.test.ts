import { describe, it, expect } from 'vitest';
import { createRng, randomInt, sampleWithoutReplacement, shuffleInPlace } from '../../../src/lib/util/random.ts';

function draw(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => rng());
}

describe('createRng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(draw(createRng(42), 100)).toEqual(draw(createRng(42), 100));
    expect(draw(createRng(42), 100)).not.toEqual(draw(createRng(43), 100));
    // Non-integer / negative seeds are accepted and still deterministic.
    expect(draw(createRng(-7.5), 10)).toEqual(draw(createRng(-7.5), 10));
    expect(draw(createRng(-7.5), 10)).not.toEqual(draw(createRng(7.5), 10));
  });

  it('produces values in [0, 1) with a roughly uniform spread', () => {
    const rng = createRng(123);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const v = rng();
      if (!(v >= 0 && v < 1)) outOfRange++;
      sum += v;
      bins[Math.floor(v * 10)]++;
    }
    expect(outOfRange).toBe(0);
    expect(sum / n).toBeGreaterThan(0.49);
    expect(sum / n).toBeLessThan(0.51);
    for (const b of bins) {
      expect(b).toBeGreaterThan(n / 10 - 600);
      expect(b).toBeLessThan(n / 10 + 600);
    }
  });

  it('rejects non-finite seeds', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => createRng(Infinity)).toThrow(/seed/);
  });
});

describe('randomInt', () => {
  it('stays in [0, n) and hits every value', () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(7, rng);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });
});

describe('shuffleInPlace', () => {
  it('permutes plain and typed arrays in place, deterministically', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const result = shuffleInPlace(a, createRng(9));
    expect(result).toBe(a);
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));

    const t = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(t, createRng(9));
    expect(Array.from(t)).toEqual(a);
  });

  it('puts each element in each position about equally often', () => {
    const rng = createRng(77);
    const counts = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const trials = 30_000;
    for (let i = 0; i < trials; i++) {
      const p = shuffleInPlace([0, 1, 2], rng);
      for (let pos = 0; pos < 3; pos++) counts[p[pos]][pos]++;
    }
    for (const row of counts) {
      for (const c of row) {
        expect(Math.abs(c - trials / 3)).toBeLessThan(400);
      }
    }
  });
});

describe('sampleWithoutReplacement', () => {
  for (const [n, k] of [
    [60_000, 256],
    [300, 256],
    [10, 10],
    [10, 0],
    [1, 1],
  ] as const) {
    it(`draws ${k} distinct indices from [0, ${n})`, () => {
      const s = sampleWithoutReplacement(n, k, createRng(n + k));
      expect(s).toBeInstanceOf(Int32Array);
      expect(s.length).toBe(k);
      expect(new Set(s).size).toBe(k);
      for (const v of s) expect(v >= 0 && v < n).toBe(true);
      expect(sampleWithoutReplacement(n, k, createRng(n + k))).toEqual(s);
    });
  }

  it('includes each index with probability k/n (both code paths)', () => {
    for (const [n, k] of [
      [40, 5], // Floyd
      [8, 5], // partial Fisher–Yates
    ] as const) {
      const rng = createRng(2024);
      const hits = new Array<number>(n).fill(0);
      const trials = 20_000;
      for (let i = 0; i < trials; i++) for (const v of sampleWithoutReplacement(n, k, rng)) hits[v]++;
      const expected = (trials * k) / n;
      for (const h of hits) expect(Math.abs(h - expected) / expected).toBeLessThan(0.06);
    }
  });

  it('returns a random order, not a sorted one', () => {
    const s = Array.from(sampleWithoutReplacement(100_000, 50, createRng(3)));
    expect(s).not.toEqual([...s].sort((a, b) => a - b));
  });

  it('rejects k > n and bad arguments', () => {
    const rng = createRng(1);
    expect(() => sampleWithoutReplacement(5, 6, rng)).toThrow(/k must be/);
    expect(() => sampleWithoutReplacement(5, -1, rng)).toThrow(/k must be/);
    expect(() => sampleWithoutReplacement(-1, 0, rng)).toThrow(/n must be/);
    expect(() => sampleWithoutReplacement(5.5, 1, rng)).toThrow(/n must be/);
  });
});
