import { describe, expect, it } from 'vitest';
import { PortTally } from '../../../../src/lib/ingest/traffic/port-tally';

/** A seeded generator (mulberry32). */
function random(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), t | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('PortTally', () => {
  it.each([
    ['ephemeral ports, mostly distinct', 1, 65536],
    ['a few ports, many repeats', 2, 8],
    ['multiples of 512, crowding a few runs of slots', 3, 0],
  ])('counts like a Map over a sliding ring of 255 (%s)', (_name, seed, spread) => {
    const rnd = random(seed);
    const port = () => (spread === 0 ? (Math.floor(rnd() * 128) * 512) & 0xffff : Math.floor(rnd() * spread) & 0xffff);
    const tally = new PortTally();
    const want = new Map<number, number>();
    const ring: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (ring.length === 255) {
        const old = ring.shift()!;
        tally.remove(old);
        want.set(old, want.get(old)! - 1);
      }
      const p = port();
      ring.push(p);
      tally.add(p);
      want.set(p, (want.get(p) ?? 0) + 1);
      const probe = rnd() < 0.5 ? p : port();
      expect(tally.countOf(probe)).toBe(want.get(probe) ?? 0);
    }
    for (const [p, n] of want) expect(tally.countOf(p)).toBe(n);
  });
});
