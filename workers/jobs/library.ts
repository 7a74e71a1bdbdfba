/** Fine-tuning into a new library version, and the model library's versions (activate, rename, delete, export, import). */
import { concatBatches, type RecordBatch } from '../../src/lib/ingest/record-batch';
import { FileFormatError, readInput } from '../../src/lib/ingest';
import { exportModelVersion, importModelVersion } from '../../src/lib/models/model-export';
import { fineTune as fineTuneModels } from '../../src/lib/training/fine-tune';
import { isAbortError, messageOf } from '../../src/lib/util/errors';
import type { AnalysisWorkerApi, LibraryView } from '../../src/shared/analysis-api';
import { PRETRAINED } from '../../src/storage/model-library';
import { activeModel, currentSource, readyEngine, renameSource, switchModels } from '../engine/engine';
import { emptyLibraryView, libraryProblems, libraryView as viewWithName, openLibrary, PRETRAINED_SOURCE, resetLibraryProblems, versionSource } from '../engine/model-source';
import { CHUNK_BYTES, PARSE_BATCH_SIZE, withCancel } from './running';

export const libraryView = (): Promise<LibraryView> => viewWithName(currentSource().name);
export const libraryViewOrEmpty = (): Promise<LibraryView> => libraryView().catch(() => emptyLibraryView(currentSource().name));

export const fineTune: AnalysisWorkerApi['fineTune'] = (file, settings, callbacks) => {
  readyEngine();
  return withCancel(async (signal) => {
    const fileName = (file as File).name ?? 'file';
    const name = `${fileName} (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`;
    const cancelled = async () => ({ versionId: null, name, before: null, after: null, guard: null, activated: false, rows: null, library: await libraryView(), model: activeModel() });
    try {
      const batches: RecordBatch[] = [];
      const summary = await readInput(file, { chunkBytes: CHUNK_BYTES, batchSize: PARSE_BATCH_SIZE, signal, onBatch: (b) => void batches.push(b) });
      if (signal.aborted) return await cancelled();
      const base = currentSource();
      const result = await fineTuneModels(
        { bundle: readyEngine().bundle, batch: concatBatches(batches), labelVocabulary: summary.labelVocabulary, sourceName: fileName, baseVersion: base.id },
        settings,
        (p) => void callbacks.epoch(p),
        signal,
      );
      const lib = await openLibrary();
      const info = {
        name,
        createdAt: result.manifest.createdAt,
        provenance: { baseVersion: base.id, baseName: base.name, file: fileName, rows: result.rows, date: result.manifest.createdAt, settings },
        metrics: { before: result.before, after: result.after, guard: result.guard },
      };
      // The guard: a version that is not better than its base on the held-out rows is kept, not activated.
      const activated = result.guard.better;
      const id = await lib.save({ info, manifest: result.manifest, files: result.files }, { activate: activated });
      if (activated) await switchModels(await versionSource(lib, id, name));
      return { versionId: id, name, before: result.before, after: result.after, guard: result.guard, activated, rows: result.rows, library: await libraryView(), model: activeModel() };
    } catch (error) {
      if (isAbortError(error)) return await cancelled();
      if (error instanceof FileFormatError) throw error;
      throw new Error(`Fine-tuning failed: ${messageOf(error)}`);
    }
  });
};

export const activateVersion: AnalysisWorkerApi['activateVersion'] = async (id) => {
  const lib = await openLibrary();
  const state = await lib.check();
  const next = id === PRETRAINED ? PRETRAINED_SOURCE : await versionSource(lib, id, state.versions.find((v) => v.id === id)?.name ?? id);
  await switchModels(next);
  await lib.activate(id);
  return { library: await libraryView(), model: activeModel() };
};

export const renameVersion: AnalysisWorkerApi['renameVersion'] = async (id, newName) => {
  const lib = await openLibrary();
  await lib.rename(id, newName);
  renameSource(id, newName.trim());
  return libraryView();
};

export const deleteVersion: AnalysisWorkerApi['deleteVersion'] = async (id) => {
  const lib = await openLibrary();
  if (currentSource().id === id) await switchModels(PRETRAINED_SOURCE);
  await lib.delete(id);
  resetLibraryProblems(libraryProblems.filter((p) => p.id !== id));
  return { library: await libraryView(), model: activeModel() };
};

export const exportVersion: AnalysisWorkerApi['exportVersion'] = async (id) => {
  const v = await (await openLibrary()).load(id);
  const bytes = await exportModelVersion(v);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/json' });
};

export const importVersion: AnalysisWorkerApi['importVersion'] = async (file) => {
  const v = await importModelVersion(new Uint8Array(await file.arrayBuffer()));
  await (await openLibrary()).save(v);
  return libraryView();
};
