/**
 * npm run select -- [DATA_DIR] [--candidates a,b,…] [--replicates N | --member-seeds a,b,…] [--seed N]
 * then   npm run select -- --report
 * How the shipped stage 1 settings were chosen, on KDDTrain+ alone. Each candidate is trained with
 * one attack name per category held out of training entirely (the second most frequent name of the
 * category in KDDTrain+: it stands in for the attacks a deployed model has never seen) and scored on
 * the validation split plus those held-out rows. For each false-positive budget the criterion is the
 * mean of: normal rows passed, seen attack names caught, held-out attack names caught, where "names
 * caught" is the mean over attack names of the share of their rows caught (each type counts the same). Results go to
 * reports/selection/*.json; --report writes reports/SELECTION.md and names the winner among the
 * original candidates, then adds the seed noise of every result file (scripts/lib/seed-noise.ts).
 * Without --candidates only ORIGINAL_CANDIDATES are trained; the others are trained when named.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { DEFAULT_DATA_DIR, REPORTS_DIR, parseArgs, readCsvFile } from './lib/read-file';
import { DEFAULT_TRAIN_CONFIG, HARD_NORMAL_FPR, stage1RowWeights, trainingSplit, withSyntheticAnomalies, type TrainConfig } from '../src/lib/training/train-models';
import { ATTACK_CATEGORIES } from '../src/lib/schema/categories';
import { ALL_LEARNERS_RIGHT, hardNormalLabels, thresholdForFalsePositiveRate, thresholdForPolicy } from '../src/lib/training/threshold';
import { buildStage1Model } from '../src/lib/models/stage1-cnn-lstm';
import { fitPreprocessor } from '../src/lib/features/preprocessor';
import { predictMatrix } from '../src/lib/models/predict-matrix';
import type { RecordBatch } from '../src/lib/ingest/record-batch';
import { trainModel, type EpochReport } from '../src/lib/training/train-loop';
import { seedNoiseSection, type SelectionRun } from './lib/seed-noise';

/** Stage 1 settings of one candidate; anything a candidate does not name is the first shipped model's (no synthetic anomalies). */
const weighting = (categoryWeights: TrainConfig['stage1']['categoryWeights']) => (c: TrainConfig) => {
  c.stage1.categoryWeights = categoryWeights;
  // Set explicitly: DEFAULT_TRAIN_CONFIG now carries the winner's 0.5.
  c.stage1.syntheticAnomalies = 0;
};

// Candidates start from the first shipped settings (4 epochs with early stopping on validation loss).
export const CANDIDATES: Record<string, (c: TrainConfig) => void> = {
  'label-weights': weighting('label-sqrt'),
  'sqrt-weights': weighting('sqrt-balanced'),
  'no-weights': weighting('none'),
  'sqrt-weights+synthetic-0.5': (c) => {
    c.stage1.categoryWeights = 'sqrt-balanced';
    c.stage1.syntheticAnomalies = 0.5;
  },
  'no-weights+synthetic-0.5': (c) => {
    c.stage1.categoryWeights = 'none';
    c.stage1.syntheticAnomalies = 0.5;
  },
  // Generalisation candidates around the winner (seed-noise experiment; trained only when named).
  'ensemble-3': (c) => CANDIDATES['no-weights+synthetic-0.5'](c),
  'no-weights+synthetic-1.0': (c) => {
    c.stage1.categoryWeights = 'none';
    c.stage1.syntheticAnomalies = 1.0;
  },
  // Trains every epoch as the shipped model does (DEFAULT_TRAIN_CONFIG has patience 0); the select
  // runs' patience 1 stops on a validation loss that includes the held-out rows.
  'no-weights+synthetic-0.5+no-early-stop': (c) => {
    CANDIDATES['no-weights+synthetic-0.5'](c);
    c.stage1.patience = 0;
  },
  'ensemble-3+no-early-stop': (c) => CANDIDATES['no-weights+synthetic-0.5+no-early-stop'](c),
  'no-weights+synthetic-0.5+dropout-0.5': (c) => {
    CANDIDATES['no-weights+synthetic-0.5'](c);
    c.stage1.dropout = 0.5;
  },
};
/** The candidates of the first selection: `npm run select` without --candidates trains these, and the report's table shows them. */
export const ORIGINAL_CANDIDATES = ['label-weights', 'sqrt-weights', 'no-weights', 'sqrt-weights+synthetic-0.5', 'no-weights+synthetic-0.5'];
/**
 * Validation false-positive budgets tried. The issue's limit is 5 % on unseen traffic, and normal
 * traffic elsewhere differs from the training split (a first model's false-positive rate on
 * KDDTest+ was about 4x its validation rate), so the budget keeps a margin: at most 2 %.
 */
