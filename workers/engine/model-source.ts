/**
 * Where the engine's models come from: the shipped set, or a version in the model library
 * (IndexedDB), and the library as the page sees it.
 */
import { messageOf } from '../../src/lib/util/errors';
import type { LibraryView } from '../../src/shared/analysis-api';
import { ModelLibrary, PRETRAINED, requestPersistentStorage, storageEstimate, type LibraryState } from '../../src/storage/model-library';
import { readModelFile } from './model-files';

export interface ModelSource {
  id: string;
  name: string;
  read: (path: string) => Promise<ArrayBuffer>;
}

export const PRETRAINED_SOURCE: ModelSource = { id: PRETRAINED, name: 'Pretrained', read: readModelFile };

let libraryPromise: Promise<ModelLibrary> | null = null;

export function openLibrary(): Promise<ModelLibrary> {
  if (!libraryPromise) {
    libraryPromise = ModelLibrary.open();
    libraryPromise.catch(() => (libraryPromise = null));
  }
  return libraryPromise;
}

export async function versionSource(lib: ModelLibrary, id: string, name: string): Promise<ModelSource> {
  const v = await lib.load(id);
  return {
    id,
    name,
    read: async (path) => {
      const bytes = v.files.get(path);
      if (!bytes) throw new Error(`${path} is missing from version ${name}.`);
      return bytes.slice().buffer;
    },
  };
}

/** Problems found at start-up (corrupt records), kept so every library view reports them. */
export const libraryProblems: LibraryState['corrupt'] = [];

export function resetLibraryProblems(problems: LibraryState['corrupt'] = []): void {
  libraryProblems.splice(0, libraryProblems.length, ...problems);
}

export async function libraryView(activeName: string): Promise<LibraryView> {
  const lib = await openLibrary();
  const state = await lib.check();
  const corrupt = [...libraryProblems, ...state.corrupt.filter((c) => !libraryProblems.some((p) => p.id === c.id))];
  return { ...state, corrupt, storage: await storageEstimate(), activeName };
}

export function emptyLibraryView(activeName: string): LibraryView {
  return { versions: [], active: PRETRAINED, corrupt: [...libraryProblems], storage: { usage: null, quota: null, persisted: false }, activeName };
}

/** The library's active version as a source; a record that fails its checks is reported and pretrained used. */
export async function activeSource(): Promise<ModelSource> {
  resetLibraryProblems();
  try {
    const lib = await openLibrary();
    void requestPersistentStorage();
    const state = await lib.check();
    resetLibraryProblems(state.corrupt);
    if (state.active === PRETRAINED) return PRETRAINED_SOURCE;
    const name = state.versions.find((v) => v.id === state.active)?.name ?? state.active;
    return await versionSource(lib, state.active, name).catch((error) => {
      libraryProblems.push({ id: state.active, reason: messageOf(error) });
      return PRETRAINED_SOURCE;
    });
  } catch (error) {
    libraryProblems.push({ id: '*', reason: `the model library cannot be opened: ${messageOf(error)}` });
    return PRETRAINED_SOURCE;
  }
}
