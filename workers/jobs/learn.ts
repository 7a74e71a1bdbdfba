/**
 * "Learn this network" in the worker: the chosen files are read into records one after another, a
 * baseline is learned from them (src/lib/training/learn-baseline.ts) and saved in the model library.
 * The activation rule: a learned baseline is never activated here. A baseline has no attack labels,
 * so "better on its held-out records" can only mean "fewer false alarms", which a model that flags
 * nothing would win; the page shows the held-out figures and the user activates it.
 */
import { concatBatches, type RecordBatch } from '../../src/lib/ingest/record-batch';
import { FileFormatError, readInput } from '../../src/lib/ingest';
import { DEFAULT_LEARN_BASELINE_SETTINGS, learnBaseline as learnFromSources, type BaselineSource } from '../../src/lib/training/learn-baseline';
import { isAbortError, messageOf } from '../../src/lib/util/errors';
import type { AnalysisWorkerApi } from '../../src/shared/analysis-api';
import { currentSource, readyEngine } from '../engine/engine';
import { openLibrary } from '../engine/model-source';
import { libraryView } from './library';
import { CHUNK_BYTES, PARSE_BATCH_SIZE, withCancel } from './running';

export const learnBaseline: AnalysisWorkerApi['learnBaseline'] = (files, settings, callbacks) => {
  const engine = readyEngine();
  return withCancel(async (signal) => {
    const cancelled = async () => ({ versionId: null, name: settings.name, before: null, after: null, records: null, calibrationSources: [], calibrationFolds: 0, knownAttacks: null, screen: null, epochs: 0, seconds: 0, library: await libraryView() });
    try {
      const sources: BaselineSource[] = [];
      for (const [k, file] of files.entries()) {
        const fileName = (file as File).name ?? `file ${k + 1}`;
        callbacks.progress({ phase: 'reading', file: k + 1, files: files.length, fileName });
        const batches: RecordBatch[] = [];
        await readInput(file, { chunkBytes: CHUNK_BYTES, batchSize: PARSE_BATCH_SIZE, signal, onBatch: (b) => void batches.push(b) });
        if (signal.aborted) return await cancelled();
        sources.push({ name: fileName, batch: concatBatches(batches) });
      }
      const result = await learnFromSources(
        { bundle: engine.bundle, sources, name: settings.name, baseVersion: currentSource().id },
        { ...DEFAULT_LEARN_BASELINE_SETTINGS, contamination: settings.contamination, targetFpr: settings.targetFpr, attackScreen: settings.attackScreen },
        (p) => void callbacks.progress(p),
        signal,
      );
      const id = await (await openLibrary()).save({ info: result.info, manifest: result.manifest, files: result.files }, { activate: false });
      return {
        versionId: id, name: result.info.name, before: result.before, after: result.after, records: result.records,
        calibrationSources: result.calibrationSources, calibrationFolds: result.calibrationFolds, knownAttacks: result.knownAttacks, screen: result.screen, epochs: result.epochs.length, seconds: result.seconds, library: await libraryView(),
      };
    } catch (error) {
      if (isAbortError(error)) return await cancelled();
      if (error instanceof FileFormatError) throw error;
      throw new Error(`Learning the baseline failed: ${messageOf(error)}`);
    }
  });
};
