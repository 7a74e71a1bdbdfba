/**
 * Stage 2: the attack category (DoS, Probe, R2L, U2R) of a record stage 1 flagged, a 1-D CNN.
 * Same sequence view as stage 1 (stride = kernel convolutions), then a dense head and softmax.
 */
import * as tf from '@tensorflow/tfjs';
import { stridedConvSequence } from './strided-conv-sequence';
import { ATTACK_CATEGORIES } from '../schema/categories';

export interface Stage2Options {
  featureCount: number;
  convFilters?: [number, number];
  kernel?: number;
  denseUnits?: number;
  dropout?: number;
  seed?: number;
}

export function buildStage2Model(o: Stage2Options): tf.LayersModel {
  const seed = o.seed ?? 11;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const input = tf.input({ shape: [o.featureCount], name: 'features' });
  let h = stridedConvSequence(input, o.featureCount, o.convFilters ?? [32, 64], o.kernel ?? 5, init);
  h = tf.layers.flatten({ name: 'flatten' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ units: o.denseUnits ?? 64, activation: 'relu', kernelInitializer: init(3), name: 'dense' })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: o.dropout ?? 0.3, seed: seed + 4, name: 'dropout' }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: ATTACK_CATEGORIES.length, activation: 'softmax', kernelInitializer: init(5), name: 'category_probabilities' })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'stage2_cnn' });
}
