/**
 * `npm run bench` (builds first): end-to-end throughput of the app's worker in Chromium, and of the
 * same pipeline in Node.
 *  1. Parse only: MB/s of the worker's CSV reader on KDDTest+ and KDDTrain+.
 *  2. Analysis (parse → preprocess → stage 1 → stage 2 → forest → hybrid) per backend and worker count
 *     (--workers, default 1,2; GPU backends always 1) on KDDTest+, KDDTrain+ and a generated
 *     1,000,000-row file: records/s, time to first result, peak heaps. A backend whose KDDTest+ rate
 *     says a file would take over 5 minutes skips it. `--analysis-only` runs this part alone (WASM
 *     unless --backends names others).
 *  3. The app itself on the 1M file: file input to results on screen, and its longest main-thread task.
 *  4. Node on WASM (scripts/lib/models-node.ts + score-file.ts) over KDDTest+.
 *  5. Fine-tuning, one epoch over 20,000 KDDTrain+ rows: per browser backend through the `?bench`
 *     hook, and in Node on WASM. `npm run bench -- --fine-tune-only` runs this part alone.
 *  6. Captures: reading + connections + features of a generated pcap (scripts/lib/generated-capture.ts,
 *     --capture-mb N, default 1024; and a small-packet one of a quarter of that), through the worker
 *     (the `?bench` hook's parse, as for CSV, with its peak heap) and in Node stage by stage
 *     (scripts/lib/bench-capture.ts, in a child process for its own peak RSS), next to the CSV reader's
 *     figures. `npm run bench -- --capture-only` runs this part alone; --capture-mb 0 skips it.
 *  7. The command line's start time (npm run predict on a 1-row file, extract on a small capture; median
 *     of 5), the live sensor's latency on a generated stream (scripts/lib/bench-live.ts) and stage 1 alone in Node: the layers model and the fused kernel on WASM, the fused kernel on
 *     cpu, and the layers model's profile (scripts/lib/bench-cli.ts, bench-stage1.ts).
 *     `npm run bench -- --cli-only` runs this part alone, without the browser or the build.
 * Data: NSL_KDD_DIR or ../shared/datasets/nsl-kdd. The 1M file and the captures are generated in a temp
 * folder (scripts/lib/synthetic-records.ts, src/lib/capture-writer/capture-writer.ts) and deleted at the end.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { BenchAnalyseResult, BenchFineTuneResult, BenchParseResult, BenchPrepareResult } from '../src/ui/bench-hook';
import { DEFAULT_FINE_TUNE_SETTINGS } from '../src/lib/training/fine-tune-settings';
import { BACKENDS, BACKEND_LABELS, type BackendName } from '../src/shared/analysis-api';
import { chooseFile, launchBrowser, openBenchPage, waitForEngine, waitForRun } from './lib/browser';
import { syntheticRecords, toNslKddText } from './lib/synthetic-records';
import { createRng } from '../src/lib/util/random';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR } from './lib/read-file';
import { scoreFile } from './lib/score-file';
import { initTfNode } from './lib/tf-node';
import { benchFineTune } from './lib/bench-fine-tune';
import { startServer } from './serve';
import { benchCliStart, medianMs } from './lib/bench-cli';
import { benchStage1 } from './lib/bench-stage1';
import { benchLiveLatency } from './lib/bench-live';
import { CAPTURE_STAGE_HEADER, captureStageRow, generateCapture, runCaptureStagesInChild, type CaptureStageResult } from './lib/bench-capture';
import type { CaptureMix } from './lib/generated-capture';

const RUNS = 3;
const MILLION = 1_000_000;
/** A backend is not run on the 1M file when its KDDTest+ rate predicts more than this. */
const MAX_MILLION_SECONDS = 300;
/** Runs after the first are skipped when the first took longer than this (WebGPU on a software adapter). */
const REPEAT_LIMIT_MS = 60_000;
/** A backend whose fine-tuning probe (2,500 rows) predicts more than this for 25,000 rows skips the full run. */
const MAX_FINE_TUNE_SECONDS = 120;
const FINE_TUNE_ONLY = process.argv.includes('--fine-tune-only');
const CAPTURE_ONLY = process.argv.includes('--capture-only');
const CLI_ONLY = process.argv.includes('--cli-only');
const ANALYSIS_ONLY = process.argv.includes('--analysis-only');
/** The value after `flag` split at commas, or null when the flag is absent. */
const listOption = (flag: string): string[] | null => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? (process.argv[at + 1] ?? '').split(',').filter(Boolean) : null;
};
const WORKER_COUNTS = (() => {
  const counts = (listOption('--workers') ?? ['1', '2']).map(Number);
  if (counts.length === 0 || !counts.every((n) => Number.isInteger(n) && n >= 1)) {
    console.error('--workers takes worker counts separated by commas, e.g. 1,2.');
    process.exit(1);
  }
  return counts;
})();
const ANALYSIS_BACKENDS = (() => {
  const named = listOption('--backends') ?? (ANALYSIS_ONLY ? ['wasm'] : [...BACKENDS]);
  const unknown = named.filter((b) => !(BACKENDS as readonly string[]).includes(b));
  if (unknown.length > 0 || named.length === 0) {
    console.error(`--backends takes some of ${BACKENDS.join(',')} separated by commas.`);
    process.exit(1);
  }
  return named as BackendName[];
})();
const CAPTURE_MB = (() => {
  const at = process.argv.indexOf('--capture-mb');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 1024;
  if (!(value >= 0)) {
    console.error('--capture-mb takes a size in MB (0: no capture section).');
    process.exit(1);
  }
  return value;
})();
if (process.argv.includes('--help')) {
  console.log(`npm run bench [-- options]   (builds first; Chromium, NSL-KDD in NSL_KDD_DIR or ../shared/datasets/nsl-kdd)
  --fine-tune-only   only the fine-tuning section
  --capture-only     only the capture section (and the CSV reader's parse-only figures to compare)
  --cli-only         only the command line's start time and stage 1 alone on WASM in Node (no browser, no build needed)
  --analysis-only    only the analysis section (KDDTest+, KDDTrain+, the 1M file), WASM unless --backends says
  --backends LIST    backends of the analysis section, e.g. wasm,cpu (default: all; with --analysis-only: wasm)
  --workers LIST     worker counts of the analysis section, e.g. 1,2 (default 1,2; WebGPU and WebGL always use 1)
  --capture-mb N     size of the generated mixed capture in MB (default 1024; the small-packet one is N/4; 0: no captures)`);
  process.exit(0);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repoRoot, 'dist');
