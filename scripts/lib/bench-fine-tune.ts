/**
 * Fine-tuning time for `npm run bench`: one epoch of stage 1 and stage 2 over 20,000 training rows
 * of KDDTrain+ (a seeded sample; 5,000 more are the validation split), on WASM in Node. The caller
 * starts tfjs (initTfNode) first: the wasm paths can be set only once.
 */
import { loadModelsFromDir } from './models-node';
import { MODELS_DIR, readCsvFile } from './read-file';
import { DEFAULT_FINE_TUNE_SETTINGS, fineTune } from '../../src/lib/training/fine-tune';
import { disposeModelBundle } from '../../src/lib/models/model-bundle';
import { selectRows } from '../../src/lib/ingest/record-batch';
import { createRng, sampleWithoutReplacement } from '../../src/lib/util/random';

export async function benchFineTune(trainFile: string) {
  const bundle = await loadModelsFromDir(MODELS_DIR);
  const { batch, summary } = await readCsvFile(trainFile);
  const sample = selectRows(batch, sampleWithoutReplacement(batch.rowCount, 25_000, createRng(5)).sort());
  const started = performance.now();
  const r = await fineTune(
    { bundle, batch: sample, labelVocabulary: summary.labelVocabulary, sourceName: 'KDDTrain+ sample', baseVersion: 'pretrained' },
    { ...DEFAULT_FINE_TUNE_SETTINGS, epochs: 1, patience: 0 },
  );
  const totalSeconds = (performance.now() - started) / 1000;
  disposeModelBundle(bundle);
  return { trainRows: r.rows.train, stage1Seconds: r.epochs.stage1[0].seconds, stage2Seconds: r.epochs.stage2[0]?.seconds ?? 0, totalSeconds };
}
