/**
 * tfjs as every worker of this app runs it (the analysis worker and its scoring workers): production
 * mode, the non-threaded wasm binaries, and the project's custom kernels. Imported for its effect, first.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Only the non-threaded binaries ship: threaded wasm hangs in a minified build (and needs cross-origin isolation).
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { registerKernels } from '../../src/lib/models/kernels';

tf.env().set('PROD', true);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// The map must name all three binaries; with threads off the threaded one is never requested.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
});
// The convolution gradient tfjs-wasm lacks, faster LSTM copies, and the fused stage 1 / dense stack kernels.
registerKernels();