const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const testFile = path.join(dataDir, 'KDDTest+.txt');
const trainFile = path.join(dataDir, 'KDDTrain+.txt');

/** Section 7: start time of the command line, then stage 1 alone in Node (layers model and fused kernel) and the layers model's profile. */
async function cliAndStage1(): Promise<void> {
  log('Command-line start times…');
  const starts = benchCliStart(testFile, path.resolve(repoRoot, '../shared/captures/http_vlan.pcap'));
  log('Live-stream latency…');
  const live = benchLiveLatency();
  const lag = (q: { p50: number; p95: number; max: number }) => [q.p50, q.p95, q.max].map((x) => x.toFixed(2)).join(' / ');
  console.log(
    `\nLive sensor latency (a generated ${live.seconds} s stream written a second at a time through the extraction, ${count(live.records)} records; ` +
      `capture seconds after the connection is over, p50 / p95 / max):\n`,
  );
  printTable(
    ['measure', 'seconds'],
    [
      ['TCP record out after its connection ended', lag(live.tcp)],
      ['UDP record out after its 60 s idle timeout', lag(live.udp)],
      ['SYN flood: first record out after its start', live.floodReportedAfter.toFixed(2)],
      ['port scan: first record out after its start', live.scanReportedAfter.toFixed(2)],
      ['most records waiting for their place', String(live.peakWaiting)],
    ],
    [0],
  );
  log('Stage 1 alone in Node on WASM…');
  await initTfNode('wasm');
  const s1 = await benchStage1(await loadModelsFromDir(MODELS_DIR), testFile);
  console.log(`\nCommand-line start (whole process, median of 5 after a warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}):\n`);
  printTable(['command', 'median s', 'runs s'], starts.map((r) => [r.command, (medianMs(r) / 1000).toFixed(3), r.runsMs.map((x) => (x / 1000).toFixed(2)).join(' / ')]), [0, 2]);
  console.log(
    `\nStage 1 alone, Node ${process.version}, KDDTest+ (${count(s1.rows)} rows, from preprocessed arrays, 8,192-row batches; ` +
      `best of ${s1.paths[0].runsMs.length} after a warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}); ` +
      `${count(s1.macsPerRecord)} multiply-adds per record; max |fused − layers| = ${s1.maxScoreDifference.toExponential(2)}:\n`,
  );
  printTable(
    ['path', 'records/s', 'GMAC/s', 'runs s'],
    s1.paths.map((p) => [p.path, count(p.recordsPerSecond), ((s1.macsPerRecord * p.recordsPerSecond) / 1e9).toFixed(2), p.runsMs.map((x) => (x / 1000).toFixed(3)).join(' / ')]),
    [0, 3],
  );
  console.log('\nThe layers model, per layer, one 8,192-row batch (sub-model ending after the layer minus the one before, best of 7; the first row includes uploading the input and reading back):\n');
  printTable(
    ['layer [output shape]', 'MACs/record', 'ms/batch', 'share', 'GMAC/s'],
    s1.layers.map((l) => [l.name, count(l.macs), l.msPerBatch.toFixed(1), `${((100 * l.msPerBatch) / s1.batchMs).toFixed(0)} %`, l.macs ? ((l.macs * 8192) / (l.msPerBatch / 1000) / 1e9).toFixed(2) : '–']),
    [0],
  );
  const kernelTotal = s1.kernels.reduce((t, k) => t + k.msPerBatch, 0);
  console.log(`\nThe layers model, per tfjs kernel, one 8,192-row batch (tf.profile, median of 5; kernels sum to ${kernelTotal.toFixed(1)} ms):\n`);
  printTable(['kernel', 'calls', 'ms/batch', 'share'], s1.kernels.map((k) => [k.name, String(k.calls), k.msPerBatch.toFixed(1), `${((100 * k.msPerBatch) / kernelTotal).toFixed(0)} %`]), [0]);
}

