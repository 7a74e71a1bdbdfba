/**
 * Which models the fused kernel takes: a stage 1 CNN + LSTM read from its layers (dims from configs
 * and weight shapes), and not a look-alike that differs in anything the kernel computes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStage1Model } from '../../../../src/lib/models/stage1-cnn-lstm';
import { buildStage2Model } from '../../../../src/lib/models/stage2-cnn';
import { readStage1Structure } from '../../../../src/lib/models/kernels/fused-stage1/stage1-structure';

interface Variant {
  features?: number;
  conv?: Partial<Parameters<typeof tf.layers.conv1d>[0]>;
  lstm?: Partial<Parameters<typeof tf.layers.lstm>[0]>;
  head?: Partial<Parameters<typeof tf.layers.dense>[0]>;
  extra?: boolean;
  dropout?: boolean;
}

/** The stage 1 chain written out, with one thing changed at a time. */
function lookAlike(v: Variant = {}): tf.LayersModel {
  const features = v.features ?? 40;
  const input = tf.input({ shape: [features] });
  let h = tf.layers.reshape({ targetShape: [features, 1] }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.conv1d({ filters: 8, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu', ...v.conv }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv1d({ filters: 8, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.lstm({ units: 8, ...v.lstm }).apply(h) as tf.SymbolicTensor;
  if (v.dropout !== false) h = tf.layers.dropout({ rate: 0.2 }).apply(h) as tf.SymbolicTensor;
  if (v.extra) h = tf.layers.dense({ units: 8, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 1, activation: 'sigmoid', ...v.head }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('readStage1Structure', () => {
  it('reads the dims of a stage 1 model from its layers', () => {
    const s = readStage1Structure(buildStage1Model({ featureCount: 125, convFilters: [16, 32], lstmUnits: 32 }));
    expect(s?.dims).toEqual({ features: 125, kernel1: 5, filters1: 16, kernel2: 5, filters2: 32, units: 32 });
    expect(s?.conv1.name).toBe('conv1');
    expect(readStage1Structure(lookAlike())?.dims).toEqual({ features: 40, kernel1: 2, filters1: 8, kernel2: 2, filters2: 8, units: 8 });
    expect(readStage1Structure(lookAlike({ dropout: false }))).not.toBeNull();
  });

  it("with 'valid' padding too, which pads nothing when the stride divides the length", () => {
    expect(readStage1Structure(lookAlike({ conv: { padding: 'valid' } }))).not.toBeNull();
  });

  it('not stage 2, nor a model that differs in what the kernel computes', () => {
    expect(readStage1Structure(buildStage2Model({ featureCount: 125 }))).toBeNull();
    const unlike: [string, Variant][] = [
      ['conv activation', { conv: { activation: 'tanh' } }],
      ['conv stride ≠ kernel', { conv: { strides: 1 } }],
      ['conv without bias', { conv: { useBias: false } }],
      ['padding that pads (41 features)', { features: 41 }],
      ['LSTM recurrent activation', { lstm: { recurrentActivation: 'sigmoid' } }],
      ['LSTM activation', { lstm: { activation: 'relu' } }],
      ['LSTM backwards', { lstm: { goBackwards: true } }],
      ['head activation', { head: { activation: 'linear' } }],
      ['two outputs', { head: { units: 2 } }],
      ['an extra layer', { extra: true }],
    ];
    for (const [what, v] of unlike) expect(readStage1Structure(lookAlike(v)), what).toBeNull();
  });

  it('not dims the kernel lacks (units not a multiple of 4)', () => {
    expect(readStage1Structure(lookAlike({ lstm: { units: 6 } }))).toBeNull();
  });
});
