/**
 * npm run extract -- INPUT|- --out RECORDS.csv|-
 * A capture (pcap / pcapng) or Zeek conn.log → NSL-KDD connection records: a header row, the 41
 * features in NSL-KDD order, then ts,orig_h,orig_p,resp_h,resp_p. The same code as the worker's
 * reader (src/lib/ingest), so `npm run predict` on the output scores exactly as on the capture.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { parseArgs } from './lib/read-file';
import { printSummary } from './lib/print-summary';
import { inputHead } from '../src/lib/ingest/input-head';
import { sourceFor } from '../src/lib/ingest';
import { csvField, RECORD_CSV_HEADER } from '../src/lib/ingest/traffic/record-csv';

const { positional, options } = parseArgs(process.argv.slice(2));
if (positional.length !== 1 || !options.has('out')) {
  console.error('usage: npm run extract -- CAPTURE|CONN_LOG|- --out RECORDS.csv|-');
  process.exit(2);
}
const fromStdin = positional[0] === '-';
const outPath = options.get('out') === '-' ? null : resolve(options.get('out')!);
const out = outPath === null ? process.stdout : createWriteStream(outPath);
try {
  const { head, input } = await inputHead(fromStdin ? process.stdin : createReadStream(resolve(positional[0])));
  const source = sourceFor(head);
  if (source.format === 'csv') throw new Error('This is not a capture or a Zeek conn.log: it is read as a CSV of records already (npm run predict scores it).');
  out.write(RECORD_CSV_HEADER + '\n');
  let lines: string[] = [];
  const summary = await source.read(input, {
    totalBytes: fromStdin ? 0 : statSync(resolve(positional[0])).size,
    live: fromStdin,
    // Each record's fields arrive as it is made; they are written once its batch is out, waiting for the output to drain.
    onRecordFields: (fields) => void lines.push(fields.map(csvField).join(',')),
    onBatch: async () => {
      const text = lines.join('\n') + '\n';
      lines = [];
      if (!out.write(text)) await once(out, 'drain');
    },
  });
  if (lines.length > 0) out.write(lines.join('\n') + '\n');
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  printSummary(summary, source.description);
} catch (error) {
  if (outPath !== null) {
    (out as ReturnType<typeof createWriteStream>).destroy();
    rmSync(outPath, { force: true });
  }
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