if (!CLI_ONLY && !existsSync(path.join(dist, 'index.html'))) {
  console.error(`No build at ${dist}: run \`npm run bench\`, which builds first.`);
  process.exit(1);
}
for (const file of [testFile, trainFile]) {
  if (!existsSync(file)) {
    console.error(`Missing ${file}: set NSL_KDD_DIR to the folder holding the NSL-KDD .txt files.`);
    process.exit(1);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => bytes / 1e6;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (line: string) => process.stderr.write(`${line}\n`);

async function generateMillionRows(dir: string): Promise<string> {
  const file = path.join(dir, 'synthetic-1m.txt');
  const out = createWriteStream(file);
  // Blocks of 10,000 records with their own seeds: the same file every time, never held whole in memory.
  for (let block = 0; block < MILLION / 10_000; block++) {
    if (!out.write(toNslKddText(syntheticRecords(10_000, 1000 + block)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}


/**
 * Samples the JS heap of the page and of its workers (through the browser's DevTools protocol;
 * workers have no performance.memory) every 250 ms, keeping the peaks: used JS heap plus array
 * buffers (tensors on WASM and the batches live in those).
 */
async function heapSampler(browser: Browser, page: Page) {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sessions: { kind: 'page' | 'worker'; sessionId: string }[] = [];
  for (const t of targetInfos) {
    if ((t.type === 'page' && t.url === page.url()) || (t.type === 'worker' && /analysis\.worker|scoring\.worker/.test(t.url))) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      sessions.push({ kind: t.type as 'page' | 'worker', sessionId });
    }
  }
  let id = 0;
  const pending = new Map<number, (usage: { usedSize: number; backingStorageSize?: number }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: { usedSize: number; backingStorageSize?: number } };
    if (message.id !== undefined && message.result) pending.get(message.id)?.(message.result);
  });
  const usage = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const i = ++id;
      pending.set(i, (u) => resolve(u.usedSize + (u.backingStorageSize ?? 0)));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0));
    });
  const peak = { page: 0, worker: 0 };
  // The analysis worker and its scoring workers count together: the tab holds them all.
  const sample = async () => {
    const now = { page: 0, worker: 0 };
    for (const s of sessions) now[s.kind] += await usage(s.sessionId);
    peak.page = Math.max(peak.page, now.page);
    peak.worker = Math.max(peak.worker, now.worker);
  };
  await sample();
  const timer = setInterval(() => void sample(), 250);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      await cdp.detach();
      return peak;
    },
  };
}

