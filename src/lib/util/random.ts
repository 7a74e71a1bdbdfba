/**
 * Small, fast, seeded pseudo-random helpers. Pure TypeScript with no platform globals, so the
 * same seed gives the same sequence in Node, a Web Worker and the page.
 *
 * The generator is mulberry32 (a 32-bit state, period 2^32): plenty for sampling and model
 * initialisation, not for anything security-related.
 */

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/** A writable array-like: plain arrays and every typed array qualify. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Reduces any finite number to a 32-bit unsigned seed. Integers in [0, 2^32) map to
 * themselves; other values (negative, fractional, large) are mixed so that nearby seeds still
 * give unrelated streams.
 */
function seedToUint32(seed: number): number {
  if (!Number.isFinite(seed)) {
    throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  }
  if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed >>> 0;
  // Mix the bits of the float64 representation.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  let h = view.getUint32(0) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= view.getUint32(4);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Creates a seeded uniform generator on [0, 1) (mulberry32). Each call advances the state;
 * two generators created with the same seed produce the same sequence.
 */
export function createRng(seed: number): Rng {
  let state = seedToUint32(seed);
  return function next(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n), n ≥ 1. */
export function randomInt(n: number, rng: Rng): number {
  return Math.floor(rng() * n);
}

/**
 * Shuffles `array` in place (Fisher–Yates) and returns it. Works on plain arrays and typed
 * arrays alike.
 */
export function shuffleInPlace<A extends MutableArrayLike<unknown>>(array: A, rng: Rng): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/**
 * Draws `k` distinct integers from [0, n), uniformly over all k-subsets, in random order.
 * Uses Floyd's algorithm when k is small next to n (O(k) memory), otherwise a partial
 * Fisher–Yates shuffle over [0, n).
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new Error(`sampleWithoutReplacement: n must be a non-negative 32-bit integer, got ${n}`);
  }
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new Error(`sampleWithoutReplacement: k must be an integer in [0, n=${n}], got ${k}`);
  }
  const out = new Int32Array(k);
  if (k === 0) return out;

  if (k * 4 < n) {
    // Floyd: for j = n-k .. n-1 pick t in [0, j]; take t unless already taken, else take j.
    const chosen = new Set<number>();
    let w = 0;
    for (let j = n - k; j < n; j++) {
      const t = Math.floor(rng() * (j + 1));
      const pick = chosen.has(t) ? j : t;
      chosen.add(pick);
      out[w++] = pick;
    }
    // Floyd's output order is not uniform; shuffle so callers get a random order too.
    return shuffleInPlace(out, rng);
  }

  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
    out[i] = pool[i];
  }
  return out;
}
