/**
 * Runs a [rows, width] matrix through a layers model in tensor batches; returns [rows, outputs].
 * A stage 1 CNN + LSTM goes through the fused kernel where the backend has it (wasm, cpu: about
 * 2.5× faster than the layers model; same scores within 1e-5), every other model and backend
 * through model.predict.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedStage1, fusedStage1Available } from './kernels/fused-stage1-kernel';
import { readStage1Structure, type Stage1Structure } from './kernels/stage1-structure';

const structures = new WeakMap<tf.LayersModel, Stage1Structure | null>();

function stage1Structure(model: tf.LayersModel): Stage1Structure | null {
  if (!structures.has(model)) structures.set(model, readStage1Structure(model));
  return structures.get(model) ?? null;
}

/** How predictMatrix will run this model on the active backend. */
export function predictPath(model: tf.LayersModel): 'fused-stage1' | 'layers' {
  const s = stage1Structure(model);
  return s && fusedStage1Available(s.dims) ? 'fused-stage1' : 'layers';
}

export async function predictMatrix(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Promise<Float32Array> {
  const s = stage1Structure(model);
  if (s && fusedStage1Available(s.dims)) return predictBatches(x, rows, width, 1, batch, (t) => fusedStage1(t, s));
  return predictMatrixLayers(model, x, rows, width, batch);
}

/** Always through the layers model (the reference the fused kernel is tested and benchmarked against). */
export function predictMatrixLayers(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Promise<Float32Array> {
  const outputs = (model.outputs[0].shape[1] as number) ?? 1;
  // predict() would split into 32-row batches by default: one call per tensor batch is far faster.
  return predictBatches(x, rows, width, outputs, batch, (t) => model.predict(t, { batchSize: t.shape[0] }) as tf.Tensor);
}

async function predictBatches(x: Float32Array, rows: number, width: number, outputs: number, batch: number, run: (t: tf.Tensor2D) => tf.Tensor): Promise<Float32Array> {
  const out = new Float32Array(rows * outputs);
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const y = tf.tidy(() => run(tf.tensor2d(x.subarray(start * width, (start + n) * width), [n, width])));
    try {
      out.set(await y.data(), start * outputs);
    } finally {
      y.dispose();
    }
  }
  return out;
}
