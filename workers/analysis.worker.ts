/**
 * The analysis worker: the comlink `expose` of small modules (engine/: backends, models, faults;
 * jobs/: reading, scoring, details, exports, fine-tuning, the library). Everything heavy happens in
 * this worker so the page stays responsive; tfjs is imported only here and in what it imports.
 */
import './engine/tfjs-setup';
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import type { AnalysisWorkerApi } from '../src/shared/analysis-api';
import { currentStage1Path, modelInfo, prepareEngine } from './engine/engine';
import { analyse, readyPool } from './jobs/analyse';
import { activateVersion, deleteVersion, exportVersion, fineTune, importVersion, libraryView, libraryViewOrEmpty, renameVersion } from './jobs/library';
import { learnBaseline } from './jobs/learn';
import { parse } from './jobs/parse';
import { curves, explain, exportPredictions, incidentPackets, incidents, sortRows } from './jobs/record-detail';
import { cancelRunning } from './jobs/running';

const api: AnalysisWorkerApi = {
  parse,
  async prepare(options, callbacks) {
    const engine = await prepareEngine(options, (s) => void callbacks.step(s));
    // The scoring workers start now, so the first file does not wait for them.
    await readyPool(options.workers ?? null);
    return { model: modelInfo(engine.bundle.manifest), backend: engine.backend, attempts: engine.attempts, library: await libraryViewOrEmpty() };
  },
  analyse,
  cancel: cancelRunning,
  curves,
  explain,
  exportPredictions,
  sortRows,
  incidents,
  incidentPackets,
  memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() ?? null, stage1Path: currentStage1Path() };
  },
  fineTune,
  learnBaseline,
  library: libraryView,
  activateVersion,
  renameVersion,
  deleteVersion,
  exportVersion,
  importVersion,
};

expose(api);
