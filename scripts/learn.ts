/**
 * npm run learn -- CAPTURE... --out VERSION.json [--name NAME] [--contamination 0.01] [--target-fpr 0.01] [--no-attack-screen]
 * Learns a baseline from captures (or conn.logs, record CSVs) of traffic considered normal and writes
 * the new model version in the model library's export format, which the page imports and
 * `npm run predict -- --model VERSION.json INPUT` scores with. By default the traffic may hold
 * attacks: what the pretrained models flag in it is kept as attacks, not learned as normal;
 * --no-attack-screen learns every record as normal (a baseline known to be clean).
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR, parseArgs } from './lib/read-file';
import { readInput } from '../src/lib/ingest';
import { concatBatches, type RecordBatch } from '../src/lib/ingest/record-batch';
import { exportModelVersion } from '../src/lib/models/model-export';
import { DEFAULT_LEARN_BASELINE_SETTINGS, learnBaseline } from '../src/lib/training/learn-baseline';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length === 0 || !options.has('out')) {
  console.error('usage: npm run learn -- CAPTURE... --out VERSION.json [--name NAME] [--contamination 0.01] [--target-fpr 0.01] [--no-attack-screen] [--models DIR]');
  process.exit(2);
}
const fraction = (name: string, fallback: number) => {
  const v = options.has(name) ? Number(options.get(name)) : fallback;
  if (!(v >= 0 && v < 1)) throw new Error(`--${name} must be a number in [0, 1)`);
  return v;
};
const settings = { ...DEFAULT_LEARN_BASELINE_SETTINGS, contamination: fraction('contamination', DEFAULT_LEARN_BASELINE_SETTINGS.contamination), targetFpr: fraction('target-fpr', DEFAULT_LEARN_BASELINE_SETTINGS.targetFpr), attackScreen: options.has('no-attack-screen') ? 'none' as const : DEFAULT_LEARN_BASELINE_SETTINGS.attackScreen };
await initTfNode('wasm');
const bundle = await loadModelsFromDir(resolve(options.get('models') ?? MODELS_DIR));
const sources = [];
for (const path of positional) {
  const batches: RecordBatch[] = [];
  await readInput(createReadStream(resolve(path)), { totalBytes: statSync(resolve(path)).size, onBatch: (b) => void batches.push(b) });
  const batch = concatBatches(batches);
  console.error(`${path}: ${batch.rowCount} records`);
  sources.push({ name: basename(path), batch });
}
const name = options.get('name') ?? basename(positional[0]).replace(/\.[^.]+$/, '');
const result = await learnBaseline({ bundle, sources, name, baseVersion: 'pretrained' }, settings, (p) => {
  if (p.report) console.error(`stage 1 epoch ${p.report.epoch}: loss ${p.report.loss.toFixed(4)} (${p.report.seconds.toFixed(1)} s)`);
  else console.error(`${p.phase}…${p.round ? ` (${p.round.index < p.round.count ? `fold ${p.round.index} of ${p.round.count - 1}` : "final models"})` : ""}`);
});
writeFileSync(resolve(options.get('out')!), await exportModelVersion({ info: result.info, manifest: result.manifest, files: result.files }));
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
console.error(`${result.info.name}: ${result.records.training} records trained on, ${result.calibrationFolds > 0 ? `thresholds cross-fitted on ${result.calibrationFolds} folds of captures (${result.records.calibration} records, each scored by models that never saw its capture)` : `${result.records.calibration} held out for calibration`}, ${result.records.setAside} set aside (contamination), in ${result.seconds.toFixed(1)} s`);
for (const d of ['stage1', 'forest', 'hybrid'] as const) {
  console.error(`  ${d}: held-out baseline flagged ${pct(result.before[d].falsePositiveRate)} before → ${pct(result.after[d].falsePositiveRate)} after (threshold ${result.after[d].threshold.toFixed(4)})`);
}
const known = result.knownAttacks;
if (result.screen) console.error(`  attack screen: ${result.records.screened} records the pretrained models flag kept as attacks; ${pct(result.screen.recall)} of the ${result.screen.heldOut} held out flagged (threshold set by the ${result.screen.limitedBy === 'recall' ? 'recall floor: the held-out FPR is over the target' : 'FPR target'})`);
if (known.pretrainedFlagged > 0) console.error(`  of the ${known.pretrainedFlagged} records the pretrained models flag in this traffic, the learned ones flag ${known.stillFlagged} (${pct(known.stillFlagged / known.pretrainedFlagged)})${known.stillFlagged < 0.9 * known.pretrainedFlagged && !result.screen ? ': if this traffic may hold attacks, learn without --no-attack-screen' : ''}`);
console.error(`wrote ${options.get('out')}`);