interface AnalysisRow {
  backend: BackendName;
  /** Workers asked for, and those that scored (fewer if some failed; 1 on a GPU backend). */
  workers: number;
  workersUsed: number;
  file: string;
  bytes: number;
  rows: number;
  runs: number[];
  firstResultMs: number;
  prepareMs: number;
  peak: { page: number; worker: number };
  note?: string;
}

async function analyseOnBackend(browser: Browser, url: string, backend: BackendName, workers: number, files: { name: string; path: string }[]): Promise<AnalysisRow[]> {
  const page = await openBenchPage(browser, url);
  const rows: AnalysisRow[] = [];
  try {
    const prepared: BenchPrepareResult = await page.evaluate(([b, n]) => window.__bench!.prepare(b, n), [backend, workers] as const);
    if (prepared.backend !== backend) {
      const why = prepared.attempts.find((a) => a.backend === backend)?.reason ?? 'did not start';
      return files.map((f) => ({ backend, workers, workersUsed: 0, file: f.name, bytes: 0, rows: 0, runs: [], firstResultMs: NaN, prepareMs: NaN, peak: { page: 0, worker: 0 }, note: `unavailable: ${why}` }));
    }
    for (const file of files) {
      const bytes = statSync(file.path).size;
      const first = rows.find((r) => r.file === path.basename(testFile) && r.runs.length > 0);
      if (file.name !== path.basename(testFile) && first) {
        // Rows estimated from the size, at KDDTest+'s bytes per row.
        const rate = first.rows / (median(first.runs) / 1000);
        const estimatedRows = (bytes / first.bytes) * first.rows;
        const estimate = estimatedRows / rate;
        if (estimate > MAX_MILLION_SECONDS) {
          rows.push({ backend, workers, workersUsed: 0, file: file.name, bytes, rows: Math.round(estimatedRows), runs: [], firstResultMs: NaN, prepareMs: prepared.ms, peak: { page: 0, worker: 0 }, note: `skipped: ~${Math.round(estimate / 60)} min at its KDDTest+ rate` });
          continue;
        }
      }
      await page.setInputFiles('#bench-file', file.path);
      const runs: number[] = [];
      let firstRun: BenchAnalyseResult | null = null;
      const sampler = await heapSampler(browser, page);
      // The 1M file once; the NSL-KDD files (seconds each) median of 3.
      const repeats = bytes < 50e6 ? RUNS : 1;
      for (let i = 0; i < repeats; i++) {
        log(`  ${BACKEND_LABELS[backend]}, ${workers} worker${workers > 1 ? 's' : ''}, on ${file.name}, run ${i + 1}…`);
        const r: BenchAnalyseResult = await page.evaluate(() => window.__bench!.analyse((document.getElementById('bench-file') as HTMLInputElement).files![0]));
        firstRun ??= r;
        runs.push(r.ms);
        if (r.ms > REPEAT_LIMIT_MS) break;
      }
      const peak = await sampler.stop();
      rows.push({
        backend,
        workers,
        workersUsed: firstRun!.workers,
        file: file.name,
        bytes,
        rows: firstRun!.rowsScored,
        runs,
        firstResultMs: firstRun!.firstChunkMs,
        prepareMs: prepared.ms,
        peak,
        ...(firstRun!.poolNote && { note: firstRun!.poolNote }),
      });
    }
  } finally {
    await page.close();
  }
  return rows;
}

/** Section 2: the analysis per backend and worker count (GPU backends: one worker, see pool-size.ts). */
async function analysisSection(browser: Browser, url: string, millionFile: string): Promise<AnalysisRow[]> {
  const analysis: AnalysisRow[] = [];
  const files = [
    { name: path.basename(testFile), path: testFile },
    { name: path.basename(trainFile), path: trainFile },
    { name: 'synthetic 1M', path: millionFile },
  ];
  for (const backend of ANALYSIS_BACKENDS) {
    const counts = backend === 'webgpu' || backend === 'webgl' ? [1] : WORKER_COUNTS;
    for (const workers of counts) {
      log(`Analysis on ${BACKEND_LABELS[backend]}, ${workers} worker${workers > 1 ? 's' : ''}…`);
      analysis.push(...(await analyseOnBackend(browser, url, backend, workers, files)));
    }
  }
  return analysis;
}

