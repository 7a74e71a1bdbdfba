import { describe, it, expect } from 'vitest';
import {
  averagePathLength,
  fitIsolationForest,
  isolationForestFromJSON,
  isolationForestToJSON,
  isolationTreeHeightLimit,
  scoreIsolationForest,
  type IsolationForestModel,
} from '../../../src/lib/models/isolation-forest.ts';
import { createRng } from '../../../src/lib/util/random.ts';

const GAMMA = 0.5772156649;

/** Tight Gaussian cluster around 0.5 in `dims` dimensions plus far-away outliers. */
function makeData(inliers: number, outliers: number, dims: number, seed: number) {
  const rng = createRng(seed);
  const gauss = () => {
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const rows = inliers + outliers;
  const x = new Float32Array(rows * dims);
  const isOutlier = new Uint8Array(rows);
  // Scatter outliers among the inliers.
  const outlierRows = new Set<number>();
  while (outlierRows.size < outliers) outlierRows.add(Math.floor(rng() * rows));
  for (let r = 0; r < rows; r++) {
    const out = outlierRows.has(r);
    isOutlier[r] = out ? 1 : 0;
    for (let d = 0; d < dims; d++) {
      x[r * dims + d] = out
        ? 0.5 + (rng() < 0.5 ? -1 : 1) * (0.3 + 0.2 * rng()) // 0.3–0.5 away per coordinate
        : 0.5 + 0.03 * gauss();
    }
  }
  return { x, rows, dims, isOutlier };
}

/** P(score(outlier) > score(inlier)), ties counting one half, by brute force over all pairs. */
function auc(scores: Float32Array, isOutlier: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!isOutlier[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (isOutlier[j]) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

function mean(values: ArrayLike<number>, keep: (i: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (keep(i)) {
      s += values[i];
      n++;
    }
  }
  return s / n;
}

/** Depth of every node, by walking each tree from its root. */
function nodeDepths(model: IsolationForestModel): Int32Array {
  const depth = new Int32Array(model.feature.length).fill(-1);
  for (let t = 0; t < model.trees; t++) {
    const stack: Array<[number, number]> = [[model.treeOffsets[t], 0]];
    while (stack.length > 0) {
      const [node, d] = stack.pop()!;
      depth[node] = d;
      if (model.feature[node] >= 0) {
        stack.push([model.left[node], d + 1], [model.right[node], d + 1]);
      }
    }
  }
  return depth;
}

describe('averagePathLength c(n)', () => {
  it('matches hand-computed values', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // c(3) = 2 (ln 2 + γ) - 2·2/3
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.LN2 + GAMMA) - 4 / 3, 9);
    expect(averagePathLength(3)).toBeCloseTo(1.207392, 5);
    // c(256) = 2 (ln 255 + γ) - 2·255/256 ≈ 10.2448
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 4);
    expect(averagePathLength(256)).toBeCloseTo(2 * (Math.log(255) + GAMMA) - 510 / 256, 9);
  });

  it('grows with n', () => {
    for (let n = 2; n < 1000; n++) {
      expect(averagePathLength(n + 1)).toBeGreaterThan(averagePathLength(n));
    }
  });

  it('height limit is ceil(log2 ψ)', () => {
    expect(isolationTreeHeightLimit(1)).toBe(0);
    expect(isolationTreeHeightLimit(2)).toBe(1);
    expect(isolationTreeHeightLimit(3)).toBe(2);
    expect(isolationTreeHeightLimit(256)).toBe(8);
    expect(isolationTreeHeightLimit(257)).toBe(9);
  });
});

