/**
 * npm run predict -- INPUT... --out OUTPUT.csv|- [--models DIR | --model VERSION.json]
 * Scores any input readInput() accepts (a CSV of records, a pcap / pcapng capture, a Zeek conn.log;
 * a folder: its captures and conn.logs) with the pipeline the browser runs; INPUT `-` reads standard
 * input and writes each batch of records as soon as it is scored
 * (`tcpdump -U -w - | npm run -s predict -- - --out -`); SIGINT / SIGTERM end it as the end of the
 * stream would. Rejected rows are not in the output; they go to stderr with their row numbers, then
 * one summary line per input. Several inputs: one output, a `file` column first and the identity
 * columns always (empty for a CSV without them). Usage and exit statuses: --help.
 */
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir, loadModelsFromVersionFile } from './lib/models-node';
import { CliOutput, exitStatus, expandInputs, forEachInput, stopOnSignals, wallClockWait } from './lib/cli-io';
import { EXIT, EXIT_HELP, modelVersionFile, modelsFolder, outputFile, parseCommandLine, usageError, type CommandSpec } from './lib/cli-options';
import { MODELS_DIR } from './lib/read-file';
import { resolve } from 'node:path';
import type { RecordBatch } from '../src/lib/ingest/record-batch';
import { scoreBatch, type ScoredBatch } from '../src/lib/scoring/pipeline';
import { IDENTITY_COLUMNS } from '../src/lib/ingest/record-identity';
import { buildIncidents, flaggedOfBatch, incidentsNdjson, type FlaggedRecord } from '../src/lib/incidents';
import { PREDICTIONS_HEADER, PREDICTIONS_WITH_IDENTITY_HEADER, originalCsvField, predictionLines } from '../src/lib/scoring/predictions-csv';

const PREDICT: CommandSpec = {
  name: 'predict',
  operands: 'INPUT...',
  minOperands: 1,
  required: ['out'],
  about: [
    'Scores connection records with the shipped models (or a learned version) and writes one line per',
    'scored record: row,anomaly,score,category,category_score,if_score, then ts,orig_h,orig_p,resp_h,resp_p',
    'for inputs that carry them. Rejected rows go to stderr with their row numbers, then a summary per input.',
  ],
  operandHelp: [
    ['INPUT', 'a pcap / pcapng capture, a Zeek conn.log, or a CSV of records (its format read from its first bytes)'],
    ['FOLDER', 'its captures and conn.logs (files directly in it, by name; others are listed as not read)'],
    ['-', 'standard input, scored as records complete; SIGINT / SIGTERM end it as its end would'],
  ],
  options: [
    { name: 'out', value: 'FILE|-', description: 'where the predictions go (- for standard output); checked before anything is read', check: outputFile },
    { name: 'models', value: 'DIR', description: 'a folder of models (default: models/, the shipped set)', check: modelsFolder },
    { name: 'model', value: 'FILE', description: 'a model version file (npm run learn --out, or the page\'s model library export)', check: modelVersionFile },
    { name: 'interim', value: 'SECONDS', description: 'captures: a connection still open SECONDS after its start (and every SECONDS after) is also written as it stands then, with row empty and a last column interim = 1 (0 on every other row); at least 10', check: (v) => (v.trim() !== '' && Number(v) >= 10 && Number.isFinite(Number(v)) ? undefined : 'must be a number of seconds, at least 10 (a connection is placed in the traffic windows 10 s after its start)') },
    { name: 'incidents', value: 'FILE|-', description: 'also write the incidents (flagged records grouped and named) as ECS alert documents, one JSON a line', check: outputFile },
  ],
  more: [
    'Several inputs: one output whose first column, file, names the input of each row (rows are numbered',
    'within their input), with the identity columns always (empty for a CSV of records without them).',
    'A refused input is named on stderr and skipped; the others are still scored.',
    '',
    'Live:  tcpdump -U -w - | npm run -s predict -- - --out - [--interim 60]',
    '       (-U: tcpdump writes each packet at once; -s: npm prints no banner into the CSV)',
    'A record goes out when its connection is over (at most 10 s later on a generated stream); --interim',
    'shows long connections while they last (an interim row is the connection so far, scored as such).',
    'A reader that stops early (| head) ends predict quietly with status 0.',
    '',
    ...EXIT_HELP,
    '130 / 143: stopped by SIGINT / SIGTERM before every file was read (what was read is written and',
    'summarised); standard input ended by a signal is a normal end, status 0.',
  ],
};

/**
 * Something else that takes the scored rows: each batch as it is scored (with the input it came
 * from), then once after the last input (--incidents is one). Added to `consumers` below from its option.
 */
interface ScoredRowsConsumer {
  add(input: string, batch: RecordBatch, scored: ScoredBatch): void | Promise<void>;
  finish(): void | Promise<void>;
}

