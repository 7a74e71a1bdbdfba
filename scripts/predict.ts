/**
 * npm run predict -- INPUT --out OUTPUT.csv [--models DIR | --model VERSION.json]
 * (--model: a version file from `npm run learn` or the page's model library export.)
 * Scores any input readInput() accepts (a CSV of records, a pcap / pcapng capture, a Zeek conn.log)
 * with the pipeline the browser runs; INPUT `-` reads standard input and writes each batch of records
 * as soon as it is scored (`tcpdump -w - | npm run predict -- - --out -`). Rejected rows are not in
 * the output; they go to stderr with their row numbers, then one summary line.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir, loadModelsFromVersionFile } from './lib/models-node';
import { MODELS_DIR, parseArgs } from './lib/read-file';
import { printSummary } from './lib/print-summary';
import { readInput } from '../src/lib/ingest';
import { inputHead } from '../src/lib/ingest/input-head';
import { sourceFor } from '../src/lib/ingest';
import { scoreBatch } from '../src/lib/scoring/pipeline';
import { PREDICTIONS_HEADER, PREDICTIONS_WITH_IDENTITY_HEADER, predictionLines } from '../src/lib/scoring/predictions-csv';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || !options.has('out')) {
  console.error('usage: npm run predict -- INPUT|- --out OUTPUT.csv|- [--models DIR | --model VERSION.json]');
  process.exit(2);
}
const fromStdin = positional[0] === '-';
const toStdout = options.get('out') === '-';
await initTfNode('wasm');
const bundle = options.has('model') ? await loadModelsFromVersionFile(resolve(options.get('model')!)) : await loadModelsFromDir(resolve(options.get('models') ?? MODELS_DIR));
const outPath = toStdout ? null : resolve(options.get('out')!);
const out = outPath === null ? process.stdout : createWriteStream(outPath);
try {
  const { head, input } = await inputHead(fromStdin ? process.stdin : createReadStream(resolve(positional[0])));
  const source = sourceFor(head);
  let wroteHeader = false;
  const summary = await readInput(input, {
    totalBytes: fromStdin ? 0 : statSync(resolve(positional[0])).size,
    live: fromStdin,
    onBatch: async (batch) => {
      if (!wroteHeader) {
        out.write((batch.identity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER) + '\n');
        wroteHeader = true;
      }
      const scored = await scoreBatch(bundle, batch);
      if (!out.write(predictionLines(scored, batch.identity))) await once(out, 'drain');
    },
  });
  if (!wroteHeader) out.write((summary.hasIdentity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER) + '\n');
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  printSummary(summary, source.description);
} catch (error) {
  if (outPath !== null) {
    (out as ReturnType<typeof createWriteStream>).destroy();
    // A file that could not be read leaves no output behind (a header alone would look like "no rows").
    rmSync(outPath, { force: true });
  }
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