describe('fitIsolationForest', () => {
  const data = makeData(2000, 20, 10, 11);

  it('is deterministic for a seed and differs for another seed', () => {
    const a = fitIsolationForest(data.x, data.rows, data.dims, { trees: 20, seed: 5 });
    const b = fitIsolationForest(data.x, data.rows, data.dims, { trees: 20, seed: 5 });
    const c = fitIsolationForest(data.x, data.rows, data.dims, { trees: 20, seed: 6 });
    expect(b.feature).toEqual(a.feature);
    expect(b.threshold).toEqual(a.threshold);
    expect(b.treeOffsets).toEqual(a.treeOffsets);
    const sa = scoreIsolationForest(a, data.x, data.rows, data.dims);
    const sb = scoreIsolationForest(b, data.x, data.rows, data.dims);
    const sc = scoreIsolationForest(c, data.x, data.rows, data.dims);
    expect(sb).toEqual(sa);
    expect(sc).not.toEqual(sa);
  });

  it('builds well-formed flat trees within the height limit', () => {
    const model = fitIsolationForest(data.x, data.rows, data.dims, { trees: 30, sampleSize: 200, seed: 3 });
    expect(model.trees).toBe(30);
    expect(model.sampleSize).toBe(200);
    expect(model.heightLimit).toBe(8);
    expect(model.treeOffsets.length).toBe(31);
    expect(model.treeOffsets[0]).toBe(0);
    expect(model.treeOffsets[30]).toBe(model.feature.length);
    for (const arr of [model.threshold, model.left, model.right, model.size]) {
      expect(arr.length).toBe(model.feature.length);
    }
    const depth = nodeDepths(model);
    for (let t = 0; t < model.trees; t++) {
      const start = model.treeOffsets[t];
      const end = model.treeOffsets[t + 1];
      expect(model.size[start]).toBe(200); // root sees the whole sub-sample
      let leafTotal = 0;
      for (let i = start; i < end; i++) {
        expect(depth[i]).toBeGreaterThanOrEqual(0); // every node reachable
        expect(depth[i]).toBeLessThanOrEqual(model.heightLimit);
        if (model.feature[i] < 0) {
          leafTotal += model.size[i];
          expect(model.size[i] <= 1 || depth[i] === model.heightLimit).toBe(true);
        } else {
          const l = model.left[i];
          const r = model.right[i];
          expect(l > i && l < end && r > i && r < end).toBe(true);
          expect(r).toBe(l + 1); // siblings adjacent, as scoring relies on
          // Splits are never degenerate and sizes add up.
          expect(model.size[l]).toBeGreaterThan(0);
          expect(model.size[r]).toBeGreaterThan(0);
          expect(model.size[l] + model.size[r]).toBe(model.size[i]);
        }
      }
      expect(leafTotal).toBe(200);
    }
  });

  it('only splits on featureSubset columns', () => {
    const subset = [1, 4, 7];
    const model = fitIsolationForest(data.x, data.rows, data.dims, { trees: 10, seed: 2, featureSubset: subset });
    const used = new Set<number>();
    for (const f of model.feature) if (f >= 0) used.add(f);
    expect([...used].sort()).toEqual(subset);
    const model2 = fitIsolationForest(data.x, data.rows, data.dims, {
      trees: 10,
      seed: 2,
      featureSubset: Int32Array.from(subset),
    });
    expect(model2.feature).toEqual(model.feature);
  });

  it('skips constant columns when choosing a split', () => {
    // Column 0 varies, columns 1..4 are constant.
    const rows = 300;
    const x = new Float32Array(rows * 5);
    const rng = createRng(8);
    for (let r = 0; r < rows; r++) {
      x[r * 5] = rng();
      for (let f = 1; f < 5; f++) x[r * 5 + f] = 0.25 * f;
    }
    const model = fitIsolationForest(x, rows, 5, { trees: 20, seed: 1 });
    const depth = nodeDepths(model);
    let internal = 0;
    for (let i = 0; i < model.feature.length; i++) {
      if (model.feature[i] >= 0) {
        expect(model.feature[i]).toBe(0);
        internal++;
      } else {
        // Column 0 has distinct values, so a node only stops at the height limit or at one row;
        // a constant column drawn at random must not end the branch early.
        expect(model.size[i] <= 1 || depth[i] === model.heightLimit).toBe(true);
      }
    }
    expect(internal).toBeGreaterThan(0);
  });

  it('clamps sampleSize to the row count', () => {
    const small = makeData(40, 0, 3, 1);
    const model = fitIsolationForest(small.x, small.rows, small.dims, { trees: 5 });
    expect(model.sampleSize).toBe(40);
    expect(model.heightLimit).toBe(6);
  });

  it('rejects bad input', () => {
    const x = new Float32Array(12);
    expect(() => fitIsolationForest(x, 4, 4)).toThrow(/fewer than rows/);
    expect(() => fitIsolationForest(x, 0, 3)).toThrow(/at least one row/);
    expect(() => fitIsolationForest(x, 4, 3, { trees: 0 })).toThrow(/trees/);
    expect(() => fitIsolationForest(x, 4, 3, { sampleSize: 1.5 })).toThrow(/sampleSize/);
    expect(() => fitIsolationForest(x, 4, 3, { featureSubset: [3] })).toThrow(/featureSubset/);
    expect(() => fitIsolationForest(x, 4, 3, { featureSubset: [] })).toThrow(/featureSubset/);
  });
});