function printAnalysis(analysis: AnalysisRow[]): void {
  console.log('\nAnalysis: parse → preprocess → stage 1 → stage 2 (all rows) → forest → hybrid, batches transferred to the page.');
  console.log(`KDDTest+, KDDTrain+: median of ${RUNS} runs (1 when a run takes over a minute); 1M rows: 1 run. "workers": the analysis worker plus`);
  console.log('scoring workers beside it. "first result": the first run, from the call to the first scored chunk on the page. "ready": backend');
  console.log('start, model load, warm-up predict and the scoring workers\' start. Heaps: peak JS heap + array buffers (page; all workers together).\n');
  printTable(
    ['backend', 'workers', 'file', 'rows', 'median s', 'records/s', 'MB/s', 'first result s', 'ready s', 'page heap MB', 'worker heap MB', 'note'],
    analysis.map((r) => {
      const ms = r.runs.length ? median(r.runs) : NaN;
      const ran = r.runs.length > 0;
      return [
        BACKEND_LABELS[r.backend],
        r.workersUsed === r.workers || r.workersUsed === 0 ? String(r.workers) : `${r.workersUsed} of ${r.workers}`,
        r.file,
        count(r.rows),
        ran ? (ms / 1000).toFixed(2) : '–',
        ran ? count(r.rows / (ms / 1000)) : '–',
        ran ? (mb(r.bytes) / (ms / 1000)).toFixed(1) : '–',
        ran ? (r.firstResultMs / 1000).toFixed(2) : '–',
        Number.isFinite(r.prepareMs) ? (r.prepareMs / 1000).toFixed(2) : '–',
        ran ? mb(r.peak.page).toFixed(0) : '–',
        ran ? mb(r.peak.worker).toFixed(0) : '–',
        r.note ?? (r.runs.length > 1 ? `runs ${r.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s` : ''),
      ];
    }),
    [0, 2, 11],
  );
}

async function parseOnly(browser: Browser, url: string, files: string[]) {
  const page = await openBenchPage(browser, url);
  const parse = async (file: string): Promise<BenchParseResult> => {
    await page.setInputFiles('#bench-file', file);
    return page.evaluate(() => window.__bench!.parse((document.getElementById('bench-file') as HTMLInputElement).files![0]));
  };
  await parse(testFile); // loads the worker and warms up its JIT, as a user's first file would
  const rows: string[][] = [];
  for (const file of files) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push((await parse(file)).ms);
    const bytes = statSync(file).size;
    const ms = median(runs);
    rows.push([path.basename(file), mb(bytes).toFixed(1), ms.toFixed(0), runs.map((x) => x.toFixed(0)).join(' / '), (mb(bytes) / (ms / 1000)).toFixed(1)]);
  }
  await page.close();
  return rows;
}

