/**
 * Starting tfjs backends: software-GPU probing (SwiftShader and friends are skipped by the automatic
 * choice), loading the models on a backend, and the warm-up predict after which a backend counts as
 * working (missing kernels fail at run time, not at load time).
 */
import * as tf from '@tensorflow/tfjs';
import { disposeModelBundle, loadModelBundle, type ModelBundle } from '../../src/lib/models/model-bundle';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import { CATEGORICAL_FEATURES, FEATURES } from '../../src/lib/schema/schema';
import { scoreAllRows } from '../../src/lib/scoring/score-all-rows';
import { messageOf } from '../../src/lib/util/errors';
import { BACKEND_LABELS, type BackendAttempt, type BackendName, type EngineStep } from '../../src/shared/analysis-api';

export const backendLabel = (b: BackendName) => BACKEND_LABELS[b];

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(options?: object): Promise<GpuAdapterLike | null>;
}
export const gpu = () => (navigator as unknown as { gpu?: GpuLike }).gpu;

/**
 * A software renderer behind WebGPU or WebGL (SwiftShader, llvmpipe), or null. On one of those the
 * GPU backends are slower than WASM and WebGPU's first predict takes close to a minute, so the
 * automatic choice skips them; choosing one by name still uses it.
 */
async function softwareRenderer(backend: BackendName): Promise<string | null> {
  const software = /swiftshader|llvmpipe|softpipe|software|basic render/i;
  if (backend === 'webgpu') {
    const adapter = await gpu()?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null; // no adapter: starting the backend fails and says so
    const info = adapter.info ?? {};
    const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
    return info.isFallbackAdapter || adapter.isFallbackAdapter || software.test(text) ? `a software adapter (${text.trim() || 'fallback'})` : null;
  }
  if (backend === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return software.test(renderer) ? `a software renderer (${renderer})` : null;
  }
  return null;
}

/** A predict of all three models on two rows; a backend counts as working only once this succeeds. */
export async function warmUp(bundle: ModelBundle): Promise<void> {
  const numeric = FEATURES.length - CATEGORICAL_FEATURES.length;
  const batch: RecordBatch = {
    rowCount: 2,
    rowNumbers: Uint32Array.of(1, 2),
    numeric: new Float32Array(2 * numeric).fill(1, numeric),
    categorical: new Int32Array(2 * CATEGORICAL_FEATURES.length),
    labels: Int32Array.of(-1, -1),
    difficulty: Int16Array.of(-1, -1),
  };
  const s = await scoreAllRows(bundle, batch);
  for (const values of [s.score, s.stage2Score, s.ifScore, s.hybridScore]) {
    if (!values.every(Number.isFinite)) throw new Error('the warm-up predict gave scores that are not numbers');
  }
}

export function safely(f: () => void): void {
  try {
    f();
  } catch {
    // Disposing models of a backend that has just failed can itself fail; nothing is left to free then.
  }
}

/** Loads `read`'s models on the current backend and warms them up; disposes them if that fails. */
export async function loadWarm(read: (path: string) => Promise<ArrayBuffer>, onFile?: (done: number, total: number) => void): Promise<ModelBundle> {
  const bundle = await loadModelBundle(read, onFile);
  try {
    await warmUp(bundle);
    return bundle;
  } catch (error) {
    safely(() => disposeModelBundle(bundle));
    throw error;
  }
}

async function startBackend(backend: BackendName, read: (path: string) => Promise<ArrayBuffer>, step: (s: EngineStep) => void): Promise<ModelBundle> {
  step({ kind: 'backend', backend, stage: 'starting' });
  let started = false;
  try {
    started = await tf.setBackend(backend);
  } catch (error) {
    throw new Error(`${backendLabel(backend)} is not available here (${messageOf(error)})`);
  }
  if (!started) throw new Error(`${backendLabel(backend)} could not start in this browser`);
  const bundle = await loadModelBundle(read, (done, total) => step({ kind: 'models', done, total }));
  step({ kind: 'backend', backend, stage: 'warming-up' });
  try {
    await warmUp(bundle);
    return bundle;
  } catch (error) {
    safely(() => disposeModelBundle(bundle));
    throw new Error(`${backendLabel(backend)} failed its warm-up predict: ${messageOf(error)}`);
  }
}

/**
 * Starts the first backend of `candidates` that loads the models and passes the warm-up. Software
 * renderers are skipped unless the backend is in `keepSoftware` (the one the user picked by name).
 */
export async function startFirstWorking(
  candidates: readonly BackendName[],
  keepSoftware: BackendName | null,
  read: (path: string) => Promise<ArrayBuffer>,
  attempts: BackendAttempt[],
  step: (s: EngineStep) => void,
): Promise<{ backend: BackendName; bundle: ModelBundle }> {
  for (const backend of candidates) {
    try {
      if (backend !== keepSoftware) {
        const software = await softwareRenderer(backend);
        if (software) {
          attempts.push({ backend, outcome: 'skipped', reason: `runs on ${software}, slower than WASM; choose it by name to use it anyway` });
          continue;
        }
      }
      const bundle = await startBackend(backend, read, step);
      attempts.push({ backend, outcome: 'ready' });
      return { backend, bundle };
    } catch (error) {
      const reason = messageOf(error);
      attempts.push({ backend, outcome: 'failed', reason });
      step({ kind: 'backend-failed', backend, reason });
    }
  }
  throw new Error(`No compute backend works in this browser: ${attempts.map((a) => `${backendLabel(a.backend)}: ${a.reason ?? a.outcome}`).join('; ')}`);
}
