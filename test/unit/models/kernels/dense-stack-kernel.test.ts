/**
 * The fused dense stack (FusedDenseStack) against the layers model it replaces: random weights of
 * several shapes (block tails, 1–4 sigmoid outputs, softmax, the strided conv front, chunk and batch
 * boundaries) on wasm and cpu, weights that change between calls, the shipped hybrid DNN on all of
 * KDDTest+ and the shipped stage 2 on the rows stage 1 flags there (scores within 1e-5, identical
 * decisions and argmax), and the structures it must leave alone.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initTfNode } from '../../../../scripts/lib/tf-node';
import { loadModelsFromDir } from '../../../../scripts/lib/models-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, readCsvFile } from '../../../../scripts/lib/read-file';
import { buildHybridDnn } from '../../../../src/lib/models/hybrid-dnn';
import { buildStage2Model } from '../../../../src/lib/models/stage2-cnn';
import { scoreIsolationForest } from '../../../../src/lib/models/isolation-forest';
import { predictMatrix, predictMatrixLayers, predictRoute } from '../../../../src/lib/models/predict-matrix';
import { hybridInput } from '../../../../src/lib/scoring/pipeline';
import { inputs, maxDiff, randomise, spread } from '../../../fixtures/kernel-comparison';

const TOLERANCE = 1e-5;

/** Input[inputs] → Dense(relu) per hidden width → Dense(last, `activation`), a dropout after the first. */
function stack(inputCount: number, hidden: number[], last: number, activation: 'sigmoid' | 'softmax' | 'relu' = 'sigmoid', useBias = true): tf.LayersModel {
  const layers: tf.layers.Layer[] = [];
  hidden.forEach((units, i) => {
    layers.push(tf.layers.dense({ units, activation: 'relu', useBias, ...(i === 0 ? { inputShape: [inputCount] } : {}) }));
    if (i === 0) layers.push(tf.layers.dropout({ rate: 0.3 }));
  });
  layers.push(tf.layers.dense({ units: last, activation, useBias, ...(hidden.length === 0 ? { inputShape: [inputCount] } : {}) }));
  return tf.sequential({ layers });
}


