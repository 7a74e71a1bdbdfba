/**
 * "Learn this network": adapts a model set to traffic the user considers (mostly) normal, without
 * labels. From the baseline's records it
 *  1. holds out records for calibration (whole captures where there are several, see baseline-holdout),
 *     or on small baselines cross-fits: folds of captures, each scored by models learned without it,
 *     then the final models learned on every capture;
 *  2. sets aside the `contamination` share the forest isolates most easily (possible attacks) and, per
 *     `attackScreen`, what the pretrained stage 1 flags (trained as attacks, held to a recall floor);
 *  3. refits the Isolation Forest on the remaining training records;
 *  4. trains a clone of stage 1 on those records as normal against synthetic anomalies (column
 *     mixing) and, per `attackKnowledge`, probes labelled by the frozen pretrained stage 1 (teacher-probes);
 *  5. calibrates stage 1's, the forest's and the hybrid's thresholds to `targetFpr` on the held-out records.
 * Stage 2 and the hybrid's weights are kept (there are no attack labels to train them on). Training
 * runs on clones made from the saved files: the bundle passed in is never changed, whether the run
 * finishes, fails or is cancelled. The result has the same files and manifest as fine-tuning's.
 */
import * as tf from '@tensorflow/tfjs';
import { fitIsolationForest, isolationForestToJSON, scoreIsolationForest, type IsolationForestModel } from '../models/isolation-forest';
import { modelToFiles, WEIGHTS_FILE } from '../models/model-artifacts';
import type { ModelBundle, ModelManifest } from '../models/model-bundle';
import type { VersionInfo } from '../models/model-export';
import { predictMatrix } from '../models/predict-matrix';
import { concatBatches, selectRows, type RecordBatch } from '../ingest/record-batch';
import { scoreHybrid } from '../scoring/pipeline';
import { createRng, sampleWithoutReplacement, type Rng } from '../util/random';
import { sha256Hex } from '../util/sha256';
import { baselineHoldout, captureFolds, mostAnomalous } from './baseline-holdout';
import { DEFAULT_LEARN_BASELINE_SETTINGS, type LearnBaselineSettings } from './baseline-settings';
import { cloneModel, freezeLayers } from './fine-tune';
import { gatherRows } from './row-selection';
import { spreadCopies } from './benign-spread';
import { productOfMarginals } from './synthetic-anomalies';
import { CONTENT_SERVICES, groupedOrPerturbedInputs, inputColumns } from './teacher-probes';
import { thresholdForFalsePositiveRate, thresholdForRecall } from './threshold';
import { trainModel, type EpochReport } from './train-loop';

export { DEFAULT_LEARN_BASELINE_SETTINGS, type LearnBaselineSettings };

/** One file of the baseline: a capture, a conn.log or a record CSV, read into records. */
export interface BaselineSource {
  name: string;
  batch: RecordBatch;
}

export interface LearnBaselineInput {
  bundle: ModelBundle;
  sources: readonly BaselineSource[];
  /** The baseline's name ("office-lan"). */
  name: string;
  /** Id or name of the version it starts from, for provenance. */
  baseVersion: string;
}

/** A detector's threshold and the share of held-out baseline records it flags. */
export interface DetectorFigure {
  threshold: number;
  falsePositiveRate: number;
}

export interface BaselineFigures {
  stage1: DetectorFigure;
  forest: DetectorFigure;
  hybrid: DetectorFigure;
}

export type LearnBaselinePhase = 'forest' | 'teacher' | 'stage1' | 'thresholds';

export interface LearnBaselineProgress {
  phase: LearnBaselinePhase;
  /** Stage 1's epoch, in phase 'stage1'. */
  report?: EpochReport;
  /** With cross-fitting: which of the trainings (the folds', then the final one's). */
  round?: { index: number; count: number };
}

