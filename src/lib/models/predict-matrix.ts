/** Runs a [rows, width] matrix through a layers model in tensor batches; returns [rows, outputs]. */
import * as tf from '@tensorflow/tfjs';

export async function predictMatrix(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Promise<Float32Array> {
  const outputs = (model.outputs[0].shape[1] as number) ?? 1;
  const out = new Float32Array(rows * outputs);
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    // predict() would split into 32-row batches by default: one call per tensor batch is far faster.
    const y = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(start * width, (start + n) * width), [n, width]), { batchSize: n }) as tf.Tensor);
    try {
      out.set(await y.data(), start * outputs);
    } finally {
      y.dispose();
    }
  }
  return out;
}
