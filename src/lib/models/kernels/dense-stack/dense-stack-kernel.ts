/**
 * 'FusedDenseStack': a dense stack (dense-stack-structure.ts; the hybrid DNN and stage 2) as one tfjs
 * kernel for the wasm and cpu backends (inputs: the [rows, F] matrix and each weighted layer's kernel
 * and bias; output [rows, head units]), run by the generated WebAssembly SIMD code in dense-stack-wasm.ts instead
 * of a matMul, bias and activation per layer with a pass over the batch each. WebGL and WebGPU keep
 * the layers model.
 */
import * as tf from '@tensorflow/tfjs';
import { denseStackLayout, packDenseStackWeights, type DenseHead, type DenseStackDims } from './dense-stack-layout';
import { denseStackWeightTensors, type DenseStackStructure } from './dense-stack-structure';
import { generateDenseStack } from './dense-stack-wasm';
import { callPackedKernel, type PackedKernel } from '../packed-kernel-call';
import { instantiate } from '../wasm/wasm-api';

export const FUSED_DENSE_STACK = 'FusedDenseStack';
const BACKENDS = ['wasm', 'cpu'] as const;

const compiled = new Map<string, PackedKernel | null>();

function compile(dims: DenseStackDims): PackedKernel | null {
  const layout = denseStackLayout(dims);
  const instance = instantiate<{ run: (rows: number) => void }>(generateDenseStack(layout));
  if (!instance) return null;
  const memory = new Float32Array(instance.exports.memory.buffer); // fixed size: never detaches
  const outputs = dims.units[dims.units.length - 1];
  return {
    outputs,
    packed: null,
    setWeights: (values) => {
      const convs = dims.conv ? 4 : 0;
      const [kernel1, bias1, kernel2, bias2] = values;
      const dense = values.slice(convs);
      packDenseStackWeights(memory, layout, {
        conv: dims.conv ? { kernel1, bias1, kernel2, bias2 } : null,
        kernels: dense.filter((_, i) => i % 2 === 0),
        biases: dense.filter((_, i) => i % 2 === 1),
      });
    },
    run: (x, rows, out) => {
      if (x.length < rows * dims.inputs || out.length < rows * outputs) throw new Error(`${FUSED_DENSE_STACK}: arrays shorter than rows`);
      for (let start = 0; start < rows; start += layout.chunkRows) {
        const n = Math.min(layout.chunkRows, rows - start);
        memory.set(x.subarray(start * dims.inputs, (start + n) * dims.inputs), layout.input / 4);
        instance.exports.run(n);
        out.set(memory.subarray(layout.output / 4, layout.output / 4 + n * outputs), start * outputs);
      }
    },
  };
}

/** One compiled kernel per dims; null where WebAssembly SIMD is unavailable. */
function kernelFor(dims: DenseStackDims): PackedKernel | null {
  const key = JSON.stringify(dims);
  if (!compiled.has(key)) compiled.set(key, compile(dims));
  return compiled.get(key) ?? null;
}

/** Whether the fused kernel can run a stack of these dims on the active backend. */
export function fusedDenseStackAvailable(dims: DenseStackDims): boolean {
  const backend = tf.getBackend();
  return !!backend && !!tf.getKernel(FUSED_DENSE_STACK, backend) && kernelFor(dims) !== null;
}

/** Runs x [rows, F] through the stack with the model's current weights; check fusedDenseStackAvailable first. */
export function fusedDenseStack(x: tf.Tensor2D, structure: DenseStackStructure): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = { x };
  denseStackWeightTensors(structure).forEach((w, i) => (inputs[`w${i}`] = w));
  const { inputs: features, units, head, conv } = structure.dims;
  const attrs = { inputs: features, units, head, conv: conv ? [conv.kernel1, conv.filters1, conv.kernel2, conv.filters2] : [] };
  return tf.engine().runKernel(FUSED_DENSE_STACK, inputs, attrs) as tf.Tensor2D;
}

function runKernel(backendName: string, { inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const [kernel1, filters1, kernel2, filters2] = attrs!.conv as number[];
  const conv = kernel1 ? { kernel1, filters1, kernel2, filters2 } : null;
  const dims: DenseStackDims = { inputs: attrs!.inputs as number, conv, units: attrs!.units as number[], head: attrs!.head as DenseHead };
  const kernel = kernelFor(dims);
  if (!kernel) throw new Error(`${FUSED_DENSE_STACK}: WebAssembly SIMD is not available`);
  const x = inputs.x!;
  if (x.shape[1] !== dims.inputs) throw new Error(`${FUSED_DENSE_STACK}: input has ${x.shape[1]} features, the model ${dims.inputs}`);
  const weights = Array.from({ length: 2 * dims.units.length + (conv ? 4 : 0) }, (_, i) => inputs[`w${i}`]!);
  return callPackedKernel(backendName, backend, kernel, x, weights);
}

let registered = false;

/** Registers 'FusedDenseStack' for the wasm and cpu backends (once; before or after they start). */
export function registerFusedDenseStackKernel(): void {
  if (registered) return;
  registered = true;
  for (const backendName of BACKENDS) {
    if (tf.getKernel(FUSED_DENSE_STACK, backendName)) continue;
    tf.registerKernel({ kernelName: FUSED_DENSE_STACK, backendName, kernelFunc: (args) => runKernel(backendName, args as Parameters<typeof runKernel>[1]) });
  }
}