/** The app as a user runs it: file input → results on screen, with the longest main-thread task seen. */
async function appRun(browser: Browser, url: string, file: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${url}?backend=wasm`);
    await waitForEngine(page);
    await page.evaluate(() => {
      const w = window as unknown as { longestTaskMs: number };
      w.longestTaskMs = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
      }).observe({ type: 'longtask' });
    });
    const started = Date.now();
    const run = await chooseFile(page, file);
    if ((await waitForRun(page, run)) !== 'done') throw new Error(`The app did not finish ${file}`);
    await page.getByTestId('record-row').first().waitFor();
    const ms = Date.now() - started;
    // Then a few interactions on the full result: slider steps, a filter, a sort.
    const slider = page.getByLabel('Stage 1 threshold', { exact: true });
    await slider.focus();
    for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
    await page.getByLabel('Anomalies only').check();
    await page.getByLabel('Sort by').selectOption({ label: 'Forest score, highest first' });
    await page.locator('[data-testid="record-count"][data-sorting="false"]').waitFor();
    await page.waitForTimeout(500);
    const longestTaskMs = await page.evaluate(() => (window as unknown as { longestTaskMs: number }).longestTaskMs);
    return { ms, longestTaskMs };
  } finally {
    await page.close();
  }
}

async function nodeWasm() {
  await initTfNode('wasm');
  const bundle = await loadModelsFromDir(MODELS_DIR);
  await scoreFile(bundle, testFile); // warm-up
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await scoreFile(bundle, testFile);
    runs.push(r.seconds * 1000);
    rows = r.records.rowCount;
  }
  return { rows, runs };
}

/** A seeded sample of KDDTrain+ lines (the worker holds out 20 % of them as validation). */
function sampleTrainFile(dir: string, rows: number, seed: number): string {
  const lines = readFileSync(trainFile, 'utf8').trimEnd().split('\n');
  const rnd = createRng(seed);
  for (let i = lines.length - 1; i > lines.length - 1 - rows; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  const file = path.join(dir, `kddtrain-${rows}.txt`);
  writeFileSync(file, lines.slice(lines.length - rows).join('\n') + '\n');
  return file;
}

interface FineTuneRow {
  backend: BackendName;
  result: BenchFineTuneResult | null;
  note?: string;
}

/** One epoch through the worker on a backend; a small probe first, so a slow backend is estimated, not run. */
async function fineTuneOnBackend(browser: Browser, url: string, backend: BackendName, probeFile: string, file: string): Promise<FineTuneRow> {
  const page = await openBenchPage(browser, url);
  try {
    const prepared: BenchPrepareResult = await page.evaluate((b) => window.__bench!.prepare(b), backend);
    if (prepared.backend !== backend) return { backend, result: null, note: `unavailable: ${prepared.attempts.find((a) => a.backend === backend)?.reason ?? 'did not start'}` };
    const settings = { ...DEFAULT_FINE_TUNE_SETTINGS, epochs: 1, patience: 0 };
    const run = async (f: string): Promise<BenchFineTuneResult> => {
      await page.setInputFiles('#bench-file', f);
      return page.evaluate((s) => window.__bench!.fineTune((document.getElementById('bench-file') as HTMLInputElement).files![0], s), settings);
    };
    log(`  ${BACKEND_LABELS[backend]}: probe…`);
    const probe = await run(probeFile);
    const estimate = (probe.ms / 1000) * 10;
    if (estimate > MAX_FINE_TUNE_SECONDS) return { backend, result: null, note: `skipped: ~${Math.round(estimate)} s estimated (10 × its 2,500-row probe, ${(probe.ms / 1000).toFixed(1)} s)` };
    log(`  ${BACKEND_LABELS[backend]}: 20,000 rows…`);
    return { backend, result: await run(file) };
  } finally {
    await page.close();
  }
}

function printFineTune(rows: FineTuneRow[], node: Awaited<ReturnType<typeof benchFineTune>>): void {
  console.log('\nFine-tuning, one epoch over 20,000 KDDTrain+ rows (5,000 more are the validation split; default settings, conv layers frozen),');
  console.log('through the worker as the Fine-tune panel runs it (saved to the library and activated); "all" includes reading the file, validation, thresholds and saving.\n');
  const f = (x: number) => x.toFixed(2);
  printTable(
    ['backend', 'train rows', 'stage 1 s', 'stage 2 s', 'all s', 'note'],
    [
      ...rows.map((r) =>
        r.result
          ? [BACKEND_LABELS[r.backend], count(r.result.trainRows), f(r.result.stage1Seconds), f(r.result.stage2Seconds), f(r.result.ms / 1000), '']
          : [BACKEND_LABELS[r.backend], '–', '–', '–', '–', r.note ?? ''],
      ),
      [`Node WASM`, count(node.trainRows), f(node.stage1Seconds), f(node.stage2Seconds), f(node.totalSeconds), 'in Node (no file reading, no saving to IndexedDB)'],
    ],
    [0, 5],
  );
}

/** A Markdown table; columns in `textColumns` are left-aligned, the rest (numbers) right-aligned. */
function printTable(header: string[], body: string[][], textColumns: number[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const left = (i: number) => textColumns.includes(i);
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (left(i) ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const r of body) console.log(line(r));
}

interface WorkerParse {
  name: string;
  bytes: number;
  /** Packets in the file (captures; from the generator), else 0. */
  packets: number;
  result: BenchParseResult;
  peakWorker: number;
}

interface CaptureFigures {
  mix: CaptureMix;
  file: string;
  bytes: number;
  packets: number;
  node: CaptureStageResult[];
}

/**
 * Reads each file once through the worker (the `?bench` hook's parse: readInput with its batches, as
 * the app reads a file) with the worker's peak heap; the first file (a warm-up) is not reported.
 */
async function parseInWorker(browser: Browser, url: string, files: { name: string; path: string; packets: number }[], warmUp: string): Promise<WorkerParse[]> {
  const page = await openBenchPage(browser, url);
  const parse = async (file: string): Promise<BenchParseResult> => {
    await page.setInputFiles('#bench-file', file);
    return page.evaluate(() => window.__bench!.parse((document.getElementById('bench-file') as HTMLInputElement).files![0]));
  };
  try {
    await parse(warmUp); // starts the worker (the heap sampler attaches to it) and warms up its JIT
    const out: WorkerParse[] = [];
    for (const f of files) {
      log(`  worker: ${f.name}…`);
      const sampler = await heapSampler(browser, page);
      const result = await parse(f.path);
      const peak = await sampler.stop();
      out.push({ name: f.name, bytes: statSync(f.path).size, packets: f.packets, result, peakWorker: peak.worker });
    }
    return out;
  } finally {
    await page.close();
  }
}

/** Generates the two captures and measures them in Node (stage by stage, in a child process). */
async function captureFigures(dir: string): Promise<CaptureFigures[]> {
  const out: CaptureFigures[] = [];
  for (const [mix, megabytes] of [['mixed', CAPTURE_MB], ['small', Math.max(1, Math.round(CAPTURE_MB / 4))]] as const) {
    log(`Generating the ${megabytes} MB ${mix} capture…`);
    const g = await generateCapture(dir, megabytes, mix);
    log(`  Node: ${mix} capture, stage by stage…`);
    out.push({ mix, file: g.file, bytes: g.bytes, packets: g.frames, node: runCaptureStagesInChild(g.file) });
  }
  return out;
}

function captureInputs(captures: CaptureFigures[]): { name: string; path: string; packets: number }[] {
  return captures.map((c) => ({ name: `${c.mix} capture (pcap)`, path: c.file, packets: c.packets }));
}

function printMachine(browser: Browser): void {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mb(os.totalmem()).toFixed(0)} MB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`Browser: Chromium ${browser.version()} (headless)`);
  console.log(`Load average when done: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
}

