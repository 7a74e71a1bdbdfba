/**
 * The scoring pool (`?workers=N`: the analysis worker plus scoring workers): the predictions export
 * of KDDTest+ (or a generated file where the data set is absent) is byte for byte the one a single
 * worker makes; Cancel stops a two-worker run and keeps rows 1..n; a backend that fails in the middle
 * of a two-worker run hands over without losing or repeating a row; the `?bench` hook reports the
 * pool it scored with.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { chooseFile, countIn, download, launchBrowser, openApp, openBenchPage, parseFile, waitForEngine, waitForRun } from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';
import { comparePredictions, parsePredictions, predictWithCli } from './predictions';

const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const dir = mkdtempSync(path.join(tmpdir(), 'tal-pool-'));
const realFile = path.join(dataDir, 'KDDTest+.txt');
/** KDDTest+ (22,544 rows, 6 chunks) or, without the data set, 30,000 generated rows. */
const compareFile = existsSync(realFile) ? realFile : path.join(dir, 'generated-30k.txt');
/** 200,000 rows: long enough to cancel in the middle on two workers. */
const longFile = path.join(dir, 'long.txt');
/** 10,000 rows: three chunks. */
const mediumFile = path.join(dir, 'medium.txt');
/** 40,000 rows: ten chunks, so when a backend fails the scoring worker still holds batches to hand back. */
const failFile = path.join(dir, 'fail.txt');

let browser: Browser;
const pages: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  if (compareFile !== realFile) writeFileSync(compareFile, toNslKddText(syntheticRecords(30_000, 51)));
  writeFileSync(longFile, toNslKddText(syntheticRecords(200_000, 52)));
  writeFileSync(mediumFile, toNslKddText(syntheticRecords(10_000, 42)));
  writeFileSync(failFile, toNslKddText(syntheticRecords(40_000, 43)));
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const { errors } of pages) expect(errors).toEqual([]);
});

async function open(query: string): Promise<Page> {
  const opened = await openApp(browser, inject('baseUrl'), query);
  pages.push(opened);
  expect(await waitForEngine(opened.page)).toEqual({ state: 'ready', backend: 'wasm' });
  return opened.page;
}

const exportCsv = async (page: Page) => (await download(page, 'Export predictions')).toString('utf8');

describe('scoring pool', () => {
  it('two workers export the same predictions as one, row for row and byte for byte', async () => {
    const csvs: string[] = [];
    for (const workers of [1, 2]) {
      const page = await open(`?backend=wasm&workers=${workers}`);
      expect(await parseFile(page, compareFile)).toBe('done');
      csvs.push(await exportCsv(page));
      await page.close();
    }
    const [one, two] = csvs.map((csv) => parsePredictions(csv).rows);
    expect(one.length).toBeGreaterThan(20_000);
    expect(two.map((p) => p.row)).toEqual(Array.from({ length: one.length }, (_, i) => i + 1));
    expect(comparePredictions(two, one, 0)).toEqual([]);
    expect(csvs[1] === csvs[0]).toBe(true);
  });

  it('the bench hook scores with the pool asked for, and a run leaves no tensors behind', async () => {
    const page = await openBenchPage(browser, inject('baseUrl'));
    try {
      await page.setInputFiles('#bench-file', mediumFile);
      for (const workers of [2, 1]) {
        await page.evaluate((n) => window.__bench!.prepare('wasm', n), workers);
        const before = await page.evaluate(() => window.__bench!.memory());
        const r = await page.evaluate(() => window.__bench!.analyse((document.getElementById('bench-file') as HTMLInputElement).files![0]));
        expect({ workers: r.workers, poolNote: r.poolNote, rowsScored: r.rowsScored, backend: r.backend }).toEqual({ workers, poolNote: null, rowsScored: 10_000, backend: 'wasm' });
        expect(r.memory.numTensors).toBe(before.numTensors);
      }
    } finally {
      await page.close();
    }
  });

  it('Cancel stops a two-worker run, keeps rows 1..n, and the page then analyses another file', async () => {
    const page = await open('?backend=wasm&workers=2');
    const run = await chooseFile(page, longFile);
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="progress-rows"]')?.textContent ?? ''), undefined, { timeout: 300_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await waitForRun(page, run)).toBe('cancelled');
    const kept = await countIn(page, 'scored-rows');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(200_000);
    const exported = parsePredictions(await exportCsv(page)).rows;
    expect(exported.map((p) => p.row)).toEqual(Array.from({ length: kept }, (_, i) => i + 1));

    expect(await parseFile(page, { name: 'after-cancel.txt', content: toNslKddText(syntheticRecords(25, 21)) })).toBe('done');
    expect(await countIn(page, 'scored-rows')).toBe(25);
    await page.close();
  });

  it('a backend failing in the middle of a two-worker run hands over without losing or repeating a row', async () => {
    const expected = parsePredictions(await predictWithCli(failFile)).rows;
    // Each worker throws from its second batch on WASM: the scoring worker hands its batches back, the
    // analysis worker falls back to the next backend as it does alone.
    const page = await open('?backend=wasm&workers=2&fail=wasm@2');
    expect(await parseFile(page, failFile)).toBe('done');
    // The scoring worker takes the first two batches (the analysis worker also reads), so its failure comes first.
    const fallbacks = await page.getByTestId('run-fallbacks').innerText();
    expect(fallbacks).toContain('in a scoring worker: simulated failure');
    expect(fallbacks).toContain('WASM: simulated failure');
    await expect(page.getByTestId('engine').getAttribute('data-backend')).resolves.toBe('cpu');
    const exported = parsePredictions(await exportCsv(page)).rows;
    expect(exported.map((p) => p.row)).toEqual(Array.from({ length: 40_000 }, (_, i) => i + 1));
    expect(comparePredictions(exported, expected)).toEqual([]);
    await page.close();
  });
});
