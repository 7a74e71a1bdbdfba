/**
 * Stage 1: binary normal/anomalous classifier, a hybrid CNN + LSTM.
 * The preprocessed feature vector is read as a 1-channel sequence. Two Conv1D layers whose stride
 * equals their kernel turn it into a short sequence of learned local patterns (125 features →
 * 25 steps → 5 steps); an LSTM reads those 5 steps; a sigmoid gives the anomaly probability.
 * Few, wide time steps keep the LSTM (the costly part in tfjs) fast, and stride = kernel keeps
 * every convolution's gradient cheap on the wasm backend.
 */
import * as tf from '@tensorflow/tfjs';
import { stridedConvSequence } from './strided-conv-sequence';

export interface Stage1Options {
  featureCount: number;
  convFilters?: [number, number];
  kernel?: number;
  lstmUnits?: number;
  dropout?: number;
  seed?: number;
}

export function buildStage1Model(o: Stage1Options): tf.LayersModel {
  const seed = o.seed ?? 1;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const input = tf.input({ shape: [o.featureCount], name: 'features' });
  let h = stridedConvSequence(input, o.featureCount, o.convFilters ?? [32, 64], o.kernel ?? 5, init);
  h = tf.layers
    .lstm({
      units: o.lstmUnits ?? 64,
      kernelInitializer: init(3),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 4 }),
      name: 'lstm',
    })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: o.dropout ?? 0.3, seed: seed + 5, name: 'dropout' }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(6), name: 'anomaly_probability' })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'stage1_cnn_lstm' });
}
