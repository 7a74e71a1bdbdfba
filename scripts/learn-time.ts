/**
 * Learning time on 10,000 records (npx tsx scripts/learn-time.ts [records]): benign captures from
 * ../shared/captures/benign/, repeated until there are enough, learned with the default settings.
 */
import { resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR } from './lib/read-file';
import { DEFAULT_LEARN_BASELINE_SETTINGS, learnBaseline, type BaselineSource } from '../src/lib/training/learn-baseline';
import { readBenignCaptures } from './lib/baseline-measurement';
import { selectRows } from '../src/lib/ingest/record-batch';

const target = Number(process.argv[2] ?? 10_000);
await initTfNode('wasm');
const bundle = await loadModelsFromDir(MODELS_DIR);
const captures = await readBenignCaptures(resolve(process.cwd(), '../shared/captures/benign'));
const sources: BaselineSource[] = [];
let records = 0;
for (let round = 0; records < target; round++) {
  for (const c of captures) {
    if (records >= target) break;
    const take = Math.min(c.batch.rowCount, target - records);
    const batch = take === c.batch.rowCount ? c.batch : selectRows(c.batch, Array.from({ length: take }, (_, i) => i));
    sources.push({ name: `${round}-${c.name}`, batch });
    records += take;
  }
}
const r = await learnBaseline({ bundle, sources, name: 'timing', baseVersion: 'pretrained' }, DEFAULT_LEARN_BASELINE_SETTINGS);
console.log(`learned on ${records} records (${sources.length} sources, ${r.records.stage1Normal} normal, ${r.records.synthetic} synthetic, ${r.records.probes} probes) in ${r.seconds.toFixed(1)} s`);
