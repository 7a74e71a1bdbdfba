/** Fitting an Isolation Forest: random sub-samples, random splits, trees grown to the height limit. */
import { createRng, sampleWithoutReplacement, type Rng } from '../../util/random';
import { assertMatrix, buildModel, isolationTreeHeightLimit, type IsolationForestModel } from './forest-model';

export interface IsolationForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Rows sub-sampled (without replacement) per tree, ψ (default 256; clamped to `rows`). */
  sampleSize?: number;
  /** PRNG seed (default 1). The same data, options and seed give the same model. */
  seed?: number;
  /** Only split on these column indices (default: all columns). */
  featureSubset?: Int32Array | readonly number[];
}

function positiveInt(fn: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${fn}: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** The smallest float32 strictly greater than the float32 value v (v finite). */
function nextFloat32Up(v: number): number {
  const f = new Float32Array(1);
  const i = new Int32Array(f.buffer);
  f[0] = v;
  if (f[0] === 0) {
    i[0] = 1; // smallest positive subnormal (covers -0 too)
  } else if (f[0] > 0) {
    i[0] += 1;
  } else {
    i[0] -= 1;
  }
  return f[0];
}

/** Growable typed node storage used while fitting. */
class NodeBuffer {
  count = 0;
  feature = new Int32Array(1024);
  threshold = new Float32Array(1024);
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  size = new Int32Array(1024);

  push(): number {
    if (this.count === this.feature.length) this.grow();
    return this.count++;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const g = <T extends Int32Array | Float32Array>(a: T, next: T): T => {
      next.set(a);
      return next;
    };
    this.feature = g(this.feature, new Int32Array(cap));
    this.threshold = g(this.threshold, new Float32Array(cap));
    this.left = g(this.left, new Int32Array(cap));
    this.right = g(this.right, new Int32Array(cap));
    this.size = g(this.size, new Int32Array(cap));
  }
}

/**
 * Fits an isolation forest on the row-major matrix `x` of shape [rows, features].
 * Deterministic for a given seed. Throws on malformed input or options.
 */
export function fitIsolationForest(
  x: Float32Array,
  rows: number,
  features: number,
  options: IsolationForestOptions = {},
): IsolationForestModel {
  const fn = 'fitIsolationForest';
  assertMatrix(fn, x, rows, features);
  if (rows < 1) throw new Error(`${fn}: need at least one row to fit`);
  const trees = positiveInt(fn, 'trees', options.trees ?? 100);
  const sampleSize = Math.min(positiveInt(fn, 'sampleSize', options.sampleSize ?? 256), rows);
  const rng: Rng = createRng(options.seed ?? 1);
  const heightLimit = isolationTreeHeightLimit(sampleSize);

  // Candidate split columns (deduplicated, in the given order).
  let candidates: Int32Array;
  if (options.featureSubset !== undefined) {
    const seen = new Uint8Array(features);
    const list: number[] = [];
    for (const f of options.featureSubset) {
      if (!Number.isInteger(f) || f < 0 || f >= features) {
        throw new Error(`${fn}: featureSubset entry ${f} is not a column index in [0, ${features})`);
      }
      if (!seen[f]) {
        seen[f] = 1;
        list.push(f);
      }
    }
    if (list.length === 0) throw new Error(`${fn}: featureSubset is empty`);
    candidates = Int32Array.from(list);
  } else {
    candidates = new Int32Array(features);
    for (let f = 0; f < features; f++) candidates[f] = f;
  }
  const nCand = candidates.length;

  const nodes = new NodeBuffer();
  const treeOffsets = new Int32Array(trees + 1);

  // Fills the already-allocated `node` with the subtree over sample[lo, hi) at `depth`.
  // Children are allocated as an adjacent pair. Recursion depth is bounded by heightLimit.
  const grow = (node: number, sample: Int32Array, lo: number, hi: number, depth: number): void => {
    const n = hi - lo;
    nodes.size[node] = n;
    nodes.left[node] = -1;
    nodes.right[node] = -1;
    nodes.feature[node] = -1;
    nodes.threshold[node] = 0;
    if (depth >= heightLimit || n <= 1) return;

    // Walk the candidates in a lazily shuffled order and split on the first non-constant one:
    // that choice is uniform over the columns with max > min in this node's sample.
    let splitFeature = -1;
    let min = 0;
    let max = 0;
    for (let i = 0; i < nCand; i++) {
      const j = i + Math.floor(rng() * (nCand - i));
      const f = candidates[j];
      candidates[j] = candidates[i];
      candidates[i] = f;
      let vMin = Infinity;
      let vMax = -Infinity;
      for (let k = lo; k < hi; k++) {
        const v = x[sample[k] * features + f];
        if (v < vMin) vMin = v;
        if (v > vMax) vMax = v;
      }
      if (vMax > vMin) {
        splitFeature = f;
        min = vMin;
        max = vMax;
        break;
      }
    }
    if (splitFeature < 0) return; // every candidate column is constant here

    // Uniform threshold in (min, max), rounded to float32 and kept in (min, max] so that both
    // sides of `v < threshold` are non-empty.
    let threshold = Math.fround(min + rng() * (max - min));
    if (!(threshold > min)) threshold = nextFloat32Up(min);

    // Partition sample[lo, hi) in place: rows with v < threshold first.
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      if (x[sample[i] * features + splitFeature] < threshold) {
        i++;
      } else {
        const tmp = sample[i];
        sample[i] = sample[j];
        sample[j] = tmp;
        j--;
      }
    }
    const l = nodes.push();
    const r = nodes.push(); // === l + 1
    nodes.feature[node] = splitFeature;
    nodes.threshold[node] = threshold;
    nodes.left[node] = l;
    nodes.right[node] = r;
    grow(l, sample, lo, i, depth + 1);
    grow(r, sample, i, hi, depth + 1);
  };

  for (let t = 0; t < trees; t++) {
    treeOffsets[t] = nodes.count;
    const sample = sampleWithoutReplacement(rows, sampleSize, rng);
    grow(nodes.push(), sample, 0, sampleSize, 0);
  }
  treeOffsets[trees] = nodes.count;

  const total = nodes.count;
  return buildModel(
    trees,
    sampleSize,
    features,
    treeOffsets,
    nodes.feature.slice(0, total),
    nodes.threshold.slice(0, total),
    nodes.left.slice(0, total),
    nodes.right.slice(0, total),
    nodes.size.slice(0, total),
  );
}
