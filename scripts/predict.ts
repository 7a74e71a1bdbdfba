/**
 * npm run predict -- INPUT --out OUTPUT.csv [--models DIR]
 * Scores any file the CSV reader accepts with the pipeline the browser runs. Rejected rows are not
 * in the output; they go to stderr with their row numbers, then one summary line.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR, parseArgs } from './lib/read-file';
import { readRecords } from '../src/lib/ingest/csv/csv-reader';
import { scoreBatch } from '../src/lib/scoring/pipeline';
import { PREDICTIONS_HEADER, predictionLines } from '../src/lib/scoring/predictions-csv';
import { MAX_UNSEEN_VALUES } from '../src/lib/features/vocabulary';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || !options.has('out')) {
  console.error('usage: npm run predict -- INPUT --out OUTPUT.csv [--models DIR]');
  process.exit(2);
}
const inputPath = resolve(positional[0]);
await initTfNode('wasm');
const bundle = await loadModelsFromDir(resolve(options.get('models') ?? MODELS_DIR));
const outPath = resolve(options.get('out')!);
const out = createWriteStream(outPath);
out.write(PREDICTIONS_HEADER + '\n');
try {
  const summary = await readRecords(createReadStream(inputPath), {
    totalBytes: statSync(inputPath).size,
    onBatch: async (batch) => {
      const scored = await scoreBatch(bundle, batch);
      if (!out.write(predictionLines(scored))) await once(out, 'drain');
    },
  });
  out.end();
  await once(out, 'finish');
  for (const r of summary.rejects) console.error(`row ${r.row}: ${r.reason}`);
  if (summary.rowsRejected > summary.rejects.length) console.error(`… and ${summary.rowsRejected - summary.rejects.length} more rejected rows`);
  // JSON quoting: a value may hold a quote or a line break (a quoted CSV field), and stderr is read line by line.
  for (const u of summary.unseenValues) {
    const what = u.others ? `values beyond the first ${MAX_UNSEEN_VALUES} distinct ones` : `value ${JSON.stringify(u.value)}`;
    console.error(`warning: unseen ${u.column} ${what} in ${u.count} row${u.count === 1 ? '' : 's'} (first at row ${u.firstRow})`);
  }
  console.error(`rows read ${summary.rowsRead} = scored ${summary.rowsAccepted} + rejected ${summary.rowsRejected}`);
} catch (error) {
  out.destroy();
  // A file that could not be read leaves no output behind (a header alone would look like "no rows").
  rmSync(outPath, { force: true });
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
