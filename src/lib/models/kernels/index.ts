/**
 * The project's tfjs kernels, in three kinds: generated WebAssembly SIMD kernels (one folder each:
 * fused-stage1/, dense-stack/, built with the toolchain in wasm/), and fixes to tfjs's own wasm
 * backend (tfjs-fixes/). Every tfjs setup (the workers' and the Node scripts') calls registerKernels()
 * once, before or after the backends start.
 */
import { registerFusedDenseStackKernel } from './dense-stack/dense-stack-kernel';
import { registerFusedStage1Kernel } from './fused-stage1/fused-stage1-kernel';
import { registerWasmConvBackpropFilter } from './tfjs-fixes/conv-backprop-filter-kernel';
import { registerWasmCopyKernels } from './tfjs-fixes/wasm-copy-kernels';

export function registerKernels(): void {
  // Fine-tuning on wasm needs the convolution filter gradient tfjs-wasm lacks.
  registerWasmConvBackpropFilter();
  // The LSTM's copies (split, unstack, tile) as block copies: about twice as fast a stage 1 on wasm.
  registerWasmCopyKernels();
  // Stage 1 as one generated kernel on wasm and cpu (~2.5× the layers model; WebGL/WebGPU keep the layers).
  registerFusedStage1Kernel();
  // Stage 2 and the hybrid DNN as one generated kernel each, on wasm and cpu.
  registerFusedDenseStackKernel();
}

export { fusedDenseStack, fusedDenseStackAvailable } from './dense-stack/dense-stack-kernel';
export { readDenseStackStructure, type DenseStackStructure } from './dense-stack/dense-stack-structure';
export { fusedStage1, fusedStage1Available } from './fused-stage1/fused-stage1-kernel';
export { readStage1Structure, type Stage1Structure } from './fused-stage1/stage1-structure';