describe('scoreIsolationForest', () => {
  const data = makeData(2000, 20, 10, 99);
  const model = fitIsolationForest(data.x, data.rows, data.dims, { trees: 100, sampleSize: 256, seed: 1 });
  const scores = scoreIsolationForest(model, data.x, data.rows, data.dims);

  it('gives scores in (0, 1]', () => {
    expect(scores.length).toBe(data.rows);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('scores outliers above inliers (AUC > 0.95)', () => {
    const outMean = mean(scores, (i) => data.isOutlier[i] === 1);
    const inMean = mean(scores, (i) => data.isOutlier[i] === 0);
    expect(outMean).toBeGreaterThan(inMean);
    expect(outMean).toBeGreaterThan(0.6);
    expect(inMean).toBeLessThan(0.55);
    expect(auc(scores, data.isOutlier)).toBeGreaterThan(0.95);
  });

  it('scores unseen points: far from the cluster is more anomalous than its centre', () => {
    const probe = new Float32Array(20);
    probe.fill(0.5, 0, 10); // cluster centre
    probe.fill(0.95, 10, 20); // far corner
    const s = scoreIsolationForest(model, probe, 2, 10);
    expect(s[1]).toBeGreaterThan(s[0]);
    expect(s[0]).toBeLessThan(0.5);
  });

  it('fills and returns a caller-provided buffer', () => {
    const out = new Float32Array(data.rows + 3).fill(-1);
    const r = scoreIsolationForest(model, data.x, data.rows, data.dims, out);
    expect(r).toBe(out);
    expect(out.subarray(0, data.rows)).toEqual(scores);
    expect(out[data.rows]).toBe(-1);
  });

  it('rejects mismatched shapes', () => {
    expect(() => scoreIsolationForest(model, data.x, data.rows, 9)).toThrow(/features/);
    expect(() => scoreIsolationForest(model, new Float32Array(15), 2, 10)).toThrow(/fewer than rows/);
    expect(() => scoreIsolationForest(model, data.x, data.rows, data.dims, new Float32Array(3))).toThrow(/out/);
  });

  it('handles constant data: single-leaf trees and equal scores', () => {
    const rows = 500;
    const x = new Float32Array(rows * 6).fill(0.3);
    const m = fitIsolationForest(x, rows, 6, { trees: 10, seed: 4 });
    expect(m.feature.length).toBe(10); // one leaf per tree
    const s = scoreIsolationForest(m, x, rows, 6);
    for (const v of s) expect(v).toBe(s[0]);
    expect(s[0]).toBeCloseTo(0.5, 6); // E[h] = c(ψ)  =>  s = 2^-1
  });

  it('handles a single training row', () => {
    const m = fitIsolationForest(new Float32Array([0.1, 0.2]), 1, 2, { trees: 3 });
    const s = scoreIsolationForest(m, new Float32Array([0.1, 0.2, 0.9, 0.9]), 2, 2);
    expect(Array.from(s)).toEqual([0.5, 0.5]);
  });
});

describe('JSON round trip', () => {
  const data = makeData(1000, 10, 10, 5);
  const model = fitIsolationForest(data.x, data.rows, data.dims, { trees: 25, seed: 17 });
  const scores = scoreIsolationForest(model, data.x, data.rows, data.dims);
  const json = isolationForestToJSON(model);

  it('produces the versioned plain form', () => {
    expect(json.format).toBe('isolation-forest');
    expect(json.version).toBe(1);
    expect(json.trees).toBe(25);
    expect(json.features).toBe(10);
    expect(json.treeOffsets.length).toBe(26);
    expect(json.nodes.feature.length).toBe(model.feature.length);
    expect(Array.isArray(json.nodes.threshold)).toBe(true);
  });

  it('gives bit-identical scores, also through JSON.stringify/parse', () => {
    const direct = isolationForestFromJSON(json);
    expect(scoreIsolationForest(direct, data.x, data.rows, data.dims)).toEqual(scores);
    const text = JSON.stringify(json);
    const reparsed = isolationForestFromJSON(JSON.parse(text));
    expect(reparsed.threshold).toEqual(model.threshold);
    expect(reparsed.leafPathLength).toEqual(model.leafPathLength);
    expect(scoreIsolationForest(reparsed, data.x, data.rows, data.dims)).toEqual(scores);
    expect(JSON.stringify(isolationForestToJSON(reparsed))).toBe(text);
  });

  const corrupt = (mutate: (j: ReturnType<typeof isolationForestToJSON>) => void) => {
    const j = JSON.parse(JSON.stringify(json));
    mutate(j);
    return () => isolationForestFromJSON(j);
  };

  it('rejects corrupt input with a clear message', () => {
    expect(() => isolationForestFromJSON(null)).toThrow(/expected an object/);
    expect(corrupt((j) => ((j as { format: string }).format = 'random-forest'))).toThrow(/format/);
    expect(corrupt((j) => ((j as { version: number }).version = 2))).toThrow(/unsupported version 2/);
    expect(corrupt((j) => j.nodes.threshold.pop())).toThrow(/nodes\.threshold has length/);
    expect(corrupt((j) => j.treeOffsets.pop())).toThrow(/treeOffsets has length/);
    expect(
      corrupt((j) => {
        for (const k of ['feature', 'threshold', 'left', 'right', 'size'] as const) j.nodes[k].length -= 5;
      }),
    ).toThrow(/treeOffsets\[25\] must equal the node count/);
    expect(
      corrupt((j) => {
        const internal = j.nodes.feature.findIndex((f) => f >= 0);
        j.nodes.left[internal] = j.nodes.feature.length + 10;
      }),
    ).toThrow(/nodes\.left\[\d+\] = \d+ is out of range/);
    expect(
      corrupt((j) => {
        // Point a child back at its own node: would loop forever if accepted.
        const internal = j.nodes.feature.findIndex((f) => f >= 0);
        j.nodes.right[internal] = internal;
      }),
    ).toThrow(/nodes\.right\[\d+\] = \d+ is out of range/);
    expect(
      corrupt((j) => {
        // A child index in range for the forest but belonging to the next tree.
        j.nodes.left[j.treeOffsets[0]] = j.treeOffsets[1];
      }),
    ).toThrow(/out of range/);
    expect(corrupt((j) => (j.nodes.feature[0] = 10))).toThrow(/nodes\.feature\[0\]/);
    expect(corrupt((j) => ((j.nodes.threshold as unknown[])[3] = 'x'))).toThrow(/finite number/);
    expect(corrupt((j) => (j.nodes.size[0] = -1))).toThrow(/nodes\.size\[0\]/);
    expect(corrupt((j) => ((j as { nodes: unknown }).nodes = undefined))).toThrow(/nodes must be an object/);
    expect(
      corrupt((j) => {
        // Both children of the root point at the same node.
        j.nodes.right[0] = j.nodes.left[0];
      }),
    ).toThrow(/more than one parent/);
    expect(
      corrupt((j) => {
        // Turn the root into a leaf: the rest of tree 0 becomes unreachable.
        j.nodes.feature[0] = -1;
        j.nodes.left[0] = -1;
        j.nodes.right[0] = -1;
      }),
    ).toThrow(/not reachable/);
  });
});

describe('hand-built model', () => {
  // One tree, ψ = 4: the root splits column 1 at 0.5; stored with the right child (a leaf of
  // 1 row) before the left child (an internal node splitting column 0 at 0.25 into leaves of
  // 2 and 1 rows). Siblings are not adjacent, so loading has to re-lay the tree out.
  const json = {
    format: 'isolation-forest',
    version: 1,
    trees: 1,
    sampleSize: 4,
    features: 2,
    treeOffsets: [0, 5],
    nodes: {
      feature: [1, -1, 0, -1, -1],
      threshold: [0.5, 0, 0.25, 0, 0],
      left: [2, -1, 3, -1, -1],
      right: [1, -1, 4, -1, -1],
      size: [4, 1, 3, 2, 1],
    },
  };

  it('scores by the path-length formula', () => {
    const model = isolationForestFromJSON(json);
    expect(model.right[0]).toBe(model.left[0] + 1);
    const c4 = 2 * (Math.log(3) + GAMMA) - 6 / 4;
    const x = new Float32Array([
      0.0, 0.9, // x1 ≥ 0.5: right leaf at depth 1, size 1   -> h = 1
      0.1, 0.2, // x1 < 0.5, x0 < 0.25: depth 2, size 2      -> h = 2 + c(2) = 3
      0.3, 0.2, // x1 < 0.5, x0 ≥ 0.25: depth 2, size 1      -> h = 2
      0.0, 0.5, // x1 = threshold goes right                 -> h = 1
      0.25, 0.0, // x0 = threshold goes right                -> h = 2
    ]);
    const s = scoreIsolationForest(model, x, 5, 2);
    const expected = [1, 3, 2, 1, 2].map((h) => Math.fround(2 ** (-h / c4)));
    for (let i = 0; i < 5; i++) expect(s[i]).toBeCloseTo(expected[i], 6);
    expect(s[0]).toBeGreaterThan(s[2]);
    expect(s[2]).toBeGreaterThan(s[1]);
    // Re-serialised form scores the same.
    const again = isolationForestFromJSON(JSON.parse(JSON.stringify(isolationForestToJSON(model))));
    expect(scoreIsolationForest(again, x, 5, 2)).toEqual(s);
  });
});
