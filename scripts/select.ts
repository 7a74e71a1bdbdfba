/**
 * npm run select -- [DATA_DIR] [--candidates a,b,…]   then   npm run select -- --report
 * How the shipped stage 1 settings were chosen, on KDDTrain+ alone. Each candidate is trained with
 * one attack name per category held out of training entirely (the second most frequent name of the
 * category in KDDTrain+: it stands in for the attacks a deployed model has never seen) and scored on
 * the validation split plus those held-out rows. For each false-positive budget the criterion is the
 * mean of: normal rows passed, seen attack names caught, held-out attack names caught, where "names
 * caught" is the mean over attack names of the share of their rows caught (each type counts the same). Results go to
 * models/selection/*.json; --report writes models/SELECTION.md and names the winner.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, parseArgs, readCsvFile } from './lib/read-file';
import { DEFAULT_TRAIN_CONFIG, trainModelSet, type TrainConfig } from '../src/lib/train-models';
import { ATTACK_CATEGORIES } from '../src/lib/categories';
import { thresholdForFalsePositiveRate } from '../src/lib/threshold';

// Candidates start from the first shipped settings (4 epochs with early stopping on validation loss).
export const CANDIDATES: Record<string, (c: TrainConfig) => void> = {
  'label-weights': (c) => void (c.stage1.categoryWeights = 'label-sqrt'),
  'sqrt-weights': (c) => void (c.stage1.categoryWeights = 'sqrt-balanced'),
  'no-weights': (c) => void (c.stage1.categoryWeights = 'none'),
  'sqrt-weights+synthetic-0.5': (c) => {
    c.stage1.categoryWeights = 'sqrt-balanced';
    c.stage1.syntheticAnomalies = 0.5;
  },
  'no-weights+synthetic-0.5': (c) => {
    c.stage1.categoryWeights = 'none';
    c.stage1.syntheticAnomalies = 0.5;
  },
};
/**
 * Validation false-positive budgets tried. The issue's limit is 5 % on unseen traffic, and normal
 * traffic elsewhere differs from the training split (a first model's false-positive rate on
 * KDDTest+ was about 4x its validation rate), so the budget keeps a margin: at most 2 %.
 */
export const FPR_BUDGETS = [0.005, 0.01, 0.02];

const { positional, options } = parseArgs(process.argv.slice(2));
const outDir = join(MODELS_DIR, 'selection');
mkdirSync(outDir, { recursive: true });

if (options.has('report')) {
  writeReport();
} else {
  const dataDir = resolve(positional[0] ?? DEFAULT_DATA_DIR);
  const names = options.get('candidates')?.split(',') ?? Object.keys(CANDIDATES);
  await initTfNode('wasm');
  const { batch, summary } = await readCsvFile(join(dataDir, 'KDDTrain+.txt'));
  const holdOut = ATTACK_CATEGORIES.map((cat) => summary.labelCounts.filter((l) => l.category === cat)[1].label);
  for (const name of names) {
    const config: TrainConfig = structuredClone(DEFAULT_TRAIN_CONFIG);
    config.stage1.epochs = 4;
    config.stage1.patience = 1;
    CANDIDATES[name](config);
    config.holdOutLabels = holdOut;
    // Stage 2 and the hybrid do not enter this choice: one epoch keeps the run short.
    config.stage2.epochs = 1;
    config.hybrid.epochs = 1;
    const t0 = performance.now();
    const r = await trainModelSet({ batch, labelVocabulary: summary.labelVocabulary, sourceName: 'KDDTrain+.txt', sourceSha256: '' }, config, (l) =>
      console.log(`[${name}] ${l}`),
    );
    const v = r.validation;
    const held = new Set(holdOut.map((l) => summary.labelVocabulary.indexOf(l)));
    const isNormal = (i: number) => summary.labelVocabulary[v.batch.labels[i]] === 'normal';
    const binary = Int8Array.from({ length: v.batch.rowCount }, (_, i) => (isNormal(i) ? 0 : 1));
    const budgets = FPR_BUDGETS.map((fpr) => {
      const t = thresholdForFalsePositiveRate(binary, v.stage1, fpr);
      // Per attack name: rows and rows caught, so every attack type counts the same.
      const perName = new Map<number, { rows: number; caught: number }>();
      let normalRows = 0;
      let normalPassed = 0;
      for (let i = 0; i < v.batch.rowCount; i++) {
        const flagged = v.stage1[i] >= t;
        if (isNormal(i)) (normalRows++, !flagged && normalPassed++);
        else {
          const e = perName.get(v.batch.labels[i]) ?? { rows: 0, caught: 0 };
          e.rows++;
          if (flagged) e.caught++;
          perName.set(v.batch.labels[i], e);
        }
      }
      const macro = (pick: (label: number) => boolean) => {
        const recalls = [...perName].filter(([l]) => pick(l)).map(([, e]) => e.caught / e.rows);
        return recalls.reduce((a, b) => a + b, 0) / recalls.length;
      };
      const seenCaught = macro((l) => !held.has(l));
      const heldOutCaught = macro((l) => held.has(l));
      const passed = normalPassed / normalRows;
      return { fpr, threshold: t, normalPassed: passed, seenCaught, heldOutCaught, criterion: (passed + seenCaught + heldOutCaught) / 3 };
    });
    const epochs = r.manifest.training.epochs as { stage1: { epoch: number; validationLoss: number }[] };
    const bestEpoch = epochs.stage1.reduce((a, b) => (b.validationLoss < a.validationLoss ? b : a)).epoch;
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ name, holdOut, stage1: config.stage1, bestEpoch, seconds: (performance.now() - t0) / 1000, budgets }, null, 1));
    console.log(`[${name}] ${JSON.stringify(budgets)}`);
  }
}

function writeReport() {
  const runs = readdirSync(outDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')) as { name: string; holdOut: string[]; bestEpoch?: number; budgets: { fpr: number; threshold: number; normalPassed: number; seenCaught: number; heldOutCaught: number; criterion: number }[] });
  const rows = runs.flatMap((r) => r.budgets.filter((b) => FPR_BUDGETS.includes(b.fpr)).map((b) => ({ name: r.name, ...b })));
  const best = rows.reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const f = (v: number) => v.toFixed(4);
  const md = `# How stage 1's settings were chosen

Reproduce: \`npm run select && npm run select -- --report\` (KDDTrain+ only; the test files are not read).

Held out of training, one attack name per category (the second most frequent in KDDTrain+): ${runs[0].holdOut.join(', ')}.
Criterion: mean of normal rows passed, seen attack names caught and held-out attack names caught (each: the mean over attack names of the share of its rows caught), on the validation split plus the held-out rows.

| candidate | FPR budget | threshold | normal passed | seen attack names caught | held-out attack names caught | criterion |
|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${r.fpr} | ${f(r.threshold)} | ${f(r.normalPassed)} | ${f(r.seenCaught)} | ${f(r.heldOutCaught)} | ${r === best ? '**' + f(r.criterion) + '**' : f(r.criterion)} |`).join('\n')}

Chosen: **${best.name}** with a false-positive budget of **${best.fpr}**, trained for the epoch count whose
validation loss (held-out rows included) was lowest: **${runs.find((r) => r.name === best.name)?.bestEpoch ?? '?'}**.
`;
  writeFileSync(join(MODELS_DIR, 'SELECTION.md'), md);
  console.log(md);
}