const { operands, options } = parseCommandLine(PREDICT);
if (options.has('model') && options.has('models')) usageError(PREDICT, '--model and --models both given: one model set is used (--model FILE: a version file; --models DIR: a folder of models)');
const { inputs, problems } = expandInputs(operands);
const outPath = options.get('out')!;
if (outPath !== '-' && inputs.some((i) => i !== '-' && resolve(i) === resolve(outPath))) usageError(PREDICT, `--out ${outPath} is also an input: it would be overwritten`);
const consumers: ScoredRowsConsumer[] = [];
const incidentsPath = options.get('incidents');
if (incidentsPath !== undefined) {
  if (incidentsPath === '-' && outPath === '-') usageError(PREDICT, '--incidents - and --out - both name standard output: write one of them to a file');
  if (incidentsPath !== '-' && resolve(incidentsPath) === resolve(outPath)) usageError(PREDICT, '--incidents and --out name the same file');
  if (incidentsPath !== '-' && inputs.some((i) => i !== '-' && resolve(i) === resolve(incidentsPath))) usageError(PREDICT, `--incidents ${incidentsPath} is also an input: it would be overwritten`);
  consumers.push(incidentsWriter(incidentsPath));
}

/** --incidents: each input's flagged records, grouped into incidents once it has been read, as ECS NDJSON. */
function incidentsWriter(path: string): ScoredRowsConsumer {
  const flagged = new Map<string, { records: FlaggedRecord[]; offset: number }>();
  return {
    add(input, batch, scored) {
      let entry = flagged.get(input);
      if (!entry) flagged.set(input, (entry = { records: [], offset: 0 }));
      for (const r of flaggedOfBatch(batch, scored, entry.offset)) entry.records.push(r);
      entry.offset += scored.rowCount;
    },
    async finish() {
      const now = new Date();
      const out = new CliOutput(path);
      let count = 0;
      for (const [input, { records }] of flagged) {
        const incidents = buildIncidents(records);
        count += incidents.length;
        await out.write(incidentsNdjson(incidents, { file: input, now }));
      }
      await out.close();
      console.error(`${count} incident${count === 1 ? '' : 's'} written to ${path === '-' ? 'standard output' : path}`);
    },
  };
}

const stop = stopOnSignals();
await initTfNode('wasm');
const modelArg = options.get('model');
const bundle = await (modelArg !== undefined ? loadModelsFromVersionFile(resolve(modelArg)) : loadModelsFromDir(resolve(options.get('models') ?? MODELS_DIR))).catch((error: Error) => {
  console.error(`error: ${modelArg !== undefined ? `--model ${modelArg}` : `--models ${options.get('models') ?? MODELS_DIR}`}: ${error.message}`);
  process.exit(EXIT.failed);
});
for (const problem of problems) console.error(`error: ${problem}`);

const output = new CliOutput(outPath);
const several = inputs.length > 1;
/** Several inputs: the file column, and the identity columns on every line (empty where an input has none). */
const NO_IDENTITY = ','.repeat(IDENTITY_COLUMNS.length);
const interimSeconds = options.has('interim') ? Number(options.get('interim')) : null;
/** --interim: the last column on every line (interim rows 1, rows of finished connections 0). */
const markRows = (lines: string, interim: boolean) => (interimSeconds === null ? lines : lines.replace(/\n/g, interim ? ',1\n' : ',0\n'));
const INTERIM_HEADER = interimSeconds === null ? '' : ',interim';
if (several) await output.write(`file,${PREDICTIONS_WITH_IDENTITY_HEADER}${INTERIM_HEADER}\n`);
const run = await forEachInput(inputs, stop, async ({ name, input, source, totalBytes, live }) => {
  let wroteHeader = several;
  const file = originalCsvField(name) + ',';
  const writeHeader = async (identity: boolean) => {
    if (wroteHeader) return;
    await output.write((identity ? PREDICTIONS_WITH_IDENTITY_HEADER : PREDICTIONS_HEADER) + INTERIM_HEADER + '\n');
    wroteHeader = true;
  };
  const write = async (batch: RecordBatch, interim: boolean) => {
    await writeHeader(batch.identity !== undefined);
    const scored = await scoreBatch(bundle, batch);
    let lines = predictionLines(scored, batch.identity);
    // An interim row is no record of its own: no row number (the connection's row comes when it is over).
    if (interim) lines = lines.replace(/^[^,\n]*/gm, '');
    if (several) lines = lines.replace(/^(?=.)/gm, file).replace(/\n/g, batch.identity ? '\n' : `${NO_IDENTITY}\n`);
    await output.write(markRows(lines, interim));
    if (!interim) for (const c of consumers) await c.add(name, batch, scored);
  };
  const summary = await source.read(input, {
    totalBytes,
    live,
    wait: live ? wallClockWait : undefined,
    onBatch: (batch) => write(batch, false),
    ...(interimSeconds === null ? {} : { interim: { seconds: interimSeconds, onBatch: (batch: RecordBatch) => write(batch, true) } }),
  });
  await writeHeader(summary.hasIdentity === true);
  return summary;
});
if (run.read === 0) output.abandon();
else {
  await output.close();
  for (const c of consumers) await c.finish();
}
process.exit(problems.length > 0 ? Math.max(exitStatus(run, stop), EXIT.failed) : exitStatus(run, stop));
