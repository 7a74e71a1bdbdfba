/**
 * A small dense autoencoder fitted on normal rows only: its reconstruction error (mean squared
 * error over the preprocessed inputs, all in [0, 1]) is a novelty score, high for traffic unlike the
 * normal rows it learned to reproduce. Seeded initialisation and shuffling, as train-loop.ts does for
 * the classifiers (its loss is per-row binary / categorical, so the reconstruction loss has its own
 * short loop here).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../../util/random';

export interface AutoencoderOptions {
  inputCount: number;
  /** Encoder widths; the decoder mirrors them. The last is the bottleneck. */
  units: readonly number[];
  seed: number;
}

export function buildAutoencoder(o: AutoencoderOptions): tf.LayersModel {
  if (o.units.length === 0) throw new Error('buildAutoencoder: no hidden layers');
  const init = (k: number) => tf.initializers.glorotUniform({ seed: o.seed + k });
  const widths = [...o.units, ...o.units.slice(0, -1).reverse()];
  const layers: tf.layers.Layer[] = widths.map((units, k) =>
    tf.layers.dense({ ...(k === 0 ? { inputShape: [o.inputCount] } : {}), units, activation: 'relu', kernelInitializer: init(k), name: `dense${k + 1}` }),
  );
  layers.push(tf.layers.dense({ units: o.inputCount, activation: 'sigmoid', kernelInitializer: init(widths.length), name: 'reconstruction' }));
  return tf.sequential({ name: 'autoencoder', layers });
}

export interface AutoencoderTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** Trains on the rows of `x` ([rows, width], row-major) to reproduce themselves; returns the mean loss of each epoch. */
export async function trainAutoencoder(model: tf.LayersModel, x: Float32Array, rows: number, o: AutoencoderTraining, signal?: AbortSignal): Promise<number[]> {
  const width = x.length / rows;
  if (!Number.isInteger(width)) throw new RangeError(`trainAutoencoder: ${x.length} values do not make ${rows} rows`);
  const optimizer = tf.train.adam(o.learningRate);
  const rng = createRng(o.seed);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const xb = new Float32Array(o.batchSize * width);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let sum = 0;
      for (let start = 0; start < rows; start += o.batchSize) {
        if (signal?.aborted) throw new DOMException('Training was cancelled.', 'AbortError');
        const n = Math.min(o.batchSize, rows - start);
        for (let k = 0; k < n; k++) xb.set(x.subarray(order[start + k] * width, (order[start + k] + 1) * width), k * width);
        const cost = tf.tidy(() => {
          const batch = tf.tensor2d(xb.subarray(0, n * width), [n, width]);
          return optimizer.minimize(() => tf.mean(tf.squaredDifference(model.apply(batch, { training: true }) as tf.Tensor, batch)) as tf.Scalar, true, variables)!;
        });
        sum += (await cost.data())[0] * n;
        cost.dispose();
      }
      losses.push(sum / rows);
    }
    return losses;
  } finally {
    optimizer.dispose();
  }
}

/** Mean squared reconstruction error of every row. */
export async function reconstructionError(model: tf.LayersModel, x: Float32Array, rows: number, batch = 8192): Promise<Float32Array> {
  const width = x.length / rows;
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const err = tf.tidy(() => {
      const input = tf.tensor2d(x.subarray(start * width, (start + n) * width), [n, width]);
      return tf.mean(tf.squaredDifference(model.predict(input) as tf.Tensor, input), 1);
    });
    out.set(await err.data(), start);
    err.dispose();
  }
  return out;
}
