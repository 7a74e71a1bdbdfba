/**
 * npm run extract -- INPUT... --out RECORDS.csv|-
 * A capture (pcap / pcapng) or Zeek conn.log → NSL-KDD connection records: a header row, the 41
 * features in NSL-KDD order, then ts,orig_h,orig_p,resp_h,resp_p. The same code as the worker's
 * reader (src/lib/ingest), so `npm run predict` on the output scores exactly as on the capture.
 * Several inputs (or a folder): one output with a `file` column first. Usage: --help.
 */
import { resolve } from 'node:path';
import { CliOutput, exitStatus, expandInputs, forEachInput, stopOnSignals, wallClockWait } from './lib/cli-io';
import { EXIT, EXIT_HELP, outputFile, parseCommandLine, usageError, type CommandSpec } from './lib/cli-options';
import { csvField, RECORD_CSV_HEADER } from '../src/lib/ingest/traffic/record-csv';
import { originalCsvField } from '../src/lib/scoring/predictions-csv';

const EXTRACT: CommandSpec = {
  name: 'extract',
  operands: 'INPUT...',
  minOperands: 1,
  required: ['out'],
  about: [
    'Turns captures and Zeek conn.logs into NSL-KDD connection records (CSV): a header, the 41 features',
    'in NSL-KDD order, then ts,orig_h,orig_p,resp_h,resp_p; npm run predict scores the output exactly as',
    'it scores the capture.',
  ],
  operandHelp: [
    ['INPUT', 'a pcap / pcapng capture or a Zeek conn.log (a CSV of records is refused: it is records already)'],
    ['FOLDER', 'its captures and conn.logs (files directly in it, by name)'],
    ['-', 'standard input, written as records complete; SIGINT / SIGTERM end it as its end would'],
  ],
  options: [{ name: 'out', value: 'FILE|-', description: 'where the records go (- for standard output); checked before anything is read', check: outputFile }],
  more: [
    'Several inputs: one output whose first column, file, names the input of each record.',
    'A refused input is named on stderr and skipped; the others are still read.',
    '',
    ...EXIT_HELP,
    '130 / 143: stopped by SIGINT / SIGTERM before every file was read (what was read is written).',
  ],
};

const { operands, options } = parseCommandLine(EXTRACT);
const { inputs, problems } = expandInputs(operands);
const outPath = options.get('out')!;
if (outPath !== '-' && inputs.some((i) => i !== '-' && resolve(i) === resolve(outPath))) usageError(EXTRACT, `--out ${outPath} is also an input: it would be overwritten`);
for (const problem of problems) console.error(`error: ${problem}`);
const stop = stopOnSignals();
const output = new CliOutput(outPath);
const several = inputs.length > 1;
let wroteHeader = false;
const run = await forEachInput(inputs, stop, async ({ name, input, source, totalBytes, live }) => {
  if (source.format === 'csv') throw new Error('This is not a capture or a Zeek conn.log: it is read as a CSV of records already (npm run predict scores it).');
  if (!wroteHeader) await output.write(`${several ? 'file,' : ''}${RECORD_CSV_HEADER}\n`);
  wroteHeader = true;
  const file = several ? originalCsvField(name) + ',' : '';
  let lines: string[] = [];
  const summary = await source.read(input, {
    totalBytes,
    live,
    wait: live ? wallClockWait : undefined,
    // Each record's fields arrive as it is made; they are written once its batch is out, waiting for the output to drain.
    onRecordFields: (fields) => void lines.push(file + fields.map(csvField).join(',')),
    onBatch: async () => {
      const text = lines.join('\n') + '\n';
      lines = [];
      await output.write(text);
    },
  });
  if (lines.length > 0) await output.write(lines.join('\n') + '\n');
  return summary;
});
if (run.read === 0) output.abandon();
else await output.close();
process.exit(problems.length > 0 ? Math.max(exitStatus(run, stop), EXIT.failed) : exitStatus(run, stop));
