/** One record found again in its file, with what pushed its stage 1 score; the predictions export, curves, row order, incidents and an incident's packets of a run. */
import { transfer } from 'comlink';
import { sourceOfBlob } from '../../src/lib/ingest';
import { recordValues } from '../../src/lib/ingest/record-values';
import { attributionByFeature } from '../../src/lib/features/feature-attribution';
import { inputGradient } from '../../src/lib/features/gradient-times-input';
import { rocPoints } from '../../src/lib/metrics/roc-points';
import { predictionsCsvParts } from '../../src/lib/scoring/predictions-export';
import { sortIndexByKey } from '../../src/lib/util/sort-index';
import { buildIncidents, EXPORTED_ROWS, flaggedRecords, listedEvidence } from '../../src/lib/incidents';
import { incidentCapture } from '../../src/lib/capture-export/incident-capture';
import { byteChunks } from '../../src/lib/ingest/byte-chunks';
import type { AnalysisWorkerApi } from '../../src/shared/analysis-api';
import { readyEngine } from '../engine/engine';

export const explain: AnalysisWorkerApi['explain'] = async (file, row) => {
  const { bundle } = readyEngine();
  let fields: string[] | null = null;
  const { columns } = await (await sourceOfBlob(file)).forEachRecord(file, (r, f) => {
    if (r !== row) return true;
    fields = f;
    return false;
  });
  if (!fields) throw new Error(`Row ${row} is not in the file.`);
  const { batch, values, label } = recordValues(row, columns, fields);
  const x = bundle.preprocessor.transform(batch);
  const { score, of, gradient } = await inputGradient(bundle.stage1, x);
  return { row, values, label, score, method: 'gradient × input', of, attribution: attributionByFeature(bundle.preprocessor.featureNames, x, gradient) };
};

export const exportPredictions: AnalysisWorkerApi['exportPredictions'] = async ({ scores, threshold, identity, appendOriginalFrom }) => {
  const file = appendOriginalFrom;
  const source = file ? await sourceOfBlob(file) : null;
  const parts = await predictionsCsvParts(scores, threshold, identity, file && source ? (onRecord) => source.forEachRecord(file, onRecord) : undefined);
  return new Blob(parts, { type: 'text/csv' });
};

export const curves: AnalysisWorkerApi['curves'] = async (input) => {
  const out = {
    stage1: rocPoints(input.labels, input.stage1),
    isolationForest: rocPoints(input.labels, input.isolationForest),
    hybrid: rocPoints(input.labels, input.hybrid),
  };
  return transfer(out, Object.values(out).flatMap((c) => [c.fpr.buffer, c.tpr.buffer, c.thresholds.buffer] as ArrayBuffer[]));
};

export const sortRows: AnalysisWorkerApi['sortRows'] = async (keys, descending) => {
  const all = new Uint32Array(keys.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const order = sortIndexByKey(keys, all, descending);
  return transfer(order, [order.buffer as ArrayBuffer]);
};

export const incidents: AnalysisWorkerApi['incidents'] = async ({ threshold, rowNumbers, score, stage2Category, facts, identity: id, vocabularies }) => {
  const identity = id && { ts: id.ts, origP: id.origP, respP: id.respP, packets: id.packets, origH: (i: number) => id.addresses[id.origH[i]], respH: (i: number) => id.addresses[id.respH[i]] };
  const flagged = flaggedRecords({ length: score.length, rowNumbers, score, stage2Category, facts, identity, vocabularies }, threshold);
  return listedEvidence(buildIncidents(flagged), EXPORTED_ROWS);
};

export const incidentPackets: AnalysisWorkerApi['incidentPackets'] = async (file, records) => {
  const out = await incidentCapture(records, () => byteChunks(file));
  return transfer(out, [out.bytes.buffer as ArrayBuffer]);
};
