/**
 * 'FusedStage1': the whole stage 1 CNN + LSTM as one tfjs kernel for the wasm and cpu backends
 * (inputs: the [rows, features] matrix and the nine weight tensors; output [rows, 1] scores), run by
 * the generated WebAssembly SIMD code in fused-stage1-wasm.ts. On tfjs's wasm backend the layers
 * model makes ~150 kernel calls per batch, each a pass over the batch (README, Benchmark); this is
 * one. WebGL and WebGPU have no such kernel and keep the layers model. Weights are repacked when
 * they change (packed-kernel-call.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { FusedStage1Runner } from './fused-stage1-runner';
import { callPackedKernel, type PackedKernel } from '../packed-kernel-call';
import type { Stage1Dims, Stage1Weights } from './fused-stage1-layout';
import { stage1WeightTensors, type Stage1Structure } from './stage1-structure';

export const FUSED_STAGE1 = 'FusedStage1';
export const FUSED_STAGE1_BACKENDS = ['wasm', 'cpu'] as const;

const WEIGHT_NAMES = ['conv1Kernel', 'conv1Bias', 'conv2Kernel', 'conv2Bias', 'lstmKernel', 'lstmRecurrentKernel', 'lstmBias', 'denseKernel', 'denseBias'] as const;

/** One compiled kernel per dims; null where WebAssembly SIMD is unavailable. */
const compiled = new Map<string, PackedKernel | null>();

function kernelFor(dims: Stage1Dims): PackedKernel | null {
  const key = JSON.stringify(dims);
  if (!compiled.has(key)) {
    const runner = FusedStage1Runner.create(dims);
    compiled.set(
      key,
      runner && {
        outputs: 1,
        packed: null,
        setWeights: (values) => runner.setWeights(Object.fromEntries(WEIGHT_NAMES.map((name, i) => [name, values[i]])) as unknown as Stage1Weights),
        run: (x, rows, out) => runner.run(x, rows, out),
      },
    );
  }
  return compiled.get(key) ?? null;
}

/** Whether the fused kernel can score a model of these dims on the active backend. */
export function fusedStage1Available(dims: Stage1Dims): boolean {
  const backend = tf.getBackend();
  return !!backend && !!tf.getKernel(FUSED_STAGE1, backend) && kernelFor(dims) !== null;
}

/** Scores x [rows, features] with the model's current weights; check fusedStage1Available first. */
export function fusedStage1(x: tf.Tensor2D, structure: Stage1Structure): tf.Tensor2D {
  const weights = stage1WeightTensors(structure);
  const inputs: tf.NamedTensorMap = { x };
  WEIGHT_NAMES.forEach((name, i) => (inputs[name] = weights[i]));
  return tf.engine().runKernel(FUSED_STAGE1, inputs, { ...structure.dims }) as tf.Tensor2D;
}

function runKernel(backendName: string, { inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const dims = attrs as unknown as Stage1Dims;
  const kernel = kernelFor(dims);
  if (!kernel) throw new Error(`${FUSED_STAGE1}: WebAssembly SIMD is not available`);
  const x = inputs.x!;
  if (x.shape[1] !== dims.features) throw new Error(`${FUSED_STAGE1}: input has ${x.shape[1]} features, the model ${dims.features}`);
  return callPackedKernel(backendName, backend, kernel, x, WEIGHT_NAMES.map((name) => inputs[name]!));
}

let registered = false;

/** Registers 'FusedStage1' for the wasm and cpu backends (once; before or after they start). */
export function registerFusedStage1Kernel(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_STAGE1_BACKENDS) {
    if (tf.getKernel(FUSED_STAGE1, backendName)) continue;
    tf.registerKernel({ kernelName: FUSED_STAGE1, backendName, kernelFunc: (args) => runKernel(backendName, args as Parameters<typeof runKernel>[1]) });
  }
}