function printCaptures(captures: CaptureFigures[], worker: WorkerParse[]): void {
  console.log(`\nCaptures: reading + connections + traffic features + RecordBatches, generated Ethernet pcaps (scripts/lib/generated-capture.ts:`);
  console.log('"mixed": short TCP sessions with data both ways and FIN close, DNS over UDP, pings, a SYN scan; "small": the same');
  console.log('without payloads, 60-byte frames). Through the worker, one run each after a warm-up, next to the CSV reader on the');
  console.log('same hook; peak worker heap = JS heap + array buffers.\n');
  const perS = (n: number, ms: number) => count(n / (ms / 1000));
  printTable(
    ['input', 'MB', 's', 'MB/s', 'M packets/s', 'records/s', 'records', 'peak worker heap MB'],
    worker.map((w) => [
      w.name,
      mb(w.bytes).toFixed(0),
      (w.result.ms / 1000).toFixed(2),
      (mb(w.bytes) / (w.result.ms / 1000)).toFixed(1),
      w.packets > 0 ? (w.packets / (w.result.ms / 1000) / MILLION).toFixed(2) : '–',
      perS(w.result.rowsRead, w.result.ms),
      count(w.result.rowsRead),
      mb(w.peakWorker).toFixed(0),
    ]),
    [0],
  );
  for (const c of captures) {
    console.log(`\nNode ${process.version}, the ${c.mix} capture (${mb(c.bytes).toFixed(0)} MB, ${count(c.packets)} packets) stage by stage, 1 MiB chunks from disk; each stage includes the ones above it:\n`);
    printTable(CAPTURE_STAGE_HEADER, c.node.map(captureStageRow), [0]);
  }
}