export interface BaselineRecordCounts {
  total: number;
  training: number;
  calibration: number;
  /** Set aside as possible attacks (contamination), from training and calibration alike. */
  setAside: number;
  /** Normal training records stage 1 saw (a sample when over maxTrainingRecords). */
  stage1Normal: number;
  /** Spread copies of the baseline's completed exchanges, trained as normal (benign-spread.ts). */
  spread: number;
  synthetic: number;
  /** Teacher probes stage 1 trained on (after the confidence filter). */
  probes: number;
  /** Screened as attacks by the pretrained stage 1 (attackScreen), from training and calibration alike. */
  screened: number;
  /** Screened records stage 1 trained on as attacks. */
  screenedTrained: number;
}

/**
 * The baseline's records the pretrained stage 1 flags, and how many of them the learned one still
 * flags at its new threshold: what learning made quiet, said rather than hidden (with attackScreen
 * 'none' an Internet-facing host's scans are learned as normal).
 */
export interface KnownAttackFigure {
  pretrainedFlagged: number;
  stillFlagged: number;
}

/** How stage 1's threshold met its two constraints, with attackScreen 'pretrained'. */
export interface ScreenFigure {
  /** Held-out screened records, and the share of them flagged at the new threshold. */
  heldOut: number;
  recall: number;
  /** 'false positives': the FPR target set the threshold and kept the recall; 'recall': the recall floor set it, and the held-out FPR is over the target. */
  limitedBy: 'false positives' | 'recall';
}

export interface LearnBaselineResult {
  manifest: ModelManifest;
  /** Same layout as models/: path → contents (manifest.json included). */
  files: Map<string, Uint8Array>;
  /** Name, provenance and metrics, as the model library and the export store them. */
  info: VersionInfo;
  /** On the held-out baseline records: the base models at their own thresholds, the new ones at theirs. */
  before: BaselineFigures;
  after: BaselineFigures;
  epochs: EpochReport[];
  records: BaselineRecordCounts;
  /** Captures held out whole for calibration; with cross-fitting, every capture. */
  calibrationSources: string[];
  /** Folds of captures the thresholds were cross-fitted on; 0 for a single hold-out. */
  calibrationFolds: number;
  /** Null without an attack screen, or when too few screened records were held out to measure a recall. */
  screen: ScreenFigure | null;
  knownAttacks: KnownAttackFigure;
  seconds: number;
}

const encoder = new TextEncoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/** "baseline: office-lan, 3 captures, 12,400 records, 2026-12-01" */
export function baselineVersionName(name: string, sources: number, records: number, date: Date): string {
  return `baseline: ${name}, ${sources} capture${sources === 1 ? '' : 's'}, ${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'}, ${date.toISOString().slice(0, 10)}`;
}

const flaggedShare = (scores: Float32Array, threshold: number) => {
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return scores.length === 0 ? 0 : n / scores.length;
};

/** Lowest threshold flagging at most targetFpr of `scores`, all of them normal (threshold.ts's rule). */
const thresholdForNormals = (scores: Float32Array, targetFpr: number) => thresholdForFalsePositiveRate(new Int8Array(scores.length), scores, targetFpr);

