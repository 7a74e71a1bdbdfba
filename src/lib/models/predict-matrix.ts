/**
 * Runs a [rows, width] matrix through a layers model in tensor batches; returns [rows, outputs].
 * A model whose layers read as a fused kernel's structure goes through that kernel where the
 * backend has it (wasm, cpu): a stage 1 CNN + LSTM through FusedStage1 (about 2.5× faster than
 * the layers model), a dense stack such as the hybrid DNN through FusedDenseStack; same scores
 * within 1e-5. Every other model and backend goes through model.predict.
 */
import * as tf from '@tensorflow/tfjs';
import {
  fusedDenseStack,
  fusedDenseStackAvailable,
  fusedStage1,
  fusedStage1Available,
  readDenseStackStructure,
  readStage1Structure,
  type DenseStackStructure,
  type Stage1Structure,
} from './kernels';

type Structure = { kind: 'fused-stage1'; s: Stage1Structure } | { kind: 'fused-dense-stack'; s: DenseStackStructure } | null;

const structures = new WeakMap<tf.LayersModel, Structure>();

function structure(model: tf.LayersModel): Structure {
  if (!structures.has(model)) {
    const stage1 = readStage1Structure(model);
    const dense = stage1 ? null : readDenseStackStructure(model);
    structures.set(model, stage1 ? { kind: 'fused-stage1', s: stage1 } : dense ? { kind: 'fused-dense-stack', s: dense } : null);
  }
  return structures.get(model) ?? null;
}

/** The fused run for this model on the active backend, if any. */
function fusedRun(model: tf.LayersModel): ((t: tf.Tensor2D) => tf.Tensor) | null {
  const st = structure(model);
  if (st?.kind === 'fused-stage1' && fusedStage1Available(st.s.dims)) return (t) => fusedStage1(t, st.s);
  if (st?.kind === 'fused-dense-stack' && fusedDenseStackAvailable(st.s.dims)) return (t) => fusedDenseStack(t, st.s);
  return null;
}

export type PredictRoute = 'fused-stage1' | 'fused-dense-stack' | 'layers';

/** How predictMatrix will run this model on the active backend. */
export function predictRoute(model: tf.LayersModel): PredictRoute {
  return fusedRun(model) ? structure(model)!.kind : 'layers';
}

export async function predictMatrix(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Promise<Float32Array> {
  const run = fusedRun(model);
  if (run) return predictBatches(x, rows, width, outputCount(model), batch, run);
  return predictMatrixLayers(model, x, rows, width, batch);
}

const outputCount = (model: tf.LayersModel) => (model.outputs[0].shape[1] as number) ?? 1;

/** Always through the layers model (the reference the fused kernels are tested and benchmarked against). */
export function predictMatrixLayers(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Promise<Float32Array> {
  // predict() would split into 32-row batches by default: one call per tensor batch is far faster.
  return predictBatches(x, rows, width, outputCount(model), batch, (t) => model.predict(t, { batchSize: t.shape[0] }) as tf.Tensor);
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
