/**
 * One call of a fused kernel whose wasm memory holds one model's packed weights (FusedStage1,
 * FusedDenseStack), on tfjs's wasm or cpu backend: repacks the weights when the tensors passed are
 * not the ones packed last (by dataId: tfjs gives every new tensor value a new dataId, and a
 * variable's assign — what optimizers and setWeights do — swaps it, so a fine-tuned model is never
 * scored with stale weights), then runs the rows straight from and into the wasm heap (wasm) or
 * typed arrays (cpu).
 */
import type * as tf from '@tensorflow/tfjs';

export interface PackedKernel {
  /** Values per output row. */
  outputs: number;
  setWeights(values: Float32Array[]): void;
  run(x: Float32Array, rows: number, out: Float32Array): void;
  /** dataIds of the weights packed last. */
  packed: tf.DataId[] | null;
}

interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface CpuBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

export function callPackedKernel(backendName: string, backend: unknown, kernel: PackedKernel, x: tf.TensorInfo, weights: tf.TensorInfo[]): tf.TensorInfo {
  const rows = x.shape[0];
  const onHeap = backendName === 'wasm';
  const heap = backend as HeapBackend;
  const cpu = backend as CpuBackend;
  // Allocate the output first: on wasm that may grow the heap, which detaches views taken before.
  const out = onHeap ? heap.makeOutput([rows, kernel.outputs], 'float32') : null;
  const values = (t: tf.TensorInfo) => (onHeap ? heap.typedArrayFromHeap(t) : (cpu.readSync(t.dataId) as Float32Array));
  const ids = weights.map((w) => w.dataId);
  if (!kernel.packed || kernel.packed.length !== ids.length || kernel.packed.some((id, i) => id !== ids[i])) {
    kernel.setWeights(weights.map(values));
    kernel.packed = ids;
  }
  if (out) {
    kernel.run(values(x), rows, heap.typedArrayFromHeap(out));
    return out;
  }
  const result = new Float32Array(rows * kernel.outputs);
  kernel.run(values(x), rows, result);
  return cpu.makeTensorInfo([rows, kernel.outputs], 'float32', result);
}