export async function learnBaseline(
  input: LearnBaselineInput,
  settings: LearnBaselineSettings = DEFAULT_LEARN_BASELINE_SETTINGS,
  onProgress?: (p: LearnBaselineProgress) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<LearnBaselineResult> {
  const started = performance.now();
  const s = settings;
  const { bundle } = input;
  const m = bundle.manifest;
  const width = bundle.preprocessor.featureCount;
  const all = concatBatches(input.sources.map((src) => src.batch));
  if (all.rowCount < 20) throw new Error(`Learning a baseline needs at least 20 records; ${input.sources.length === 1 ? 'this file has' : 'these files have'} ${all.rowCount}.`);
  const sourceOf = new Int32Array(all.rowCount);
  let at = 0;
  input.sources.forEach((src, k) => sourceOf.fill(k, at, (at += src.batch.rowCount)));
  const x = bundle.preprocessor.transform(all);

  await onProgress?.({ phase: 'forest' });
  throwIfAborted(signal);
  // Contamination: the records a forest fitted on the whole baseline isolates most easily are the
  // likeliest attacks; they neither teach "normal" nor count as false positives.
  const screen = fitIsolationForest(x, all.rowCount, width, forestOptions(bundle, s));
  const setAside = mostAnomalous(scoreIsolationForest(screen, x, all.rowCount, width), s.contamination);
  // Attack screen: what the pretrained stage 1 flags is never learned or calibrated as normal.
  const pretrainedScores = await predictMatrix(bundle.stage1, x, all.rowCount, width);
  const screened = s.attackScreen === 'pretrained' ? rowsAtLeast(pretrainedScores, s.screenConfidence === 'threshold' ? m.stage1.threshold : s.screenConfidence) : new Set<number>();
  const usable = (rows: readonly number[]) => rows.filter((i) => !setAside.has(i) && !screened.has(i));
  const attacksIn = (rows: readonly number[]) => rows.filter((i) => screened.has(i));

  // Calibration: one hold-out, or cross-fitting by capture on small baselines (every capture scored
  // by models that never saw it, then the final models learn from every capture).
  const crossFit = s.calibration === 'cross-fit' && input.sources.length >= 3 && all.rowCount <= s.crossFitMaxRecords;
  const holdout = crossFit ? null : baselineHoldout(sourceOf, input.sources.length, s.calibrationFraction, s.calibration === 'cross-fit' ? 'by-source' : s.calibration, s.seed);
  const everyRecord = Array.from({ length: all.rowCount }, (_, i) => i);
  const rounds = crossFit
    ? captureFolds(sourceOf, input.sources.length, Math.min(s.crossFitFolds, input.sources.length), s.seed).map((fold) => {
      const held = new Set(fold);
      const training = everyRecord.filter((i) => !held.has(i));
      return { training: usable(training), calibration: usable(fold), attacks: attacksIn(training), calibrationAttacks: attacksIn(fold) };
    })
    : [{ training: usable(holdout!.training), calibration: usable(holdout!.calibration), attacks: attacksIn(holdout!.training), calibrationAttacks: attacksIn(holdout!.calibration) }];
  const finalTraining = crossFit ? usable(everyRecord) : rounds[0].training;
  const finalAttacks = crossFit ? attacksIn(everyRecord) : rounds[0].attacks;
  const calibration = rounds.flatMap((r) => r.calibration);
  if (rounds.some((r) => r.training.length < 10) || calibration.length < 10) throw new Error('The baseline is too small to hold out records for calibration: give it more traffic.');
  const xCal = gatherRows(x, calibration, width);

  // The pretrained stage 1 scored every record already (the screen, the known-attacks figure).
  const baseStage1 = Float32Array.from(calibration, (i) => pretrainedScores[i]);
  const baseForest = scoreIsolationForest(bundle.forest, xCal, calibration.length, width);
  const baseHybrid = await scoreHybrid(bundle, xCal, baseForest, calibration.length, width);
  const before: BaselineFigures = {
    stage1: { threshold: m.stage1.threshold, falsePositiveRate: flaggedShare(baseStage1, m.stage1.threshold) },
    forest: { threshold: m.isolationForest.threshold, falsePositiveRate: flaggedShare(baseForest, m.isolationForest.threshold) },
    hybrid: { threshold: m.hybrid.threshold, falsePositiveRate: flaggedShare(baseHybrid, m.hybrid.threshold) },
  };

  const train = (training: number[], attacks: number[], rng: Rng, round: LearnBaselineProgress['round']) =>
    trainAdapted(bundle, x, all, training, attacks, s, rng, round, onProgress, signal);
  // Scores of the calibration records, each from the round that held it out.
  const stage1Cal = new Float32Array(calibration.length);
  const forestCal = new Float32Array(calibration.length);
  const hybridCal = new Float32Array(calibration.length);
  // Stage 1's scores of the held-out screened records, for the recall floor.
  const attackCal: number[] = [];
  let final: AdaptedModels | null = null;
  try {
    let filled = 0;
    for (const [k, r] of rounds.entries()) {
      const round = crossFit ? { index: k + 1, count: rounds.length + 1 } : undefined;
      // The single hold-out's models are the final ones; cross-fitting's are only for calibration.
      const adapted = await train(r.training, r.attacks, createRng(crossFit ? s.seed + 1000 * (k + 1) : s.seed), round);
      try {
        const xr = xCal.subarray(filled * width, (filled + r.calibration.length) * width);
        stage1Cal.set(await predictMatrix(adapted.stage1, xr, r.calibration.length, width), filled);
        const f = scoreIsolationForest(adapted.forest, xr, r.calibration.length, width);
        forestCal.set(f, filled);
        hybridCal.set(await scoreHybrid({ ...bundle, stage1: adapted.stage1, forest: adapted.forest }, xr, f, r.calibration.length, width), filled);
        filled += r.calibration.length;
        if (r.calibrationAttacks.length > 0) attackCal.push(...(await predictMatrix(adapted.stage1, gatherRows(x, r.calibrationAttacks, width), r.calibrationAttacks.length, width)));
      } catch (error) {
        adapted.stage1.dispose();
        throw error;
      }
      if (crossFit) adapted.stage1.dispose();
      else final = adapted;
    }
    if (!final) final = await train(finalTraining, finalAttacks, createRng(s.seed), { index: rounds.length + 1, count: rounds.length + 1 });
    throwIfAborted(signal);
    await onProgress?.({ phase: 'thresholds' });
    const { stage1, forest, epochs, frozen, counts } = final;
    const figure = (scores: Float32Array): DetectorFigure => {
      const threshold = thresholdForNormals(scores, s.targetFpr);
      return { threshold, falsePositiveRate: flaggedShare(scores, threshold) };
    };
    // Two constraints on stage 1 with a screen: the FPR target, and the recall floor on the held-out
    // screened records; when they conflict the recall wins and the result says so.
    let screen: ScreenFigure | null = null;
    let stage1Figure = figure(stage1Cal);
    if (attackCal.length >= MIN_SCREENED_HELD_OUT) {
      // A floor of 0 is no floor: the held-out recall is still measured and reported.
      const byRecall = s.screenRecall > 0 ? thresholdForRecall(attackCal, s.screenRecall) : Infinity;
      const limitedBy = byRecall < stage1Figure.threshold ? 'recall' : 'false positives';
      if (limitedBy === 'recall') stage1Figure = { threshold: byRecall, falsePositiveRate: flaggedShare(stage1Cal, byRecall) };
      screen = { heldOut: attackCal.length, recall: flaggedShare(Float32Array.from(attackCal), stage1Figure.threshold), limitedBy };
    }
    const after: BaselineFigures = { stage1: stage1Figure, forest: figure(forestCal), hybrid: figure(hybridCal) };
    const pretrainedFlagged = rowsAtLeast(pretrainedScores, m.stage1.threshold);
    const learnedScores = pretrainedFlagged.size > 0 ? await predictMatrix(stage1, gatherRows(x, [...pretrainedFlagged], width), pretrainedFlagged.size, width) : new Float32Array(0);
    const knownAttacks: KnownAttackFigure = { pretrainedFlagged: pretrainedFlagged.size, stillFlagged: learnedScores.filter((v) => v >= after.stage1.threshold).length };

    const date = new Date();
    const versionName = baselineVersionName(input.name, input.sources.length, all.rowCount, date);
    const calibrationSources = crossFit ? input.sources.map((src) => src.name) : holdout!.calibrationSources.map((k) => input.sources[k].name);
    const records: BaselineRecordCounts = { total: all.rowCount, training: finalTraining.length, calibration: calibration.length, setAside: setAside.size, screened: screened.size, ...counts };
    const files = new Map<string, Uint8Array>();
    const stage1Files = await modelToFiles(stage1);
    files.set(m.files.stage1, json(stage1Files.modelJson));
    files.set(m.files.stage1.replace(/model\.json$/, WEIGHTS_FILE), new Uint8Array(stage1Files.weights));
    for (const [path, model] of [[m.files.stage2, bundle.stage2], [m.files.hybrid, bundle.hybrid]] as const) {
      const f = await modelToFiles(model);
      files.set(path, json(f.modelJson));
      files.set(path.replace(/model\.json$/, WEIGHTS_FILE), new Uint8Array(f.weights));
    }
    files.set(m.files.preprocessor, json(bundle.preprocessor.json));
    files.set(m.files.isolationForest, json(isolationForestToJSON(forest)));
    const sha256: Record<string, string> = {};
    for (const [path, bytes] of files) sha256[path] = await sha256Hex(bytes);
    const held = crossFit
      ? `${rounds.length}-fold cross-fitting by capture: each capture scored by models that never saw it`
      : s.calibration !== 'by-record' && calibrationSources.length > 0 ? `${calibrationSources.length} whole captures` : s.calibration !== 'by-record' ? 'the last records of each capture' : 'a random share';
    const fprPolicy = `lowest threshold flagging ≤ ${s.targetFpr} of the held-out baseline records (${held})`;
    const policy = screen === null ? fprPolicy
      : s.screenRecall > 0 ? `${fprPolicy}, and flagging ≥ ${s.screenRecall} of the held-out records the pretrained stage 1 flagged (set by the ${screen.limitedBy === 'recall' ? 'recall floor' : 'FPR target'})`
      : `${fprPolicy}; it flags ${Math.round(screen.recall * 1000) / 10} % of the held-out records the pretrained stage 1 flagged, which were trained on as attacks`;
    const baseline = {
      name: input.name,
      version: versionName,
      baseVersion: input.baseVersion,
      baseCreatedAt: m.createdAt,
      sources: input.sources.map((src) => ({ name: src.name, records: src.batch.rowCount })),
      calibrationSources,
      calibration: crossFit ? { kind: 'cross-fit', folds: rounds.length } : { kind: s.calibration === 'by-record' ? 'by-record' : 'by-source' },
      records,
      date: date.toISOString(),
      settings: s,
      frozenLayers: frozen,
      epochs,
      backend: tf.getBackend(),
    };
    const manifest: ModelManifest = {
      ...m,
      createdAt: date.toISOString(),
      tfjsVersion: tf.version.tfjs,
      sha256,
      stage1: { ...m.stage1, threshold: after.stage1.threshold, thresholdPolicy: policy },
      isolationForest: { ...m.isolationForest, trees: forest.trees, sampleSize: forest.sampleSize, threshold: after.forest.threshold, thresholdPolicy: fprPolicy },
      hybrid: { ...m.hybrid, threshold: after.hybrid.threshold },
      training: { ...m.training, baseline },
      validation: { ...m.validation, baseline: { before, after, knownAttacks, ...(screen && { screen }) } },
    };
    files.set('manifest.json', json(manifest));
    const info: VersionInfo = {
      name: versionName,
      createdAt: manifest.createdAt,
      provenance: { kind: 'baseline', baseline: versionName, baseVersion: input.baseVersion, name: input.name, files: baseline.sources, records, date: manifest.createdAt, settings: s },
      metrics: { before, after },
    };
    return { manifest, files, info, before, after, epochs, records, calibrationSources, calibrationFolds: crossFit ? rounds.length : 0, screen, knownAttacks, seconds: (performance.now() - started) / 1000 };
  } finally {
    final?.stage1.dispose();
  }
}

/** Fewer held-out screened records than this measure no recall: the floor is not applied. */
const MIN_SCREENED_HELD_OUT = 20;

/** Rows whose score is at least `at`. */
function rowsAtLeast(scores: Float32Array, at: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < scores.length; i++) if (scores[i] >= at) out.add(i);
  return out;
}

