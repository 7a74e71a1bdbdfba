/**
 * A scoring worker: started by the analysis worker (engine/scoring-pool.ts), never by the page. It
 * holds the analysis worker's models on the same backend and scores the record batches it is handed;
 * reading the file and putting results in row order stay with the analysis worker.
 */
import './engine/tfjs-setup';
import * as tf from '@tensorflow/tfjs';
import { expose, transfer } from 'comlink';
import { disposeModelBundle, type ModelBundle } from '../src/lib/models/model-bundle';
import { batchBuffers } from '../src/lib/ingest/record-batch';
import { rowScoresBuffers } from '../src/lib/scoring/row-scores';
import { scoreAllRows } from '../src/lib/scoring/score-all-rows';
import { messageOf } from '../src/lib/util/errors';
import type { BackendName, FaultPlan, ScoringWorkerApi } from '../src/shared/analysis-api';
import { loadWarm, safely } from './engine/backends';
import { throwIfFaulted } from './engine/faults';
import { SCORE_TENSOR_BATCH } from './engine/engine-constants';

let loaded: { bundle: ModelBundle; backend: BackendName; faults: FaultPlan; batches: number } | null = null;

const api: ScoringWorkerApi = {
  async load({ backend, faults }, read) {
    if (loaded) safely(() => disposeModelBundle(loaded!.bundle));
    loaded = null;
    // Exactly the analysis worker's backend, no fallback: scores must match its own, row for row.
    if (!(await tf.setBackend(backend))) throw new Error(`${backend} could not start in a scoring worker`);
    loaded = { bundle: await loadWarm(read), backend, faults, batches: 0 };
  },
  async score(batch) {
    if (!loaded) throw new Error('The scoring worker has no models loaded.');
    try {
      loaded.batches++;
      throwIfFaulted(loaded.faults, loaded.backend, loaded.batches);
      const scores = await scoreAllRows(loaded.bundle, batch, { tensorBatch: SCORE_TENSOR_BATCH });
      return transfer({ ok: true as const, scores }, rowScoresBuffers(scores) as ArrayBuffer[]);
    } catch (error) {
      // The batch goes back, so the analysis worker can score it itself (and fall back as it does).
      return transfer({ ok: false as const, reason: messageOf(error), batch }, batchBuffers(batch));
    }
  },
};

expose(api);