if (CLI_ONLY) {
  await cliAndStage1();
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tal-bench-'));
const server = await startServer(dist, 0);
let browser: Browser | null = null;
try {
  browser = await launchBrowser();
  if (ANALYSIS_ONLY) {
    log('Generating the 1,000,000-row file…');
    const millionFile = await generateMillionRows(tmp);
    const analysis = await analysisSection(browser, server.url, millionFile);
    printMachine(browser);
    console.log(`Logical cores (navigator.hardwareConcurrency): ${os.cpus().length}\n`);
    printAnalysis(analysis);
  } else if (CAPTURE_ONLY) {
    const captures = CAPTURE_MB > 0 ? await captureFigures(tmp) : [];
    log('Captures and CSV through the worker…');
    const worker = await parseInWorker(browser, server.url, [...captureInputs(captures), { name: 'KDDTrain+.txt (CSV)', path: trainFile, packets: 0 }], testFile);
    printMachine(browser);
    printCaptures(captures, worker);
  } else {
    const tuneFile = sampleTrainFile(tmp, 25_000, 11);
    const probeFile = sampleTrainFile(tmp, 2_500, 12);
    const fineTuneRows: FineTuneRow[] = [];
    for (const backend of BACKENDS) {
      log(`Fine-tuning on ${BACKEND_LABELS[backend]}…`);
      fineTuneRows.push(await fineTuneOnBackend(browser, server.url, backend, probeFile, tuneFile));
    }
    if (FINE_TUNE_ONLY) {
      await initTfNode('wasm');
      log('Fine-tuning in Node on WASM…');
      const tune = await benchFineTune(trainFile);
      console.log(`Browser: Chromium ${browser.version()} (headless)`);
      printFineTune(fineTuneRows, tune);
    } else {
      log('Generating the 1,000,000-row file…');
      const millionFile = await generateMillionRows(tmp);

      log('Parse only…');
      const parseRows = await parseOnly(browser, server.url, [testFile, trainFile, millionFile]);

      const analysis = await analysisSection(browser, server.url, millionFile);

      const captures = CAPTURE_MB > 0 ? await captureFigures(tmp) : [];
      const captureWorker = captures.length
        ? await parseInWorker(browser, server.url, [...captureInputs(captures), { name: 'synthetic 1M (CSV)', path: millionFile, packets: 0 }], testFile)
        : [];

      log('The app on the 1M file…');
      const app = await appRun(browser, server.url, millionFile);

      log('Node on WASM…');
      const node = await nodeWasm();
      log('Fine-tuning in Node on WASM…');
      const tune = await benchFineTune(trainFile);

      const cpus = os.cpus();
      console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mb(os.totalmem()).toFixed(0)} MB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`);
      console.log(`Browser: Chromium ${browser.version()} (headless; without a GPU, WebGPU and WebGL run on SwiftShader, a software renderer)`);
      console.log(`Load average when done: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}\n`);

      console.log('Parse only (the worker\'s CSV reader, summary; median of 3 after a warm-up):\n');
      printTable(['file', 'MB', 'median ms', 'runs ms', 'MB/s'], parseRows, [0]);

      printAnalysis(analysis);
      const nodeMs = median(node.runs);
      console.log(
        `\nNode ${process.version} on WASM (tfjs-backend-wasm, SIMD, no threads), KDDTest+ (${count(node.rows)} rows): median ${(nodeMs / 1000).toFixed(2)} s ` +
          `(${node.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')}), ${count(node.rows / (nodeMs / 1000))} records/s (stage 2 on flagged rows only, as npm run predict).`,
      );
      console.log(
        `The app on the 1M file (WASM; file input → results and table on screen): ${(app.ms / 1000).toFixed(1)} s; longest main-thread task ` +
          `(including 5 slider steps, a filter and a sort on the million rows afterwards): ${app.longestTaskMs > 0 ? `${Math.round(app.longestTaskMs)} ms` : 'none over 50 ms'}.`,
      );
      printFineTune(fineTuneRows, tune);
      if (captures.length) printCaptures(captures, captureWorker);
      await cliAndStage1();
    }
  }
} finally {
  await browser?.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}
