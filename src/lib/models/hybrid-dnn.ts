/**
 * The hybrid detector's small DNN. With feature fusion its input is the preprocessed features plus
 * the Isolation Forest score; with score fusion it sees the features and its output is blended with
 * the forest score. Which one ships is chosen on validation (see train-models.ts).
 */
import * as tf from '@tensorflow/tfjs';

export function buildHybridDnn(o: { inputCount: number; units?: [number, number]; dropout?: number; seed?: number }): tf.LayersModel {
  const [u1, u2] = o.units ?? [64, 32];
  const seed = o.seed ?? 21;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  return tf.sequential({
    name: 'hybrid_dnn',
    layers: [
      tf.layers.dense({ inputShape: [o.inputCount], units: u1, activation: 'relu', kernelInitializer: init(1), name: 'dense1' }),
      tf.layers.dropout({ rate: o.dropout ?? 0.2, seed: seed + 2, name: 'dropout' }),
      tf.layers.dense({ units: u2, activation: 'relu', kernelInitializer: init(3), name: 'dense2' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(4), name: 'anomaly_probability' }),
    ],
  });
}
