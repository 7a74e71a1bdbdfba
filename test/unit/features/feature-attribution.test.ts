import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfNode } from '../../../scripts/lib/tf-node';
import { attributionByFeature, featureOfColumn } from '../../../src/lib/features/feature-attribution';
import { inputGradient } from '../../../src/lib/features/gradient-times-input';

describe('attributionByFeature', () => {
  const columns = ['duration', 'src_bytes', 'service=http', 'service=ftp', 'service=<unknown>', 'flag=SF'];

  it('sums one-hot columns into their feature and sorts by magnitude', () => {
    const input = [0.5, 0.2, 0, 1, 0, 1];
    const gradient = [0.1, -2, 5, -0.3, 7, 0.05];
    // 0.5 × 0.1 and 1 × 0.05 are both 0.05 up to rounding
    const got = attributionByFeature(columns, input, gradient).map((a) => ({ ...a, contribution: Number(a.contribution.toFixed(9)) }));
    // duration and flag both give 0.05: equal magnitudes keep the column order.
    expect(got).toEqual([
      { feature: 'src_bytes', contribution: -0.4 },
      { feature: 'service', contribution: -0.3 },
      { feature: 'duration', contribution: 0.05 },
      { feature: 'flag', contribution: 0.05 },
    ]);
  });

  it('names the feature of a column', () => {
    expect(featureOfColumn('service=ftp_data')).toBe('service');
    expect(featureOfColumn('count')).toBe('count');
  });

  it('rejects arrays of the wrong length', () => {
    expect(() => attributionByFeature(columns, [1], [1])).toThrow(RangeError);
  });
});

describe('inputGradient', () => {
  beforeAll(async () => {
    await initTfNode('wasm');
  });

  const w = [0.5, -1.5, 2, 0.25];
  const x = Float32Array.of(1, 2, 0.5, -4);
  const z = 0.5 - 3 + 1 - 1 + 0.1; // w·x + b
  const dense = (activation: 'linear' | 'sigmoid') =>
    tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1, activation, weights: [tf.tensor2d(w, [4, 1]), tf.tensor1d([0.1])] })] });

  it('is the weight vector for a linear model, so gradient × input = w·x per column', async () => {
    const model = dense('linear');
    const before = tf.memory().numTensors;
    const { score, of, gradient } = await inputGradient(model, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(of).toBe('output');
    expect(score).toBeCloseTo(z, 5);
    Array.from(gradient).forEach((g, j) => expect(g).toBeCloseTo(w[j], 6));
    model.dispose();
  });

  it('differentiates the log-odds of a final sigmoid, which do not saturate', async () => {
    const model = dense('sigmoid');
    const before = tf.memory().numTensors;
    const { score, of, gradient } = await inputGradient(model, x);
    // A second call reuses the log-odds function and leaks nothing either.
    await inputGradient(model, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(of).toBe('log-odds');
    expect(score).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    Array.from(gradient).forEach((g, j) => expect(g).toBeCloseTo(w[j], 6));
    model.dispose();
  });
});
