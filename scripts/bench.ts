/**
 * Parse throughput of the analysis worker, measured through the built app in Chromium.
 * `npm run bench` builds first; this script only serves dist/, drives the page's `?bench` hook
 * (src/ui/bench-hook.ts) and prints a table. Data: NSL_KDD_DIR or ../shared/datasets/nsl-kdd.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchParseResult } from '../src/ui/bench-hook';
import { chooseFile, launchBrowser, waitForRun } from '../test/e2e/browser';
import { startServer } from './serve';

const RUNS = 3;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repoRoot, 'dist');
const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const files = ['KDDTest+.txt', 'KDDTrain+.txt'].map((name) => path.join(dataDir, name));

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`No build at ${dist}: run \`npm run bench\`, which builds first.`);
  process.exit(1);
}
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`Missing ${file}: set NSL_KDD_DIR to the folder holding the NSL-KDD .txt files.`);
    process.exit(1);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer(dist, 0);
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?bench`);
  await page.waitForFunction(() => window.__bench !== undefined);
  // A file input of the bench's own, so the app's state is not involved.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  });
  const parse = async (file: string, batches: boolean): Promise<BenchParseResult> => {
    await page.setInputFiles('#bench-file', file);
    return page.evaluate(
      (batches) => window.__bench!.parse((document.getElementById('bench-file') as HTMLInputElement).files![0], { batches }),
      batches,
    );
  };

  // One untimed parse loads the worker and warms up its JIT, as a user's first file would.
  await parse(files[0], false);

  const rows: string[][] = [];
  for (const file of files) {
    const bytes = statSync(file).size;
    for (const batches of [false, true]) {
      const results: BenchParseResult[] = [];
      for (let i = 0; i < RUNS; i++) results.push(await parse(file, batches));
      const r = results[0];
      if (batches && results.some((x) => x.batchRows !== x.rowsAccepted)) {
        throw new Error(`Batches delivered ${results.map((x) => x.batchRows)} rows, expected ${r.rowsAccepted}`);
      }
      const ms = median(results.map((x) => x.ms));
      rows.push([
        path.basename(file),
        (bytes / 1e6).toFixed(1),
        r.rowsRead.toLocaleString('en-US'),
        batches ? 'summary + batches to page' : 'summary only',
        ms.toFixed(0),
        results.map((x) => x.ms.toFixed(0)).join(' / '),
        (bytes / 1e6 / (ms / 1000)).toFixed(1),
        Math.round(r.rowsRead / (ms / 1000)).toLocaleString('en-US'),
      ]);
    }
  }

  // The app itself on KDDTrain+: its own timing, and the longest main-thread task while it parses
  // (the page must stay responsive: everything heavy runs in the worker).
  const app = await browser.newPage();
  await app.goto(server.url);
  await app.evaluate(() => {
    const w = window as unknown as { longestTaskMs: number };
    w.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  });
  const appMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await chooseFile(app, files[1]);
    if ((await waitForRun(app, run)) !== 'done') throw new Error('The app did not finish parsing KDDTrain+');
    appMs.push(Number(await app.getByTestId('summary-timing').getAttribute('data-ms')));
  }
  const longestTaskMs = await app.evaluate(() => (window as unknown as { longestTaskMs: number }).longestTaskMs);

  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`Browser: Chromium ${browser.version()} (headless)`);
  console.log(`Median of ${RUNS} runs after one warm-up parse; time from the page's call to the summary.\n`);
  printTable(['file', 'MB', 'rows', 'mode', 'median ms', 'runs ms', 'MB/s', 'rows/s'], rows);
  const trainMb = statSync(files[1]).size / 1e6;
  console.log(
    `\nThe app (file input → summary shown) on KDDTrain+: median ${median(appMs)} ms (${appMs.join(' / ')}), ` +
      `${(trainMb / (median(appMs) / 1000)).toFixed(1)} MB/s; longest main-thread task during these parses: ` +
      `${longestTaskMs > 0 ? `${Math.round(longestTaskMs)} ms` : 'none over 50 ms'}.`,
  );
} finally {
  await browser.close();
  await server.close();
}

function printTable(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 || i === 3 ? ':' : '-') + '-'.repeat(w) + (i === 0 || i === 3 ? '-' : ':')).join('|')}|`);
  for (const r of body) console.log(line(r));
}
