/**
 * The real NSL-KDD files (not in the repo; ../shared/datasets/nsl-kdd, or NSL_KDD_DIR) through the
 * page: exact counts from the data set's README, cancelling a large parse, and the narrow layout.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../fixtures/synthetic-records';
import { chooseFile, launchBrowser, openApp, parseFile, readCategoryCounts, readSummary, waitForRun } from './browser';
import { repoRoot } from './global-setup';

const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const testFile = path.join(dataDir, 'KDDTest+.txt');
const trainFile = path.join(dataDir, 'KDDTrain+.txt');

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  for (const file of [testFile, trainFile]) {
    if (!existsSync(file)) throw new Error(`NSL-KDD file not found: ${file}. Put the data set there or set NSL_KDD_DIR.`);
  }
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, inject('baseUrl')));
});

afterAll(async () => {
  await browser?.close();
});

it('reads KDDTest+ completely, with the category counts of the NSL-KDD README', async () => {
  expect(await parseFile(page, testFile)).toBe('done');

  expect(await readSummary(page)).toEqual({ rowsRead: 22_544, accepted: 22_544, rejected: 0, rejectedRows: [] });
  expect(await readCategoryCounts(page)).toEqual({ normal: 9_711, DoS: 7_458, Probe: 2_421, R2L: 2_754, U2R: 200 });
  await expect(page.getByTestId('summary-header').innerText()).resolves.toContain('Header row: no');
  await expect(page.getByTestId('unseen').count()).resolves.toBe(0);
  await expect(page.getByTestId('label-count').count()).resolves.toBe(38);
});

it('fits a 390 px wide screen without horizontal scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.getByText('Rows by attack name').click(); // open the widest table too
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

it('cancels a KDDTrain+ parse by ending its worker, and the page then reads another file', async () => {
  // The worker started for the earlier parse; cancelling must terminate it, not leave it reading.
  expect(page.workers()).toHaveLength(1);
  const workerClosed = new Promise<void>((resolve, reject) => {
    page.workers()[0].once('close', () => resolve());
    // A bound so that a worker left running fails here instead of at the test timeout; not a speed check.
    setTimeout(() => reject(new Error('Cancel did not terminate the analysis worker')), 30_000).unref();
  });
  const run = await chooseFile(page, trainFile);
  await page.getByRole('button', { name: 'Cancel' }).click();

  expect(await waitForRun(page, run)).toBe('cancelled');
  await workerClosed;
  await expect(page.getByTestId('cancelled').innerText()).resolves.toContain('KDDTrain+.txt was not read to the end');
  await expect(page.getByTestId('summary').count()).resolves.toBe(0);
  await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
  // Keyboard users land back on the file input, not on a removed button.
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('csv-file');

  const records = syntheticRecords(25, 21);
  expect(await parseFile(page, { name: 'after-cancel.txt', content: toNslKddText(records) })).toBe('done');
  expect(await readSummary(page)).toEqual({ rowsRead: 25, accepted: 25, rejected: 0, rejectedRows: [] });
  expect(page.workers()).toHaveLength(1); // a fresh one
});

it('shows progress while parsing and a summary of KDDTrain+ at the end', async () => {
  const run = await chooseFile(page, trainFile);
  // Read in one evaluation: the progress section goes away as soon as the parse is done.
  const shown = await page.getByTestId('progress').evaluate((section) => ({
    valueNow: section.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow'),
    bytes: section.querySelector('[data-testid="progress-bytes"]')?.textContent,
    hasCancel: [...section.querySelectorAll('button')].some((b) => b.textContent === 'Cancel'),
  }));
  expect(shown.valueNow).toMatch(/^\d{1,3}$/);
  expect(shown.bytes).toMatch(/ of 19\.1\u00a0MB$/);
  expect(shown.hasCancel).toBe(true);

  expect(await waitForRun(page, run)).toBe('done');
  expect(await readSummary(page)).toEqual({ rowsRead: 125_973, accepted: 125_973, rejected: 0, rejectedRows: [] });
  expect(await readCategoryCounts(page)).toEqual({ normal: 67_343, DoS: 45_927, Probe: 11_656, R2L: 995, U2R: 52 });
});

it('logs no errors in the browser console', () => {
  expect(errors).toEqual([]);
});
