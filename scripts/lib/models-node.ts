/** Loads the model set from a folder on disk (models/ by default) through the shared loader. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelBundle, type ModelBundle } from '../../src/lib/models/model-bundle';
import { importModelVersion } from '../../src/lib/models/model-export';

export function loadModelsFromDir(dir: string): Promise<ModelBundle> {
  return loadModelBundle(async (path) => {
    const bytes = await readFile(join(dir, path));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  });
}

/** Loads a model version from its export file (npm run learn, the page's library export), every checksum checked. */
export async function loadModelsFromVersionFile(path: string): Promise<ModelBundle> {
  const { files } = await importModelVersion(await readFile(path));
  return loadModelBundle(async (p) => {
    const bytes = files.get(p);
    if (!bytes) throw new Error(`${path}: ${p} is missing`);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  });
}
