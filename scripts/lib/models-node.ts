/** Loads the model set from a folder on disk (models/ by default) through the shared loader. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelBundle, type ModelBundle } from '../../src/lib/models/model-bundle';

export function loadModelsFromDir(dir: string): Promise<ModelBundle> {
  return loadModelBundle(async (path) => {
    const bytes = await readFile(join(dir, path));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  });
}