export const FPR_BUDGETS = [0.005, 0.01, 0.02];

/**
 * Candidates whose stage 1 is the mean probability of several independently seeded models (same
 * split, preprocessor and settings; each member's initialisation, shuffling and synthetic sample
 * seeded differently). Used for selection only: the shipped model format is unchanged.
 */
export const ENSEMBLES: Record<string, { members: number; single: string }> = {
  'ensemble-3': { members: 3, single: 'no-weights+synthetic-0.5' },
  'ensemble-3+no-early-stop': { members: 3, single: 'no-weights+synthetic-0.5+no-early-stop' },
};
const MEMBER_SEED_STEP = 1000;

const { positional, options } = parseArgs(process.argv.slice(2));
const outDir = join(REPORTS_DIR, 'selection');
mkdirSync(outDir, { recursive: true });

if (options.has('report')) {
  writeReport();
} else {
  const dataDir = resolve(positional[0] ?? DEFAULT_DATA_DIR);
  const names = options.get('candidates')?.split(',') ?? ORIGINAL_CANDIDATES;
  const unknown = names.filter((n) => !CANDIDATES[n]);
  if (unknown.length) throw new Error(`unknown candidates: ${unknown.join(', ')} (known: ${Object.keys(CANDIDATES).join(', ')})`);
  // --seed N: another split and another stage 1 initialisation/shuffle/synthetic sample (seed noise).
  const seed = options.has('seed') ? Number(options.get('seed')) : DEFAULT_TRAIN_CONFIG.seed;
  await initTfNode('wasm');
  const { batch, summary } = await readCsvFile(join(dataDir, 'KDDTrain+.txt'));
  const holdOut = ATTACK_CATEGORIES.map((cat) => summary.labelCounts.filter((l) => l.category === cat)[1].label);
  for (const name of names) {
    const config: TrainConfig = structuredClone(DEFAULT_TRAIN_CONFIG);
    config.seed = seed;
    config.stage1.epochs = 4;
    config.stage1.patience = 1;
    CANDIDATES[name](config);
    config.holdOutLabels = holdOut;
    // Ensemble candidates average their members; any other candidate trained with --replicates N is
    // N independent single models (member seeds seed, seed+1000, …), reported separately (seed noise),
    // its `budgets` being the first one's so the protocol's table is unchanged.
    const ensemble = ENSEMBLES[name] !== undefined;
    const count = ensemble ? ENSEMBLES[name].members : Number(options.get('replicates') ?? 1);
    const memberSeeds = options.get('member-seeds')?.split(',').map(Number) ?? Array.from({ length: count }, (_, k) => seed + k * MEMBER_SEED_STEP);
    const t0 = performance.now();
    // Only stage 1 enters this choice, and stage 1 is trained first with nothing before it, so
    // training it alone gives the same scores as trainModelSet would (checked: seed 42 reproduces
    // reports/selection/no-weights+synthetic-0.5.json to the last digit).
    const { valid, members } = await trainStage1(batch, summary.labelVocabulary, config, memberSeeds, (l) => console.log(`[${name}] ${l}`));
    const held = new Set(holdOut.map((l) => summary.labelVocabulary.indexOf(l)));
    const mean = new Float32Array(valid.rowCount);
    for (const m of members) for (let i = 0; i < mean.length; i++) mean[i] += m.scores[i] / members.length;
    const memberReports = members.map((m) => ({ seed: m.seed, bestEpoch: bestEpochOf(m.epochs), seconds: m.seconds, budgets: scoreBudgets(valid, m.scores, summary.labelVocabulary, held) }));
    const budgets = ensemble ? scoreBudgets(valid, mean, summary.labelVocabulary, held) : memberReports[0].budgets;
    let file = seed === DEFAULT_TRAIN_CONFIG.seed ? name : `${name}@seed${seed}`;
    if (options.has('member-seeds')) file += `@members${memberSeeds.join('-')}`;
    writeFileSync(
      join(outDir, `${file}.json`),
      JSON.stringify(
        { name: file, holdOut, seed, memberSeeds, stage1: config.stage1, bestEpoch: memberReports[0].bestEpoch, seconds: (performance.now() - t0) / 1000, budgets, [ensemble ? 'members' : 'replicates']: members.length > 1 ? memberReports : undefined },
        null,
        1,
      ),
    );
    console.log(`[${name}] ${JSON.stringify(budgets)}`);
    if (members.length > 1) memberReports.forEach((m) => console.log(`[${name}] ${ensemble ? 'member' : 'replicate'} seed ${m.seed}: ${JSON.stringify(m.budgets)}`));
  }
}

