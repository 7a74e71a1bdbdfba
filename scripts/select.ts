/**
 * npm run select -- [DATA_DIR] [--candidates a,b,…]   then   npm run select -- --report
 * How the shipped stage 1 settings were chosen, on KDDTrain+ alone. Each candidate is trained with
 * one attack name per category held out of training entirely (the second most frequent name of the
 * category in KDDTrain+: it stands in for the attacks a deployed model has never seen) and scored on
 * the validation split plus those held-out rows. For each false-positive budget the criterion is the
 * mean of: normal rows passed, seen attacks caught, held-out attacks caught. Results go to
 * models/selection/*.json; --report writes models/SELECTION.md and names the winner.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, parseArgs, readCsvFile } from './lib/read-file';
import { DEFAULT_TRAIN_CONFIG, trainModelSet, type TrainConfig } from '../src/lib/train-models';
import { ATTACK_CATEGORIES } from '../src/lib/categories';
import { thresholdForFalsePositiveRate } from '../src/lib/threshold';

export const CANDIDATES: Record<string, (c: TrainConfig) => void> = {
  'sqrt-weights': () => {},
  'no-weights': (c) => void (c.stage1.categoryWeights = 'none'),
  'sqrt-weights+synthetic-0.5': (c) => void (c.stage1.syntheticAnomalies = 0.5),
  'no-weights+synthetic-0.5': (c) => {
    c.stage1.categoryWeights = 'none';
    c.stage1.syntheticAnomalies = 0.5;
  },
};
export const FPR_BUDGETS = [0.005, 0.01, 0.02, 0.05];

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
      const rate = (pick: (i: number) => boolean, flagged: boolean) => {
        let n = 0;
        let k = 0;
        for (let i = 0; i < v.batch.rowCount; i++) if (pick(i)) (n++, (v.stage1[i] >= t) === flagged && k++);
        return k / n;
      };
      const normalPassed = rate(isNormal, false);
      const seenCaught = rate((i) => !isNormal(i) && !held.has(v.batch.labels[i]), true);
      const heldOutCaught = rate((i) => held.has(v.batch.labels[i]), true);
      return { fpr, threshold: t, normalPassed, seenCaught, heldOutCaught, criterion: (normalPassed + seenCaught + heldOutCaught) / 3 };
    });
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ name, holdOut, stage1: config.stage1, seconds: (performance.now() - t0) / 1000, budgets }, null, 1));
    console.log(`[${name}] ${JSON.stringify(budgets)}`);
  }
}

function writeReport() {
  const runs = readdirSync(outDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')) as { name: string; holdOut: string[]; budgets: { fpr: number; threshold: number; normalPassed: number; seenCaught: number; heldOutCaught: number; criterion: number }[] });
  const rows = runs.flatMap((r) => r.budgets.map((b) => ({ name: r.name, ...b })));
  const best = rows.reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const f = (v: number) => v.toFixed(4);
  const md = `# How stage 1's settings were chosen

Reproduce: \`npm run select && npm run select -- --report\` (KDDTrain+ only; the test files are not read).

Held out of training, one attack name per category (the second most frequent in KDDTrain+): ${runs[0].holdOut.join(', ')}.
Criterion: mean of normal rows passed, seen attacks caught and held-out attacks caught, on the validation split plus the held-out rows.

| candidate | FPR budget | threshold | normal passed | seen attacks caught | held-out attacks caught | criterion |
|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${r.fpr} | ${f(r.threshold)} | ${f(r.normalPassed)} | ${f(r.seenCaught)} | ${f(r.heldOutCaught)} | ${r === best ? '**' + f(r.criterion) + '**' : f(r.criterion)} |`).join('\n')}

Chosen: **${best.name}** with a false-positive budget of **${best.fpr}**.
`;
  writeFileSync(join(MODELS_DIR, 'SELECTION.md'), md);
  console.log(md);
}
