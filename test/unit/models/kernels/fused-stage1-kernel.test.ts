/**
 * The fused stage 1 kernel against the layers model it replaces: random weights of several shapes
 * (block tails, odd kernel rows, chunk and batch boundaries) on wasm and cpu, weights that change
 * between calls (fine-tuning), the shipped model on all of KDDTest+ (scores within 1e-5, identical
 * decisions at the shipped threshold), and the fallbacks: no SIMD, unsupported dims.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initTfNode } from '../../../../scripts/lib/tf-node';
import { loadModelsFromDir } from '../../../../scripts/lib/models-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, readCsvFile } from '../../../../scripts/lib/read-file';
import { buildStage1Model } from '../../../../src/lib/models/stage1-cnn-lstm';
import { predictMatrix, predictMatrixLayers, predictRoute } from '../../../../src/lib/models/predict-matrix';
import { inputs, maxDiff, randomise, spread } from '../../../fixtures/kernel-comparison';

const TOLERANCE = 1e-5;

const SHAPES = [
  { name: 'the shipped shape (125 → 25×16 → 5×32 → LSTM 32)', featureCount: 125, kernel: 5, convFilters: [16, 32] as [number, number], lstmUnits: 32, scale: 0.5 },
  { name: 'odd kernel, block tails (36 → 12×8 → 4×12 → LSTM 12)', featureCount: 36, kernel: 3, convFilters: [8, 12] as [number, number], lstmUnits: 12, scale: 1 },
  { name: 'long sequence, wide conv1 (40 → 20×20 → 10×4 → LSTM 4)', featureCount: 40, kernel: 2, convFilters: [20, 4] as [number, number], lstmUnits: 4, scale: 1.5 },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`FusedStage1 on ${backend}`, () => {
    beforeAll(async () => {
      await initTfNode(backend);
    });

    for (const shape of SHAPES) {
      it(`equals the layers model within 1e-5: ${shape.name}`, async () => {
        const model = buildStage1Model({ ...shape, seed: 7 });
        randomise(model, shape.scale, 11);
        expect(predictRoute(model)).toBe('fused-stage1');
        // 2,500 rows: past the kernel's 2,048-row chunk; batch 1,000: three tensor batches, the last short.
        const rows = 2500;
        const x = inputs(rows, shape.featureCount, 3);
        const fused = await predictMatrix(model, x, rows, shape.featureCount, 1000);
        const layers = await predictMatrixLayers(model, x, rows, shape.featureCount, 1000);
        expect(spread(layers)).toBeGreaterThan(0.1); // not all saturated: the comparison means something
        expect(maxDiff(fused, layers)).toBeLessThan(TOLERANCE);
        expect(Array.from(await predictMatrix(model, x.subarray(0, shape.featureCount), 1, shape.featureCount))[0]).toBeCloseTo(layers[0], 5);
        model.dispose();
      });
    }

    it('scores with the weights the model has now, after they change', async () => {
      const shape = SHAPES[1];
      const model = buildStage1Model({ ...shape, seed: 1 });
      const rows = 300;
      const x = inputs(rows, shape.featureCount, 5);
      const before = await predictMatrix(model, x, rows, shape.featureCount);
      randomise(model, 0.4, 99); // new values, as an optimizer step or setWeights gives
      const after = await predictMatrix(model, x, rows, shape.featureCount);
      expect(maxDiff(before, after)).toBeGreaterThan(1e-3);
      expect(maxDiff(after, await predictMatrixLayers(model, x, rows, shape.featureCount))).toBeLessThan(TOLERANCE);
      // A second model of the same dims alternating with the first: each gets its own weights.
      const other = buildStage1Model({ ...shape, seed: 2 });
      const otherScores = await predictMatrix(other, x, rows, shape.featureCount);
      expect(maxDiff(otherScores, await predictMatrixLayers(other, x, rows, shape.featureCount))).toBeLessThan(TOLERANCE);
      expect(await predictMatrix(model, x, rows, shape.featureCount)).toEqual(after);
      model.dispose();
      other.dispose();
    });

    it('leaks no tensors', async () => {
      const model = buildStage1Model({ ...SHAPES[2], seed: 3 });
      const x = inputs(100, 40, 1);
      await predictMatrix(model, x, 100, 40); // compile and pack outside the count
      const before = tf.memory().numTensors;
      await predictMatrix(model, x, 100, 40, 30);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  });
}

describe('the shipped stage 1 on all of KDDTest+ (wasm)', () => {
  it('scores within 1e-5 of the layers model and decides every record the same', async () => {
    await initTfNode('wasm');
    const bundle = await loadModelsFromDir(MODELS_DIR);
    const { batch } = await readCsvFile(join(DEFAULT_DATA_DIR, 'KDDTest+.txt'));
    const width = bundle.preprocessor.featureCount;
    const x = bundle.preprocessor.transform(batch);
    expect(batch.rowCount).toBe(22544);
    expect(predictRoute(bundle.stage1)).toBe('fused-stage1');
    expect(predictRoute(bundle.stage2)).toBe('fused-dense-stack');
    expect(predictRoute(bundle.hybrid)).toBe('fused-dense-stack');
    const fused = await predictMatrix(bundle.stage1, x, batch.rowCount, width);
    const layers = await predictMatrixLayers(bundle.stage1, x, batch.rowCount, width);
    expect(maxDiff(fused, layers)).toBeLessThan(TOLERANCE);
    const threshold = bundle.manifest.stage1.threshold;
    const flips = fused.reduce((n, s, i) => n + (s >= threshold !== layers[i] >= threshold ? 1 : 0), 0);
    expect(flips).toBe(0);
    expect(fused.filter((s) => s >= threshold).length).toBeGreaterThan(8000); // the decisions are not trivial
  });
});

describe('fallback to the layers model', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('where WebAssembly SIMD is unavailable (the module does not validate)', async () => {
    await initTfNode('wasm');
    // Dims no other test compiles, so the kernel is built (and validated) here, under the mock.
    const model = buildStage1Model({ featureCount: 24, kernel: 2, convFilters: [4, 8], lstmUnits: 8, seed: 4 });
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    expect(predictRoute(model)).toBe('layers');
    expect(validate).toHaveBeenCalled();
    const x = inputs(50, 24, 2);
    expect(await predictMatrix(model, x, 50, 24)).toEqual(await predictMatrixLayers(model, x, 50, 24));
    model.dispose();
  });

  it('for dims the kernel does not take (units not a multiple of 4)', async () => {
    await initTfNode('wasm');
    const model = buildStage1Model({ featureCount: 36, kernel: 3, convFilters: [8, 12], lstmUnits: 6, seed: 4 });
    expect(predictRoute(model)).toBe('layers');
    const x = inputs(20, 36, 2);
    expect(await predictMatrix(model, x, 20, 36)).toEqual(await predictMatrixLayers(model, x, 20, 36));
    model.dispose();
  });
});
