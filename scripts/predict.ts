/**
 * npm run predict -- INPUT --out OUTPUT.csv [--models DIR | --model VERSION.json]
 * (--model: a version file from `npm run learn` or the page's model library export.)
 * Scores any input readInput() accepts (a CSV of records, a pcap / pcapng capture, a Zeek conn.log)
 * with the pipeline the browser runs; INPUT `-` reads standard input and writes each batch of records
 * as soon as it is scored (`tcpdump -w - | npm run predict -- - --out -`). Rejected rows are not in
 * the output; they go to stderr with their row numbers, then one summary line.
 */
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir, loadModelsFromVersionFile } from './lib/models-node';
import { CliOutput, openCliInput, runWithOutput } from './lib/cli-io';
import { MODELS_DIR, parseArgs } from './lib/read-file';
import { printSummary } from './lib/print-summary';
import { resolve } from 'node:path';
import { scoreBatch } from '../src/lib/scoring/pipeline';
import { PREDICTIONS_HEADER, PREDICTIONS_WITH_IDENTITY_HEADER, predictionLines } from '../src/lib/scoring/predictions-csv';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || !options.has('out')) {
  console.error('usage: npm run predict -- INPUT|- --out OUTPUT.csv|- [--models DIR | --model VERSION.json]');
  process.exit(2);
}
await initTfNode('wasm');
const bundle = options.has('model') ? await loadModelsFromVersionFile(resolve(options.get('model')!)) : await loadModelsFromDir(resolve(options.get('models') ?? MODELS_DIR));
const output = new CliOutput(options.get('out')!);
await runWithOutput(output, async () => {
  const { input, source, totalBytes, live } = await openCliInput(positional[0]);
  let wroteHeader = false;
  const summary = await source.read(input, {
    totalBytes,
    live,
    onBatch: async (batch) => {
      if (!wroteHeader) {
        await output.write((batch.identity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER) + '\n');
        wroteHeader = true;
      }
      const scored = await scoreBatch(bundle, batch);
      await output.write(predictionLines(scored, batch.identity));
    },
  });
  if (!wroteHeader) await output.write((summary.hasIdentity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER) + '\n');
  await output.close();
  printSummary(summary, source.description);
});
