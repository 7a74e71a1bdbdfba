/**
 * The blocked, fixed-depth forest walks — JS (forest-scoring-layout.ts, forest-block-scorer.ts) and
 * generated wasm (forest-wasm.ts, forest-wasm-scorer.ts) — against a plain row-by-row walk of the model's own arrays: bit-identical path sums on fitted forests (row
 * counts that are not multiples of the block, NaN and ±Infinity inputs, single-leaf trees) and
 * bit-identical scores of the shipped forest on all of KDDTest+.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fitIsolationForest, scoreIsolationForest, type IsolationForestModel } from '../../../../src/lib/models/isolation-forest.ts';
import { forestPathSums } from '../../../../src/lib/models/forest/forest-block-scorer.ts';
import { forestScoringLayout } from '../../../../src/lib/models/forest/forest-scoring-layout.ts';
import { forestWasmPathSums } from '../../../../src/lib/models/forest/forest-wasm-scorer.ts';
import { createRng } from '../../../../src/lib/util/random.ts';
import { loadModelsFromDir } from '../../../../scripts/lib/models-node.ts';
import { DEFAULT_DATA_DIR, MODELS_DIR, readCsvFile } from '../../../../scripts/lib/read-file.ts';

/** Σ over trees of the leaf path length, walking each row down each tree until a leaf. */
function referenceSums(m: IsolationForestModel, x: Float32Array, rows: number): Float64Array {
  const sums = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let t = 0; t < m.trees; t++) {
      let node = m.treeOffsets[t];
      while (m.feature[node] >= 0) node = x[r * m.features + m.feature[node]] < m.threshold[node] ? m.left[node] : m.right[node];
      sum += m.leafPathLength[node];
    }
    sums[r] = sum;
  }
  return sums;
}

function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * cols }, () => Math.round(rng() * 8) / 8);
}

/** Both walks' sums for the first `rows` rows. */
function walks(model: IsolationForestModel, x: Float32Array, rows: number): { js: number[]; wasm: number[] } {
  const js = new Float64Array(rows);
  forestPathSums(forestScoringLayout(model), x, rows, model.features, js);
  const wasm = new Float64Array(rows);
  const run = forestWasmPathSums(model);
  if (!run) throw new Error('the forest wasm module did not compile');
  run(x, rows, wasm);
  return { js: Array.from(js), wasm: Array.from(wasm) };
}

describe('forestPathSums (JS) and forestWasmPathSums', () => {
  it('gives bit-identical sums to a row-by-row walk, for every row count mod 4', () => {
    const model = fitIsolationForest(randomMatrix(300, 6, 1), 300, 6, { trees: 25, sampleSize: 64, seed: 3 });
    const x = randomMatrix(103, 6, 2);
    for (const rows of [0, 1, 2, 3, 4, 5, 7, 8, 9, 103]) {
      const expected = Array.from(referenceSums(model, x, rows));
      const { js, wasm } = walks(model, x, rows);
      expect(js).toEqual(expected);
      expect(wasm).toEqual(expected);
    }
  });

  it('sends NaN right and handles ±Infinity like the fitted model', () => {
    const model = fitIsolationForest(randomMatrix(200, 3, 4), 200, 3, { trees: 10, sampleSize: 32, seed: 5 });
    const x = Float32Array.from([NaN, 0.5, 0.5, Infinity, -Infinity, NaN, 0, 0, 0, NaN, NaN, NaN, 1, 1, 1]);
    const { js, wasm } = walks(model, x, 5);
    expect(js).toEqual(Array.from(referenceSums(model, x, 5)));
    expect(wasm).toEqual(js);
  });

  it('scores single-leaf trees (constant data) with their leaf path length', () => {
    const model = fitIsolationForest(new Float32Array(40).fill(1), 20, 2, { trees: 3, sampleSize: 16 });
    expect(forestScoringLayout(model).depths.every((d) => d === 0)).toBe(true);
    const { js, wasm } = walks(model, randomMatrix(5, 2, 6), 5);
    expect(js).toEqual(Array.from(referenceSums(model, randomMatrix(5, 2, 6), 5)));
    expect(wasm).toEqual(js);
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('scores through the JS walk, with the same scores', () => {
    const data = randomMatrix(200, 4, 8);
    const model = fitIsolationForest(data, 200, 4, { trees: 12, sampleSize: 32, seed: 9 });
    const twin = fitIsolationForest(data, 200, 4, { trees: 12, sampleSize: 32, seed: 9 }); // compiled before the mock
    const withWasm = scoreIsolationForest(twin, data, 200, 4);
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    expect(forestWasmPathSums(model)).toBeNull();
    expect(Array.from(scoreIsolationForest(model, data, 200, 4))).toEqual(Array.from(withWasm));
  });
});

describe('the shipped forest on all of KDDTest+', () => {
  it('scores every record bit-identically to a row-by-row walk (through the wasm walk)', async () => {
    const bundle = await loadModelsFromDir(MODELS_DIR);
    const { batch } = await readCsvFile(join(DEFAULT_DATA_DIR, 'KDDTest+.txt'));
    const width = bundle.preprocessor.featureCount;
    const x = bundle.preprocessor.transform(batch);
    const m = bundle.forest;
    const c = 2 * (Math.log(m.sampleSize - 1) + 0.5772156649015329) - (2 * (m.sampleSize - 1)) / m.sampleSize;
    const k = -Math.LN2 / (m.trees * c);
    const expected = Float32Array.from(referenceSums(m, x, batch.rowCount), (s) => Math.exp(s * k));
    expect(forestWasmPathSums(m)).not.toBeNull();
    const scores = scoreIsolationForest(m, x, batch.rowCount, width);
    expect(batch.rowCount).toBe(22544);
    let mismatches = 0;
    for (let i = 0; i < batch.rowCount; i++) if (scores[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
  });
});