/** Stage 1 exactly as trainModelSet trains it (same rows, split, preprocessor), once per member seed. */
async function trainStage1(batch: RecordBatch, labelVocabulary: readonly string[], config: TrainConfig, memberSeeds: number[], log: (l: string) => void) {
  const { train, valid, trainCategory, trainBinary, validBinary } = trainingSplit(batch, labelVocabulary, config);
  log(`rows: train ${train.rowCount}, validation ${valid.rowCount}; member seeds ${memberSeeds.join(', ')}`);
  const preprocessor = fitPreprocessor([train]);
  const width = preprocessor.featureCount;
  const xTrain = preprocessor.transform(train);
  const xValid = preprocessor.transform(valid);
  const s1 = config.stage1;
  const members: { seed: number; scores: Float32Array; epochs: EpochReport[]; seconds: number }[] = [];
  for (const seed of memberSeeds) {
    const t = performance.now();
    const model = buildStage1Model({ featureCount: width, convFilters: s1.convFilters, lstmUnits: s1.lstmUnits, dropout: s1.dropout, seed });
    const weights = stage1RowWeights(train.labels, trainCategory, s1.categoryWeights).weights;
    const trainData = withSyntheticAnomalies({ x: xTrain, y: trainBinary, rows: train.rowCount, weights }, train, trainCategory, s1.syntheticAnomalies, (b) => preprocessor.transform(b), seed);
    const epochs = await trainModel(model, trainData, {
      loss: 'binary', epochs: s1.epochs, batchSize: s1.batchSize, learningRate: s1.learningRate, seed, patience: s1.patience || undefined,
      validation: { x: xValid, y: validBinary, rows: valid.rowCount },
      onEpoch: (r) => log(`seed ${seed} stage 1 epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation loss ${r.validationLoss?.toFixed(4)} (${r.seconds.toFixed(1)} s)`),
    });
    const scores = await predictMatrix(model, xValid, valid.rowCount, width);
    model.dispose();
    members.push({ seed, scores, epochs, seconds: (performance.now() - t) / 1000 });
  }
  return { valid, members };
}

function bestEpochOf(epochs: EpochReport[]): number {
  return epochs.reduce((a, b) => (b.validationLoss! < a.validationLoss! ? b : a)).epoch;
}

/**
 * Criterion per false-positive budget (see the header): at the budget's threshold alone (the first
 * protocol's figures, which the seed-noise section reads) and, as `capped`, at the threshold that
 * also keeps the hard validation normals within HARD_NORMAL_FPR (the shipped rule, thresholdForPolicy).
 */
function scoreBudgets(valid: RecordBatch, scores: Float32Array, labelVocabulary: readonly string[], held: Set<number>) {
  const isNormal = (i: number) => labelVocabulary[valid.labels[i]] === 'normal';
  const binary = Int8Array.from({ length: valid.rowCount }, (_, i) => (isNormal(i) ? 0 : 1));
  const hard = hardNormalLabels(binary, valid.difficulty);
  const at = (t: number) => {
    // Per attack name: rows and rows caught, so every attack type counts the same.
    const perName = new Map<number, { rows: number; caught: number }>();
    let normalRows = 0;
    let normalPassed = 0;
    let hardRows = 0;
    let hardPassed = 0;
    for (let i = 0; i < valid.rowCount; i++) {
      const flagged = scores[i] >= t;
      if (isNormal(i)) {
        normalRows++;
        if (!flagged) normalPassed++;
        if (hard[i] === 0) (hardRows++, !flagged && hardPassed++);
      } else {
        const e = perName.get(valid.labels[i]) ?? { rows: 0, caught: 0 };
        e.rows++;
        if (flagged) e.caught++;
        perName.set(valid.labels[i], e);
      }
    }
    const macro = (pick: (label: number) => boolean) => {
      const recalls = [...perName].filter(([l]) => pick(l)).map(([, e]) => e.caught / e.rows);
      return recalls.reduce((a, b) => a + b, 0) / recalls.length;
    };
    const seenCaught = macro((l) => !held.has(l));
    const heldOutCaught = macro((l) => held.has(l));
    const passed = normalPassed / normalRows;
    return { threshold: t, normalPassed: passed, hardNormalPassed: hardPassed / hardRows, seenCaught, heldOutCaught, criterion: (passed + seenCaught + heldOutCaught) / 3 };
  };
  return FPR_BUDGETS.map((fpr) => {
    const { hardNormalPassed: _, ...uncapped } = at(thresholdForFalsePositiveRate(binary, scores, fpr));
    return { fpr, ...uncapped, capped: at(thresholdForPolicy(binary, scores, valid.difficulty, { targetFpr: fpr, hardNormalFpr: HARD_NORMAL_FPR })) };
  });
}

