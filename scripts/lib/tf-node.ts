/**
 * TensorFlow.js for the Node scripts: the wasm backend (tfjs-node cannot install here), its .wasm
 * files read from node_modules, plus the kernel wasm lacks for training convolutions and the fused
 * stage 1 kernel (wasm and cpu).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerKernels } from '../../src/lib/models/kernels';

export async function initTfNode(backend: 'wasm' | 'cpu' = 'wasm'): Promise<typeof tf> {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  registerKernels();
  // Quiets the cpu backend's "install tfjs-node" banner, which cannot apply here.
  tf.env().set('PROD', true);
  // Importing the wasm backend makes it the default; wait for whichever we asked for before any tensor exists.
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
  await tf.ready();
  return tf;
}