const SHAPES = [
  { name: 'the shipped hybrid (126 → 64 → 32 → 1)', build: () => buildHybridDnn({ inputCount: 126, seed: 3 }), width: 126, scale: 0.3 },
  { name: 'block tails, 3 outputs (13 → 20 → 3)', build: () => stack(13, [20], 3), width: 13, scale: 0.8 },
  { name: 'three hidden layers, 4 outputs (7 → 8 → 16 → 4 → 4)', build: () => stack(7, [8, 16, 4], 4), width: 7, scale: 1 },
  { name: 'no hidden layer (5 → 1)', build: () => stack(5, [], 1), width: 5, scale: 1 },
  { name: 'softmax head (9 → 12 → 4)', build: () => stack(9, [12], 4, 'softmax'), width: 9, scale: 1.5 },
  { name: 'the shipped stage 2 (125 → 25×16 → 5×32 → 64 → softmax 4)', build: () => buildStage2Model({ featureCount: 125, convFilters: [16, 32], seed: 5 }), width: 125, scale: 0.4 },
  { name: 'a conv front with block tails (36 → 12×8 → 4×12 → 20 → softmax 4)', build: () => buildStage2Model({ featureCount: 36, kernel: 3, convFilters: [8, 12], denseUnits: 20, seed: 6 }), width: 36, scale: 0.8 },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FusedDenseStack on ${backend}`, () => {
    beforeAll(async () => {
      await initTfNode(backend);
    });

    for (const shape of SHAPES) {
      it(`equals the layers model within 1e-5: ${shape.name}`, async () => {
        const model = shape.build();
        randomise(model, shape.scale, 17);
        expect(predictRoute(model)).toBe('fused-dense-stack');
        // 2,500 rows: past the kernel's 2,048-row chunk; batch 1,000: three tensor batches, the last short.
        const rows = 2500;
        const x = inputs(rows, shape.width, 9);
        const fused = await predictMatrix(model, x, rows, shape.width, 1000);
        const layers = await predictMatrixLayers(model, x, rows, shape.width, 1000);
        expect(fused.length).toBe(layers.length);
        expect(spread(layers)).toBeGreaterThan(0.1); // not all saturated: the comparison means something
        expect(maxDiff(fused, layers)).toBeLessThan(TOLERANCE);
        model.dispose();
      });
    }

    it('scores with the weights the model has now, after they change, and leaks no tensors', async () => {
      const model = stack(13, [20], 3);
      const x = inputs(300, 13, 5);
      const before = await predictMatrix(model, x, 300, 13);
      randomise(model, 0.7, 99);
      const tensors = tf.memory().numTensors;
      const after = await predictMatrix(model, x, 300, 13, 70);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(maxDiff(before, after)).toBeGreaterThan(1e-3);
      expect(maxDiff(after, await predictMatrixLayers(model, x, 300, 13))).toBeLessThan(TOLERANCE);
      model.dispose();
    });
  });
}

describe('the shipped hybrid DNN on all of KDDTest+ (wasm)', () => {
  it('scores within 1e-5 of the layers model and decides every record the same', async () => {
    await initTfNode('wasm');
    const bundle = await loadModelsFromDir(MODELS_DIR);
    const { batch } = await readCsvFile(join(DEFAULT_DATA_DIR, 'KDDTest+.txt'));
    const rows = batch.rowCount;
    const width = bundle.preprocessor.featureCount;
    const x = bundle.preprocessor.transform(batch);
    expect(bundle.manifest.hybrid.fusion).toBe('feature');
    const hx = hybridInput(x, scoreIsolationForest(bundle.forest, x, rows, width), rows, width);
    expect(predictRoute(bundle.hybrid)).toBe('fused-dense-stack');
    const fused = await predictMatrix(bundle.hybrid, hx, rows, width + 1);
    const layers = await predictMatrixLayers(bundle.hybrid, hx, rows, width + 1);
    expect(maxDiff(fused, layers)).toBeLessThan(TOLERANCE);
    const threshold = bundle.manifest.hybrid.threshold;
    expect(fused.reduce((n, s, i) => n + (s >= threshold !== layers[i] >= threshold ? 1 : 0), 0)).toBe(0);
    expect(fused.filter((s) => s >= threshold).length).toBeGreaterThan(8000);
    // The head's sigmoid in XNNPACK's form: as many scores saturate to exactly 1 (ties, hence the AUC in reports/).
    const ones = (p: Float32Array) => p.filter((s) => s === 1).length;
    expect(ones(layers)).toBeGreaterThan(1000);
    expect(ones(fused)).toBe(ones(layers));
  });
});

describe('the shipped stage 2 on the rows stage 1 flags in KDDTest+ (wasm)', () => {
  it('gives probabilities within 1e-5 of the layers model and the same category for every row', async () => {
    await initTfNode('wasm');
    const bundle = await loadModelsFromDir(MODELS_DIR);
    const { batch } = await readCsvFile(join(DEFAULT_DATA_DIR, 'KDDTest+.txt'));
    const width = bundle.preprocessor.featureCount;
    const x = bundle.preprocessor.transform(batch);
    const score = await predictMatrix(bundle.stage1, x, batch.rowCount, width);
    const flagged = [...score.keys()].filter((i) => score[i] >= bundle.manifest.stage1.threshold);
    expect(flagged.length).toBeGreaterThan(10000);
    const xf = new Float32Array(flagged.length * width);
    flagged.forEach((i, k) => xf.set(x.subarray(i * width, (i + 1) * width), k * width));
    expect(predictRoute(bundle.stage2)).toBe('fused-dense-stack');
    const fused = await predictMatrix(bundle.stage2, xf, flagged.length, width);
    const layers = await predictMatrixLayers(bundle.stage2, xf, flagged.length, width);
    expect(maxDiff(fused, layers)).toBeLessThan(TOLERANCE);
    const argmax = (p: Float32Array, k: number) => [1, 2, 3].reduce((best, c) => (p[4 * k + c] > p[4 * k + best] ? c : best), 0);
    const categories = new Set<number>();
    for (let k = 0; k < flagged.length; k++) {
      expect(argmax(fused, k)).toBe(argmax(layers, k));
      categories.add(argmax(layers, k));
    }
    expect(categories.size).toBe(4); // every category occurs: the comparison means something
  });
});

describe('structures the fused dense stack leaves to the layers model', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('softmax over other than 4, ReLU heads, more than 4 outputs, no bias, hidden widths or filters not whole vectors', async () => {
    await initTfNode('wasm');
    const oddFilters = buildStage2Model({ featureCount: 36, kernel: 3, convFilters: [6, 12], seed: 1 });
    for (const model of [stack(6, [8], 3, 'softmax'), stack(6, [8], 2, 'relu'), stack(6, [8], 5), stack(6, [8], 1, 'sigmoid', false), stack(6, [6], 1), oddFilters]) {
      expect(predictRoute(model)).toBe('layers');
      model.dispose();
    }
  });

  it('where WebAssembly SIMD is unavailable (the module does not validate)', async () => {
    await initTfNode('wasm');
    const model = stack(11, [12], 2); // dims no other test compiles: built under the mock
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    expect(predictRoute(model)).toBe('layers');
    expect(validate).toHaveBeenCalled();
    const x = inputs(40, 11, 2);
    expect(await predictMatrix(model, x, 40, 11)).toEqual(await predictMatrixLayers(model, x, 40, 11));
    model.dispose();
  });
});
