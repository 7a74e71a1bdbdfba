/**
 * The analysis worker: the comlink `expose` of small modules (engine/: backends, models, faults;
 * jobs/: reading, scoring, details, exports, fine-tuning, the library). Everything heavy happens in
 * this worker so the page stays responsive; tfjs is imported only here and in what it imports.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Only the non-threaded binaries ship: threaded wasm hangs in a minified build (and needs cross-origin isolation).
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { expose } from 'comlink';
import { registerWasmConvBackpropFilter } from '../src/lib/models/kernels/conv-backprop-filter-kernel';
import { registerWasmCopyKernels } from '../src/lib/models/kernels/wasm-copy-kernels';
import { registerFusedStage1Kernel } from '../src/lib/models/kernels/fused-stage1-kernel';
import type { AnalysisWorkerApi } from '../src/shared/analysis-api';
import { currentStage1Path, modelInfo, prepareEngine } from './engine/engine';
import { analyse } from './jobs/analyse';
import { activateVersion, deleteVersion, exportVersion, fineTune, importVersion, libraryView, libraryViewOrEmpty, renameVersion } from './jobs/library';
import { learnBaseline } from './jobs/learn';
import { parse } from './jobs/parse';
import { curves, explain, exportPredictions, sortRows } from './jobs/record-detail';
import { cancelRunning } from './jobs/running';

tf.env().set('PROD', true);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// The map must name all three binaries; with threads off the threaded one is never requested.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
});
// Fine-tuning on wasm needs the convolution filter gradient tfjs-wasm lacks.
registerWasmConvBackpropFilter();
// The LSTM's copies (split, unstack, tile) as block copies: about twice as fast a stage 1 on wasm.
registerWasmCopyKernels();
// Stage 1 as one generated WebAssembly SIMD kernel on wasm and cpu (~2.5× the layers model; WebGL/WebGPU keep the layers).
registerFusedStage1Kernel();

const api: AnalysisWorkerApi = {
  parse,
  async prepare(options, callbacks) {
    const engine = await prepareEngine(options, (s) => void callbacks.step(s));
    return { model: modelInfo(engine.bundle.manifest), backend: engine.backend, attempts: engine.attempts, library: await libraryViewOrEmpty() };
  },
  analyse,
  cancel: cancelRunning,
  curves,
  explain,
  exportPredictions,
  sortRows,
  memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() ?? null, stage1Path: currentStage1Path() };
  },
  fineTune,
  learnBaseline,
  library: libraryView,
  activateVersion,
  renameVersion,
  deleteVersion,
  exportVersion,
  importVersion,
};

expose(api);
