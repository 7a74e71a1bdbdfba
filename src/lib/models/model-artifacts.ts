/**
 * tfjs layers models to and from plain files (`model.json` + one weights file), without tfjs-node:
 * saving goes through tf.io.withSaveHandler, loading through an in-memory IOHandler, so the same
 * code serves Node (files) and the browser (fetched static files, IndexedDB blobs).
 */
import * as tf from '@tensorflow/tfjs';

export const WEIGHTS_FILE = 'weights.bin';

export interface ModelFiles {
  /** The `model.json` object (topology + weights manifest pointing at WEIGHTS_FILE). */
  modelJson: { modelTopology: object; weightsManifest: tf.io.WeightsManifestConfig; format?: string; generatedBy?: string; convertedBy?: string | null };
  weights: ArrayBuffer;
}

export async function modelToFiles(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = tf.io.concatenateArrayBuffers(
        artifacts.weightData instanceof ArrayBuffer ? [artifacts.weightData] : (artifacts.weightData as ArrayBuffer[]),
      );
      files = {
        modelJson: {
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy ?? null,
          modelTopology: artifacts.modelTopology as object,
          weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        },
        weights,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

export async function modelFromFiles(files: ModelFiles): Promise<tf.LayersModel> {
  const weightSpecs = files.modelJson.weightsManifest.flatMap((group) => group.weights);
  const expected = weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * bytesPer(w.dtype), 0);
  if (files.weights.byteLength !== expected) {
    throw new Error(`Model weights are ${files.weights.byteLength} bytes, the manifest needs ${expected}: the file is truncated or does not belong to this model.`);
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: files.modelJson.modelTopology, weightSpecs, weightData: files.weights }),
  );
}

function bytesPer(dtype: string): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : dtype === 'bool' ? 1 : 4;
}
