/**
 * The fine-tuning experiment of issue 13, shared by `scripts/fine-tune-samples.ts` and the unit test:
 * a seeded 10 % sample of a labelled file (KDDTest+) is "the user's own traffic"; fine-tuning runs
 * on it as the page runs it (guard included), and binary accuracy at each version's own stage 1
 * threshold is measured on rows the fine-tuning never saw. The caller starts tfjs first.
 *
 * Two protocols: `evaluate` measures on the other 90 % (the figure); `develop` measures on
 * a stratified 20 % of the sample itself, fine-tuning on the other 80 % of it, so that method
 * choices can be made without ever reading the 90 %.
 */
import { selectRows, type RecordBatch } from '../../src/lib/ingest/record-batch';
import { binaryMetricsAtThreshold } from '../../src/lib/metrics/binary-metrics';
import { disposeModelBundle, loadModelBundle, type ModelBundle } from '../../src/lib/models/model-bundle';
import { predictMatrix } from '../../src/lib/models/predict-matrix';
import { ATTACK_CATEGORY } from '../../src/lib/schema/categories';
import { fineTune, type FineTuneResult, type FineTuneSettings } from '../../src/lib/training/fine-tune';
import { stratifiedSplit } from '../../src/lib/training/split';
import { labelledSample } from './labelled-sample';

export type Protocol = 'evaluate' | 'develop';

export interface SampleOutcome {
  seed: number;
  /** Rows fine-tuned on and rows measured on. */
  tuneRows: number;
  measuredRows: number;
  /** Binary accuracy on the measured rows: the base version, the fine-tuned one (active or not), the version left active. */
  base: number;
  tuned: number;
  active: number;
  activated: boolean;
  threshold: { base: number; tuned: number };
  recall: { base: number; tuned: number };
  falsePositiveRate: { base: number; tuned: number };
  result: FineTuneResult;
  seconds: number;
}

const isNormal = (label: string) => ATTACK_CATEGORY.get(label) === 'normal';

export async function runSample(
  bundle: ModelBundle,
  batch: RecordBatch,
  labelVocabulary: readonly string[],
  seed: number,
  settings: FineTuneSettings,
  protocol: Protocol,
  /** Measure on at most this many of the held-back rows (every k-th, in file order). */
  maxMeasuredRows = Infinity,
): Promise<SampleOutcome> {
  const sample = labelledSample(batch.rowCount, 0.1, seed);
  let tuneIdx: ArrayLike<number> = sample.tune;
  let measureIdx: ArrayLike<number> = sample.rest;
  if (protocol === 'develop') {
    const inner = stratifiedSplit(Int32Array.from(sample.tune, (i) => batch.labels[i]), 0.2, seed + 1000);
    tuneIdx = Int32Array.from(inner.train, (k) => sample.tune[k]);
    measureIdx = Int32Array.from(inner.validation, (k) => sample.tune[k]);
  }
  if (measureIdx.length > maxMeasuredRows) {
    const step = measureIdx.length / maxMeasuredRows;
    measureIdx = Int32Array.from({ length: maxMeasuredRows }, (_, k) => measureIdx[Math.floor(k * step)]);
  }
  const started = performance.now();
  const result = await fineTune(
    { bundle, batch: selectRows(batch, tuneIdx), labelVocabulary, sourceName: `sample-${seed}.txt`, baseVersion: 'pretrained' },
    settings,
  );
  const seconds = (performance.now() - started) / 1000;
  const measured = selectRows(batch, measureIdx);
  const y = Int32Array.from(measured.labels, (l) => (isNormal(labelVocabulary[l]) ? 0 : 1));
  const width = bundle.preprocessor.featureCount;
  const x = bundle.preprocessor.transform(measured);
  const tunedBundle = await loadModelBundle(async (path) => result.files.get(path)!.slice().buffer);
  try {
    const baseScores = await predictMatrix(bundle.stage1, x, measured.rowCount, width);
    const tunedScores = await predictMatrix(tunedBundle.stage1, x, measured.rowCount, width);
    const threshold = { base: bundle.manifest.stage1.threshold, tuned: result.manifest.stage1.threshold };
    const base = binaryMetricsAtThreshold(y, baseScores, threshold.base);
    const tuned = binaryMetricsAtThreshold(y, tunedScores, threshold.tuned);
    const activated = result.guard.better;
    return {
      seed,
      tuneRows: tuneIdx.length,
      measuredRows: measured.rowCount,
      base: base.accuracy,
      tuned: tuned.accuracy,
      active: activated ? tuned.accuracy : base.accuracy,
      activated,
      threshold,
      recall: { base: base.recall, tuned: tuned.recall },
      falsePositiveRate: { base: base.falsePositiveRate, tuned: tuned.falsePositiveRate },
      result,
      seconds,
    };
  } finally {
    disposeModelBundle(tunedBundle);
  }
}

export interface Distribution {
  mean: number;
  min: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
}
