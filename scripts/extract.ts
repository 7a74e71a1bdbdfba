/**
 * npm run extract -- INPUT|- --out RECORDS.csv|-
 * A capture (pcap / pcapng) or Zeek conn.log → NSL-KDD connection records: a header row, the 41
 * features in NSL-KDD order, then ts,orig_h,orig_p,resp_h,resp_p. The same code as the worker's
 * reader (src/lib/ingest), so `npm run predict` on the output scores exactly as on the capture.
 */
import { CliOutput, openCliInput, runWithOutput } from './lib/cli-io';
import { parseArgs } from './lib/read-file';
import { printSummary } from './lib/print-summary';
import { csvField, RECORD_CSV_HEADER } from '../src/lib/ingest/traffic/record-csv';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || !options.has('out')) {
  console.error('usage: npm run extract -- CAPTURE|CONN_LOG|- --out RECORDS.csv|-');
  process.exit(2);
}
const output = new CliOutput(options.get('out')!);
await runWithOutput(output, async () => {
  const { input, source, totalBytes, live } = await openCliInput(positional[0]);
  if (source.format === 'csv') throw new Error('This is not a capture or a Zeek conn.log: it is read as a CSV of records already (npm run predict scores it).');
  await output.write(RECORD_CSV_HEADER + '\n');
  let lines: string[] = [];
  const summary = await source.read(input, {
    totalBytes,
    live,
    // Each record's fields arrive as it is made; they are written once its batch is out, waiting for the output to drain.
    onRecordFields: (fields) => void lines.push(fields.map(csvField).join(',')),
    onBatch: async () => {
      const text = lines.join('\n') + '\n';
      lines = [];
      await output.write(text);
    },
  });
  if (lines.length > 0) await output.write(lines.join('\n') + '\n');
  await output.close();
  printSummary(summary, source.description);
});
