/**
 * npm run evaluate-learning -- [--models DIR]... [--ctu DIR] [--seeds 1,2,3] [--per-family N] [--screen none|pretrained] [--screen-confidence P] [--json FILE]
 * npm run evaluate-learning -- --validation [--clean] [--models DIR] [--seeds 1,2,3] [--screen none|pretrained] [--screen-recall R]
 * --validation: the training data's own check, where the learning settings are chosen: the shared benign
 * captures split by capture (seeded halves), the four generated attacks inserted into two learning
 * captures each (a baseline holding attacks) and into two held-out captures each; reported: held-out
 * benign records flagged and held-out attack records flagged, per kind, before and after learning;
 * --clean: no attacks in the learning captures (a baseline known to be clean).
 * "Learn this network" on a real network whose traffic holds attacks (issue #21): each model set learns
 * host A's day of datasets/ctu-normal as it comes (its labels ignored), then scores host B's day;
 * reported: host B's Benign and Malicious connections flagged and stage 1's ROC AUC between them,
 * before learning and after (one learning per seed: mean, sd, min–max), and the generated attacks at
 * evaluation seeds flagged before and after (what learning must not lose). Background connections
 * are counted, not scored (the dataset's README). The labels are read only to report.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR, REPO_ROOT, parseArgs } from './lib/read-file';
import { bundleFromFiles } from './lib/baseline-measurement';
import { readLabelledConnLog, type LabelledConnLog } from './lib/labelled-conn-log';
import { attackRates, evaluationCorpus, pooled } from './lib/traffic-evaluation';
import type { ModelBundle } from '../src/lib/models/model-bundle';
import { rocCurve } from '../src/lib/metrics/roc';
import { scoreBatch } from '../src/lib/scoring/pipeline';
import { DEFAULT_LEARN_BASELINE_SETTINGS, learnBaseline, type LearnBaselineSettings } from '../src/lib/training/learn-baseline';

const argv = process.argv.slice(2);
const { options } = parseArgs(argv);
const modelDirs = argv.flatMap((a, i) => (a === '--models' && argv[i + 1] ? [resolve(argv[i + 1])] : []));
if (modelDirs.length === 0) modelDirs.push(MODELS_DIR);
const ctuDir = resolve(options.get('ctu') ?? join(REPO_ROOT, '../shared/datasets/ctu-normal'));
const seeds = (options.get('seeds') ?? '1,2,3').split(',').map(Number);
const perFamily = Number(options.get('per-family') ?? 2);
const attackScreen = (options.get('screen') ?? DEFAULT_LEARN_BASELINE_SETTINGS.attackScreen) as LearnBaselineSettings['attackScreen'];
const screenConfidence = options.has('screen-confidence') ? Number(options.get('screen-confidence')) : DEFAULT_LEARN_BASELINE_SETTINGS.screenConfidence;
const screenRecall = options.has('screen-recall') ? Number(options.get('screen-recall')) : DEFAULT_LEARN_BASELINE_SETTINGS.screenRecall;

await initTfNode('wasm');
if (options.has('validation')) {
  const { readBenignCaptures, splitByCapture, measureSplit } = await import('./lib/baseline-measurement');
  const { ATTACK_KINDS } = await import('./lib/attack-captures');
  const captures = await readBenignCaptures();
  const bundle = await loadModelsFromDir(modelDirs[0]);
  const rows: string[] = [];
  for (const seed of seeds) {
    const { learn, heldOut } = splitByCapture(captures, seed);
    const m = await measureSplit(bundle, learn, heldOut, { ...DEFAULT_LEARN_BASELINE_SETTINGS, attackScreen, screenConfidence, screenRecall }, seed, 2, options.has('clean') ? 0 : 2);
    const share = (c: { records: number; stage1: number }) => (100 * c.stage1 / c.records).toFixed(1);
    rows.push(`| ${seed} | ${share(m.before)} → ${share(m.after)} | ${ATTACK_KINDS.map((k) => `${share(m.attacks[k].before)} → ${share(m.attacks[k].after)}`).join(' | ')} | ${m.result.records.screened} | ${m.result.screen ? `${m.result.screen.recall.toFixed(3)} (${m.result.screen.limitedBy})` : '–'} |`);
    console.log(rows.at(-1));
  }
  console.log(`\nvalidation${options.has('clean') ? ' (clean learning captures)' : ''}, ${modelDirs[0]}, attack screen ${attackScreen} at ${screenConfidence}, recall floor ${screenRecall}: stage 1 flags in % (before → after learning)`);
  console.log(`| split | held-out benign | ${ATTACK_KINDS.join(' | ')} | screened | held-out screened recall |`);
  console.log(`|---|---:|${ATTACK_KINDS.map(() => '---:').join('|')}|---:|---:|`);
  for (const r of rows) console.log(r);
  process.exit(0);
}
const hostA = await readLabelledConnLog(join(ctuDir, 'host-a-day1.conn.log'));
const hostB = await readLabelledConnLog(join(ctuDir, 'host-b-day2.conn.log'));
const corpus = await evaluationCorpus(perFamily);
const count = (log: LabelledConnLog, l: string) => log.labels.filter((x) => x === l).length;
console.log(`host A: ${hostA.batch.rowCount} records (${count(hostA, 'Malicious')} Malicious); host B: ${hostB.batch.rowCount} (Benign ${count(hostB, 'Benign')}, Malicious ${count(hostB, 'Malicious')}, Background ${count(hostB, 'Background')} not scored)`);

interface HostFigures { benignFlagged: number; maliciousFlagged: number; auc: number; attacksFlagged: number }

async function measure(bundle: ModelBundle): Promise<HostFigures> {
  const s = await scoreBatch(bundle, hostB.batch);
  const labels: number[] = [];
  const scores: number[] = [];
  let benign = 0, benignFlagged = 0, malicious = 0, maliciousFlagged = 0;
  hostB.labels.forEach((l, i) => {
    if (l === 'Background') return;
    labels.push(l === 'Malicious' ? 1 : 0);
    scores.push(s.score[i]);
    if (l === 'Benign') { benign++; benignFlagged += s.anomaly[i]; } else { malicious++; maliciousFlagged += s.anomaly[i]; }
  });
  const attacks = pooled((await attackRates(bundle, corpus)).values());
  return { benignFlagged: benignFlagged / benign, maliciousFlagged: maliciousFlagged / malicious, auc: rocCurve(labels, scores).auc, attacksFlagged: attacks.flagged / attacks.records };
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const spread = (values: number[], f: (v: number) => string) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return values.length === 1 ? f(mean) : `${f(mean)} ± ${f(sd).replace(' %', '')} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
};
const out: Record<string, unknown> = {};
for (const dir of modelDirs) {
  const bundle = await loadModelsFromDir(dir);
  const before = await measure(bundle);
  const after: HostFigures[] = [];
  for (const seed of seeds) {
    const started = performance.now();
    const result = await learnBaseline({ bundle, sources: [{ name: 'host-a-day1.conn.log', batch: hostA.batch }], name: 'host A', baseVersion: dir }, { ...DEFAULT_LEARN_BASELINE_SETTINGS, attackScreen, screenConfidence, seed });
    const learned = await bundleFromFiles(result.files);
    after.push(await measure(learned));
    console.log(`${dir} seed ${seed}: learned in ${((performance.now() - started) / 1000).toFixed(0)} s, set aside ${result.records.setAside}, screened ${result.records.screened}${result.screen ? ` (held out ${result.screen.heldOut}, recall ${result.screen.recall.toFixed(3)}, set by ${result.screen.limitedBy})` : ''}, stage 1 threshold ${result.after.stage1.threshold.toFixed(4)}: ${JSON.stringify(after.at(-1))}`);
  }
  out[dir] = { before, after };
  console.log(`\n${dir}, attack screen ${attackScreen} (learning: ${seeds.length} seed${seeds.length === 1 ? '' : 's'})`);
  console.log('| host B | before learning | after learning host A |');
  console.log('|---|---:|---:|');
  console.log(`| Benign flagged | ${pct(before.benignFlagged)} | ${spread(after.map((a) => a.benignFlagged), pct)} |`);
  console.log(`| Malicious flagged | ${pct(before.maliciousFlagged)} | ${spread(after.map((a) => a.maliciousFlagged), pct)} |`);
  console.log(`| stage 1 AUC, Benign vs Malicious | ${before.auc.toFixed(3)} | ${spread(after.map((a) => a.auc), (v) => v.toFixed(3))} |`);
  console.log(`| generated attacks flagged (${corpus.length} captures) | ${pct(before.attacksFlagged)} | ${spread(after.map((a) => a.attacksFlagged), pct)} |`);
}
if (options.has('json')) writeFileSync(options.get('json')!, JSON.stringify(out, null, 2));