function writeReport() {
  const all = readdirSync(outDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')) as SelectionRun);
  // The table and the choice: the original candidates (seed 42, one model each), at the shipped
  // threshold rule (budget and hard-normal cap); the seed-noise runs are compared at the budget alone.
  const runs = all.filter((r) => ORIGINAL_CANDIDATES.includes(r.name));
  const uncapped = runs.flatMap((r) => r.budgets.filter((b) => FPR_BUDGETS.includes(b.fpr)).map((b) => ({ name: r.name, ...b })));
  const missing = uncapped.filter((r) => !r.capped).map((r) => r.name);
  if (missing.length) throw new Error(`no hard-normal figures in ${[...new Set(missing)].join(', ')}: run npm run select first`);
  const rows = uncapped.map((r) => ({ ...r, ...r.capped!, uncappedCriterion: r.criterion }));
  const best = rows.reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const bestUncapped = uncapped.reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const runnerUpUncapped = uncapped.filter((r) => r.name !== bestUncapped.name).reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const seedNoise = seedNoiseSection(all, {
    budgets: FPR_BUDGETS,
    splitSeed: DEFAULT_TRAIN_CONFIG.seed,
    singleOf: Object.fromEntries(Object.entries(ENSEMBLES).map(([k, v]) => [k, v.single])),
    winner: bestUncapped,
    runnerUp: runnerUpUncapped,
    shippedStage1: DEFAULT_TRAIN_CONFIG.stage1,
  });
  const f = (v: number) => v.toFixed(4);
  const md = `# How stage 1's settings were chosen

Reproduce: \`npm run select && npm run select -- --report\` (KDDTrain+ only; the test files are not read).

Held out of training, one attack name per category (the second most frequent in KDDTrain+): ${runs[0].holdOut.join(', ')}.
Criterion: mean of normal rows passed, seen attack names caught and held-out attack names caught (each: the mean over attack names of the share of its rows caught), on the validation split plus the held-out rows.

Threshold rule: the lowest threshold with a validation false-positive rate within the budget **and** at most
${HARD_NORMAL_FPR} on the validation normal rows of difficulty < ${ALL_LEARNERS_RIGHT} ("hard normals": rows that at least one of
NSL-KDD's 21 reference learners took for an attack; the difficulty column is metadata, never a feature). The
issue's ceiling is ${HARD_NORMAL_FPR} on traffic the model has not seen, where normal rows are flagged more often than in
a split of the training file; the hard normals are the validation rows most like them, so they are held to
it. The last column is the criterion with the budget alone (the rule before this cap).

| candidate | FPR budget | threshold | normal passed | hard normals passed | seen attack names caught | held-out attack names caught | criterion | criterion, budget alone |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${r.fpr} | ${f(r.threshold)} | ${f(r.normalPassed)} | ${f(r.hardNormalPassed)} | ${f(r.seenCaught)} | ${f(r.heldOutCaught)} | ${r === best ? '**' + f(r.criterion) + '**' : f(r.criterion)} | ${f(r.uncappedCriterion)} |`).join('\n')}

Chosen: **${best.name}** with a false-positive budget of **${best.fpr}** (and the hard-normal cap), trained for the epoch count whose
validation loss (held-out rows included) was lowest: **${runs.find((r) => r.name === best.name)?.bestEpoch ?? '?'}**.
With the budget alone the choice is ${bestUncapped.name === best.name && bestUncapped.fpr === best.fpr ? 'the same' : `${bestUncapped.name} at ${bestUncapped.fpr}`}.

The runs below are scored with the budget alone (most were trained before the cap, and scoring them under it
would mean training them again); they measure how far one stage 1 seed's criterion can be trusted.

${seedNoise}`;
  writeFileSync(join(REPORTS_DIR, 'SELECTION.md'), md);
  console.log(md);
}
