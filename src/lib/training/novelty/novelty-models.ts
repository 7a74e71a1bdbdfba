/**
 * The detectors of one training run for the novelty study: stage 1 trained as trainModelSet trains it
 * (same split, preprocessor, synthetic anomalies, epochs), and the two novelty detectors fitted on the
 * split's normal training rows only (the Isolation Forest with the shipped settings, and the
 * autoencoder). Returns their scores on the split's validation rows. A fold is this with
 * config.holdOutLabels = one family's names (trainingSplit moves those rows wholly into validation).
 */
import type { RecordBatch } from '../../ingest/record-batch';
import { fitPreprocessor } from '../../features/preprocessor';
import { buildStage1Model } from '../../models/stage1-cnn-lstm';
import { predictMatrix } from '../../models/predict-matrix';
import { fitIsolationForest, scoreIsolationForest } from '../../models/isolation-forest';
import { gatherRows, indicesWhere } from '../row-selection';
import { trainModel } from '../train-loop';
import { stage1RowWeights, trainingSplit, withSyntheticAnomalies, type TrainConfig } from '../train-models';
import { buildAutoencoder, reconstructionError, trainAutoencoder, type AutoencoderTraining } from './autoencoder';
import type { FoldScores } from './fold-evaluation';

export interface AutoencoderConfig extends Omit<AutoencoderTraining, 'seed'> {
  units: number[];
}

/** Small on purpose: 125 → 64 → 16 → 64 → 125 (18,525 weights), a few epochs over ~57,000 normal rows. */
export const DEFAULT_AUTOENCODER: AutoencoderConfig = { units: [64, 16], epochs: 8, batchSize: 256, learningRate: 2e-3 };

export async function trainNoveltyDetectors(
  batch: RecordBatch,
  labelVocabulary: readonly string[],
  config: TrainConfig,
  family: string,
  autoencoder: AutoencoderConfig,
  log: (line: string) => void = () => {},
): Promise<FoldScores & { seconds: Record<string, number> }> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T> | T) => {
    const t = performance.now();
    const v = await f();
    seconds[name] = Math.round((performance.now() - t) / 100) / 10;
    return v;
  };
  const { train, valid, trainCategory, trainBinary, validBinary, validNovel } = trainingSplit(batch, labelVocabulary, config);
  log(`${family}: train ${train.rowCount}, validation ${valid.rowCount} (${validNovel.reduce((a, v) => a + v, 0)} of hidden names)`);
  const preprocessor = fitPreprocessor([train]);
  const width = preprocessor.featureCount;
  const xTrain = preprocessor.transform(train);
  const xValid = preprocessor.transform(valid);

  const s1 = config.stage1;
  const stage1 = buildStage1Model({ featureCount: width, convFilters: s1.convFilters, lstmUnits: s1.lstmUnits, dropout: s1.dropout, seed: config.seed });
  const stage1Data = withSyntheticAnomalies(
    { x: xTrain, y: trainBinary, rows: train.rowCount, weights: stage1RowWeights(train.labels, trainCategory, s1.categoryWeights).weights },
    train, trainCategory, s1.syntheticAnomalies, (b) => preprocessor.transform(b), config.seed,
  );
  await timed('stage1', () =>
    trainModel(stage1, stage1Data, {
      loss: 'binary', epochs: s1.epochs, batchSize: s1.batchSize, learningRate: s1.learningRate, seed: config.seed, patience: s1.patience || undefined,
      validation: s1.patience ? { x: xValid, y: validBinary, rows: valid.rowCount } : undefined,
      onEpoch: (r) => log(`${family}: stage 1 epoch ${r.epoch} loss ${r.loss.toFixed(4)} (${r.seconds.toFixed(1)} s)`),
    }),
  );
  const stage1Scores = await predictMatrix(stage1, xValid, valid.rowCount, width);
  stage1.dispose();

  const normalRows = indicesWhere(trainCategory, (c) => c === 0);
  const xNormal = gatherRows(xTrain, normalRows, width);
  const forest = await timed('forest', () => fitIsolationForest(xNormal, normalRows.length, width, { ...config.forest, seed: config.seed }));
  const forestScores = scoreIsolationForest(forest, xValid, valid.rowCount, width);

  const ae = buildAutoencoder({ inputCount: width, units: autoencoder.units, seed: config.seed + 400 });
  const losses = await timed('autoencoder', () => trainAutoencoder(ae, xNormal, normalRows.length, { ...autoencoder, seed: config.seed + 401 }));
  log(`${family}: autoencoder losses ${losses.map((l) => l.toExponential(3)).join(', ')}`);
  const aeScores = await reconstructionError(ae, xValid, valid.rowCount);
  ae.dispose();

  return {
    family,
    binary: Uint8Array.from(validBinary),
    novel: validNovel,
    difficulty: valid.difficulty,
    scores: { stage1: stage1Scores, forest: forestScores, autoencoder: aeScores },
    seconds,
  };
}
