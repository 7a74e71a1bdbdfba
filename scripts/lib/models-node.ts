/** Loads the model set from a folder on disk (models/ by default) through the shared loader. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelBundle, type ModelBundle } from '../../src/lib/models/model-bundle';
import { importModelVersion } from '../../src/lib/models/model-export';

const toArrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export async function loadModelsFromDir(dir: string): Promise<ModelBundle> {
  // The loader asks for one file after another; once the manifest is read, every file it lists (its
  // sha256 keys) is read at once instead, so the disk waits overlap (the command line's start time).
  const reads = new Map<string, Promise<ArrayBuffer>>();
  const read = (path: string) => {
    let r = reads.get(path);
    if (!r) reads.set(path, (r = readFile(join(dir, path)).then(toArrayBuffer)));
    return r;
  };
  const manifest = await read('manifest.json');
  try {
    const listed = JSON.parse(new TextDecoder().decode(manifest)) as { sha256?: Record<string, string> };
    for (const path of Object.keys(listed.sha256 ?? {})) read(path).catch(() => {});
  } catch {
    // Not JSON: the loader reports it.
  }
  return loadModelBundle(read);
}

/** Loads a model version from its export file (npm run learn, the page's library export), every checksum checked. */
export async function loadModelsFromVersionFile(path: string): Promise<ModelBundle> {
  const { files } = await importModelVersion(await readFile(path));
  return loadModelBundle(async (p) => {
    const bytes = files.get(p);
    if (!bytes) throw new Error(`${path}: ${p} is missing`);
    return toArrayBuffer(bytes);
  });
}