/** The pretrained forest's size, the run's seed: every forest of a baseline is fitted alike. */
const forestOptions = (bundle: ModelBundle, s: LearnBaselineSettings) => ({ trees: bundle.forest.trees, sampleSize: bundle.forest.sampleSize, seed: s.seed });

interface AdaptedModels {
  stage1: tf.LayersModel;
  forest: IsolationForestModel;
  epochs: EpochReport[];
  frozen: string[];
  counts: Pick<BaselineRecordCounts, 'stage1Normal' | 'spread' | 'synthetic' | 'probes' | 'screenedTrained'>;
}

/**
 * The forest refitted on `training` (indices of `all`), and a clone of stage 1 trained on them as
 * normal against synthetic anomalies, teacher probes and the screened `attacks` (indices of `all`).
 */
async function trainAdapted(
  bundle: ModelBundle,
  x: Float32Array,
  all: RecordBatch,
  training: number[],
  attacks: number[],
  s: LearnBaselineSettings,
  rng: Rng,
  round: LearnBaselineProgress['round'],
  onProgress?: (p: LearnBaselineProgress) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<AdaptedModels> {
  const m = bundle.manifest;
  const width = bundle.preprocessor.featureCount;
  if (round) await onProgress?.({ phase: 'forest', round });
  throwIfAborted(signal);
  const xTrain = gatherRows(x, training, width);
  const forest = fitIsolationForest(xTrain, training.length, width, forestOptions(bundle, s));

  // Stage 1: a seeded sample bounds the time on large baselines.
  const normal = training.length > s.maxTrainingRecords
    ? Array.from(sampleWithoutReplacement(training.length, s.maxTrainingRecords, rng)).sort((a, b) => a - b)
    : training.map((_, k) => k);
  const xNormal = gatherRows(xTrain, normal, width);
  const normalBatch = selectRows(all, normal.map((k) => training[k]));
  const syntheticCount = s.syntheticRatio > 0 ? Math.max(Math.round(normal.length * s.syntheticRatio), s.minSynthetic) : 0;
  const synthetic = syntheticCount > 0
    ? bundle.preprocessor.transform(productOfMarginals(normalBatch, Int32Array.from({ length: normal.length }, (_, i) => i), syntheticCount, rng))
    : new Float32Array(0);
  // Spread copies: more normal examples, of the baseline's completed exchanges in busier windows.
  const spreadCount = s.spreadRatio > 0 ? Math.round(normal.length * s.spreadRatio) : 0;
  const spread = spreadCount > 0 ? bundle.preprocessor.transform(spreadCopies(normalBatch, spreadCount, rng, s.spreadShare)) : new Float32Array(0);
  const normalRows = normal.length + spread.length / width;

  await onProgress?.({ phase: 'teacher', round });
  throwIfAborted(signal);
  let probes: Float32Array = new Float32Array(0);
  let probeTargets: Float32Array = new Float32Array(0);
  let probeWeights: Float32Array | null = null;
  if (s.attackKnowledge !== 'none' && s.probeRatio > 0) {
    const count = Math.max(Math.round(normal.length * s.probeRatio), s.minProbes);
    const services = bundle.preprocessor.json.categorical.find((c) => c.name === 'service')?.values ?? [];
    const serviceSlots = s.probeGroupServices === 'any' ? undefined : CONTENT_SERVICES.map((v) => services.indexOf(v)).filter((i) => i >= 0);
    const candidates = groupedOrPerturbedInputs(xNormal, normal.length, inputColumns(bundle.preprocessor.json), count, rng, s.probeMaxChanges, s.probeGroupShare ?? 0, serviceSlots, s.probeGroupColumnShare ?? 0.5, s.probeGroupContentOnly ?? false);
    const teacher = await predictMatrix(bundle.stage1, candidates.x, count, width);
    if (s.attackKnowledge === 'teacher-soft') {
      probes = candidates.x;
      probeTargets = teacher;
    } else {
      const teacherOnSource = s.attackKnowledge === 'teacher-relative' ? await predictMatrix(bundle.stage1, xNormal, normal.length, width) : null;
      const keep: number[] = [];
      const grouped = Math.round(count * (s.probeGroupShare ?? 0));
      const groupConfidence = s.probeGroupConfidence === 'threshold' ? m.stage1.threshold : (s.probeGroupConfidence ?? s.teacherConfidence);
      for (let i = 0; i < count; i++) {
        if (teacher[i] >= (i < grouped ? groupConfidence : s.teacherConfidence) && (teacherOnSource === null || teacherOnSource[candidates.source[i]] < 0.5)) keep.push(i);
      }
      probes = gatherRows(candidates.x, keep, width);
      probeTargets = new Float32Array(keep.length).fill(1);
      probeWeights = Float32Array.from(keep, (i) => (i < grouped ? (s.probeGroupWeight ?? 1) : 1));
    }
  }
  // Screened attacks: a seeded sample bounds them as it bounds the normal records.
  const attackRows = attacks.length > s.maxTrainingRecords ? Array.from(sampleWithoutReplacement(attacks.length, s.maxTrainingRecords, rng), (k) => attacks[k]) : attacks;
  const xAttacks = gatherRows(x, attackRows, width);
  const probeCount = probeTargets.length + attackRows.length;
  // Rows: baseline records and spread copies (normal), synthetic anomalies, probes, screened attacks.
  const rows = normalRows + syntheticCount + probeCount;
  const xStage1 = new Float32Array(rows * width);
  xStage1.set(xNormal, 0);
  xStage1.set(spread, normal.length * width);
  xStage1.set(synthetic, normalRows * width);
  xStage1.set(probes, (normalRows + syntheticCount) * width);
  xStage1.set(xAttacks, (normalRows + syntheticCount + probeTargets.length) * width);
  const yStage1 = new Float32Array(rows);
  yStage1.fill(1, normalRows, normalRows + syntheticCount);
  yStage1.set(probeTargets, normalRows + syntheticCount);
  yStage1.fill(1, normalRows + syntheticCount + probeTargets.length);
  // Normal and anomalous examples weigh the same in total, whatever the ratios.
  const anomalous = syntheticCount + probeCount;
  const weights = new Float32Array(rows).fill(1);
  if (probeWeights) weights.set(probeWeights, normalRows + syntheticCount);
  let anomalousWeight = syntheticCount;
  for (let i = normalRows + syntheticCount; i < rows; i++) anomalousWeight += weights[i];
  if (anomalous > 0) for (let i = normalRows; i < rows; i++) weights[i] *= normalRows / anomalousWeight;

  const stage1 = await cloneModel(bundle.stage1);
  try {
    const frozen = freezeLayers(stage1, s.frozen);
    const epochs = await trainModel(stage1, { x: xStage1, y: yStage1, rows, weights }, {
      loss: 'binary', epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate, seed: s.seed, signal,
      onEpoch: (report) => onProgress?.({ phase: 'stage1', report, round }),
    });
    throwIfAborted(signal);
    return { stage1, forest, epochs, frozen, counts: { stage1Normal: normal.length, spread: normalRows - normal.length, synthetic: syntheticCount, probes: probeTargets.length, screenedTrained: attackRows.length } };
  } catch (error) {
    stage1.dispose();
    throw error;
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Learning the baseline was cancelled.', 'AbortError');
}
