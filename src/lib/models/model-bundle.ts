/**
 * The set of models that travel together: manifest, preprocessor, stage 1, stage 2, the Isolation
 * Forest and the hybrid DNN. Loading takes a `readFile` function so the same code reads Node files,
 * fetched static files or IndexedDB records; the manifest's schema hash must equal the app's.
 */
import type * as tf from '@tensorflow/tfjs';
import { isolationForestFromJSON, type IsolationForestModel } from './isolation-forest';
import { modelFromFiles, type ModelFiles } from './model-artifacts';
import { preprocessorFromJSON, type Preprocessor } from '../features/preprocessor';
import { SCHEMA_HASH } from '../schema/schema';

export const MANIFEST_FORMAT = 'traffic-anomaly-lab/models';
export const MANIFEST_VERSION = 1;

export type HybridFusion = 'feature' | 'score';

export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  schemaHash: string;
  createdAt: string;
  tfjsVersion: string;
  files: { preprocessor: string; stage1: string; stage2: string; hybrid: string; isolationForest: string };
  /** sha256 (hex) of every file named in `files` and of each model's weights, by path. */
  sha256: Record<string, string>;
  stage1: { threshold: number; thresholdPolicy: string; parameters: number; summary: string };
  stage2: { classes: string[]; parameters: number; classWeights: number[]; summary: string };
  isolationForest: { trees: number; sampleSize: number; threshold: number; thresholdPolicy: string };
  hybrid: {
    fusion: HybridFusion;
    /** Score fusion only: hybrid = weight·DNN + (1 − weight)·forest score. */
    weight: number;
    threshold: number;
    parameters: number;
    summary: string;
  };
  training: Record<string, unknown>;
  validation: Record<string, unknown>;
}

export interface ModelBundle {
  manifest: ModelManifest;
  preprocessor: Preprocessor;
  stage1: tf.LayersModel;
  stage2: tf.LayersModel;
  hybrid: tf.LayersModel;
  forest: IsolationForestModel;
}

export type ReadFile = (path: string) => Promise<ArrayBuffer>;

const decoder = new TextDecoder();
const readJson = async (read: ReadFile, path: string) => JSON.parse(decoder.decode(await read(path)));

/** Path of a file next to `modelJsonPath` (weights sit beside their model.json). */
export function siblingPath(modelJsonPath: string, name: string): string {
  const slash = modelJsonPath.lastIndexOf('/');
  return slash < 0 ? name : modelJsonPath.slice(0, slash + 1) + name;
}

export function validateManifest(input: unknown): ModelManifest {
  const m = input as ModelManifest;
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) throw new Error('Not a Traffic Anomaly Lab model manifest.');
  if (m.version !== MANIFEST_VERSION) throw new Error(`Model manifest version ${m.version} is not supported (expected ${MANIFEST_VERSION}).`);
  if (m.schemaHash !== SCHEMA_HASH) {
    throw new Error(`These models were made for schema ${m.schemaHash}, but this app's schema is ${SCHEMA_HASH}.`);
  }
  return m;
}

export async function loadModelBundle(read: ReadFile, onProgress?: (done: number, total: number) => void): Promise<ModelBundle> {
  const manifest = validateManifest(await readJson(read, 'manifest.json'));
  const total = 5;
  let done = 0;
  const step = <T>(v: T) => (onProgress?.(++done, total), v);
  const layers = async (path: string) => {
    const modelJson = (await readJson(read, path)) as ModelFiles['modelJson'];
    const weights = await read(siblingPath(path, modelJson.weightsManifest[0].paths[0]));
    return step(await modelFromFiles({ modelJson, weights }));
  };
  const preprocessor = step(preprocessorFromJSON(await readJson(read, manifest.files.preprocessor)));
  const forest = step(isolationForestFromJSON(await readJson(read, manifest.files.isolationForest)));
  const stage1 = await layers(manifest.files.stage1);
  const stage2 = await layers(manifest.files.stage2);
  const hybrid = await layers(manifest.files.hybrid);
  return { manifest, preprocessor, stage1, stage2, hybrid, forest };
}

export function disposeModelBundle(b: ModelBundle): void {
  b.stage1.dispose();
  b.stage2.dispose();
  b.hybrid.dispose();
}
