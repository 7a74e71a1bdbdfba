/**
 * Issue 13's experiment over many samples: `npx tsx scripts/fine-tune-samples.ts [--seeds 101,102,…]
 * [--protocol evaluate|develop] [--settings '{"folds":1}']`. Fine-tunes the shipped models on seeded
 * 10 % samples of KDDTest+ (default settings; the guard decides on the sample's own held-out rows) and
 * prints, per sample and as mean / min / max, the binary accuracy gain on rows fine-tuning never saw.
 */
import { join } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, parseArgs, readCsvFile } from './lib/read-file';
import { distribution, runSample, type Distribution, type Protocol } from './lib/fine-tune-experiment';
import { DEFAULT_FINE_TUNE_SETTINGS } from '../src/lib/training/fine-tune';

const { options } = parseArgs(process.argv.slice(2));
const seeds = (options.get('seeds') ?? '101,102,103,104,105,106,107,108,109,110,111,112').split(',').map(Number);
const protocol = (options.get('protocol') ?? 'evaluate') as Protocol;
const settings = { ...DEFAULT_FINE_TUNE_SETTINGS, ...JSON.parse(options.get('settings') ?? '{}') };
const dataDir = process.env.NSL_KDD_DIR ?? DEFAULT_DATA_DIR;

async function main() {
  await initTfNode('wasm');
  const bundle = await loadModelsFromDir(MODELS_DIR);
  const { batch, summary } = await readCsvFile(join(dataDir, 'KDDTest+.txt'));
  const f = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(4);
  const gains = { tuned: [] as number[], active: [] as number[] };
  let activated = 0;
  console.log(`protocol ${protocol}; settings ${JSON.stringify(settings)}`);
  for (const seed of seeds) {
    const o = await runSample(bundle, batch, summary.labelVocabulary, seed, settings, protocol);
    gains.tuned.push(o.tuned - o.base);
    gains.active.push(o.active - o.base);
    if (o.activated) activated++;
    const g = o.result.guard;
    console.log(
      `seed ${seed}: ${o.tuneRows} rows tuned, ${o.measuredRows} measured (${o.result.rows.folds ? `${o.result.rows.folds} folds` : 'split'}); ` +
        `accuracy ${o.base.toFixed(4)} → ${o.tuned.toFixed(4)} (${f(o.tuned - o.base)}), threshold ${o.threshold.base.toFixed(4)} → ${o.threshold.tuned.toFixed(4)}, ` +
        `recall ${o.recall.base.toFixed(3)} → ${o.recall.tuned.toFixed(3)}, FPR ${o.falsePositiveRate.base.toFixed(3)} → ${o.falsePositiveRate.tuned.toFixed(3)}; ` +
        `guard on ${g.heldOutRows} held-out rows: accuracy ${g.base.accuracy.toFixed(4)} → ${g.tuned.accuracy.toFixed(4)}, ` +
        `recall at FPR ${g.falsePositiveRate.toFixed(3)} ${g.base.recallAtSameFpr.toFixed(3)} → ${g.tuned.recallAtSameFpr.toFixed(3)}, ` +
        `macro-F1 ${g.base.macroF1.toFixed(3)} → ${g.tuned.macroF1.toFixed(3)}: ${o.activated ? 'activated' : `guarded (${g.worseOn.join(', ')})`} (${o.seconds.toFixed(1)} s)`,
    );
  }
  const line = (name: string, d: Distribution) => `${name}: mean ${f(d.mean)}, min ${f(d.min)}, max ${f(d.max)}`;
  console.log(line('gain of the fine-tuned version', distribution(gains.tuned)));
  console.log(line('gain of the version left active', distribution(gains.active)));
  console.log(`${activated} of ${seeds.length} activated, ${seeds.length - activated} guarded`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
