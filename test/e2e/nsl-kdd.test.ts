/**
 * The real NSL-KDD files (not in the repo; ../shared/datasets/nsl-kdd, or NSL_KDD_DIR) through the
 * app on WASM. Expectations come from `npm run predict` on the same file (run here) and from the
 * file's own labels, counted in this test, never from the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ATTACK_CATEGORY } from '../../src/lib/schema/categories';
import { describeFeature } from '../../src/lib/features/feature-descriptions';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import {
  chooseFile,
  countIn,
  download,
  launchBrowser,
  openApp,
  parseFile,
  readCategoryCounts,
  readMatrix,
  readSummary,
  shownValue,
  waitForEngine,
  waitForRun,
} from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';
import { aucOf, CLASSES, comparePredictions, countBinary, countFiveClass, figures, parsePredictions, predictWithCli, type Prediction } from './predictions';

const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const testFile = path.join(dataDir, 'KDDTest+.txt');
const trainFile = path.join(dataDir, 'KDDTrain+.txt');

let browser: Browser;
let page: Page;
let errors: string[];
/** `npm run predict` on KDDTest+. */
let cli: Prediction[];
/** True class per data row of KDDTest+ (index into CLASSES), from its label column. */
let truth: number[];

beforeAll(async () => {
  for (const file of [testFile, trainFile]) {
    if (!existsSync(file)) throw new Error(`NSL-KDD file not found: ${file}. Put the data set there or set NSL_KDD_DIR.`);
  }
  const lines = readFileSync(testFile, 'utf8').trimEnd().split('\n');
  truth = lines.map((line) => {
    const category = ATTACK_CATEGORY.get(line.split(',')[41].trim().toLowerCase());
    return category === undefined ? -1 : CLASSES.indexOf(category);
  });
  [cli] = await Promise.all([
    predictWithCli(testFile).then((csv) => parsePredictions(csv).rows),
    (async () => {
      browser = await launchBrowser();
      ({ page, errors } = await openApp(browser, inject('baseUrl')));
    })(),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

const countBy = <T>(items: T[], key: (t: T) => string) => items.reduce<Record<string, number>>((m, t) => ((m[key(t)] = (m[key(t)] ?? 0) + 1), m), {});

describe('KDDTest+ on WASM', () => {
  it('loads the models on WASM and scores every row, with the counts npm run predict gives', async () => {
    expect(await waitForEngine(page)).toEqual({ state: 'ready', backend: 'wasm' });
    expect(await parseFile(page, testFile)).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 22_544, accepted: 22_544, rejected: 0, rejectedRows: [] });
    // Label distribution: the counts of the NSL-KDD README.
    expect(await readCategoryCounts(page)).toEqual({ normal: 9_711, DoS: 7_458, Probe: 2_421, R2L: 2_754, U2R: 200 });
    expect(await countIn(page, 'scored-rows')).toBe(22_544);
    expect(await countIn(page, 'anomaly-count')).toBe(cli.filter((p) => p.anomaly === 1).length);
    const predicted = await page
      .getByTestId('predicted-count')
      .evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-category'), Number(td.textContent?.replace(/,/g, ''))])));
    expect(predicted).toEqual({ normal: 0, DoS: 0, Probe: 0, R2L: 0, U2R: 0, ...countBy(cli, (p) => p.category) });
  });

  it('exports the predictions npm run predict writes for the same file', async () => {
    const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8'));
    expect(exported.header).toEqual(['row', 'anomaly', 'score', 'category', 'category_score', 'if_score']);
    expect(comparePredictions(exported.rows, cli)).toEqual([]);
  });

  it('shows the metrics that follow from those predictions and the labels', async () => {
    const expected = figures(countBinary(truth, cli.map((p) => p.anomaly === 1)));
    for (const [key, value] of Object.entries(expected)) expect(await shownValue(page, `metric-${key}`), key).toBeCloseTo(value, 12);
    const c = countBinary(truth, cli.map((p) => p.anomaly === 1));
    expect(await readMatrix(page, 'binary-confusion')).toEqual([
      [c.tn, c.fp],
      [c.fn, c.tp],
    ]);
    expect(await readMatrix(page, 'five-class-confusion')).toEqual(countFiveClass(truth, cli.map((p) => p.category)));
    // AUC: the CSV's scores are rounded to 6 decimals, which only adds ties.
    await page.getByTestId('roc-chart').waitFor();
    const binaryTruth = truth.map((t) => (t < 0 ? -1 : t > 0 ? 1 : 0));
    expect(Math.abs((await shownValue(page, 'auc')) - aucOf(binaryTruth, cli.map((p) => p.score)))).toBeLessThan(1e-3);
    const forestAuc = Number(await page.locator('[data-testid="auc"][data-detector="isolationForest"]').getAttribute('data-value'));
    expect(Math.abs(forestAuc - aucOf(binaryTruth, cli.map((p) => p.ifScore)))).toBeLessThan(1e-3);
  });

  it('moves the threshold slider: the matrices change as the kept scores say', async () => {
    const slider = page.getByLabel('Stage 1 threshold', { exact: true });
    const defaultThreshold = await shownValue(page, 'threshold-value');
    /** Presses a key on the slider until the shown threshold is at least `steps` slider steps away and no CSV score sits on it. */
    const move = async (key: 'ArrowRight' | 'ArrowLeft', steps: number) => {
      await slider.focus();
      for (let i = 0; i < steps; i++) await slider.press(key);
      let t = await shownValue(page, 'threshold-value');
      // A CSV score within 1e-6 of t could be either side of it once unrounded: step past such values.
      while (cli.some((p) => Math.abs(p.score - t) < 1e-6)) {
        await slider.press(key);
        t = await shownValue(page, 'threshold-value');
      }
      return t;
    };

    // Up: every row flagged now was flagged by the CLI too, so its category is in the CSV.
    const up = await move('ArrowRight', 40);
    expect(up).toBeGreaterThan(defaultThreshold);
    const flaggedUp = cli.map((p) => p.score >= up);
    const cUp = countBinary(truth, flaggedUp);
    expect(cUp.tp + cUp.fp).toBeLessThan(cli.filter((p) => p.anomaly === 1).length);
    expect(await readMatrix(page, 'binary-confusion')).toEqual([
      [cUp.tn, cUp.fp],
      [cUp.fn, cUp.tp],
    ]);
    expect(await readMatrix(page, 'five-class-confusion')).toEqual(countFiveClass(truth, cli.map((p, i) => (flaggedUp[i] ? p.category : 'normal'))));
    expect(await countIn(page, 'anomaly-count')).toBe(flaggedUp.filter(Boolean).length);
    for (const [key, value] of Object.entries(figures(cUp))) expect(await shownValue(page, `metric-${key}`), key).toBeCloseTo(value, 12);

    // Down, below the default: newly flagged rows get stage 2's category, kept for every row.
    const down = await move('ArrowLeft', 40 + 60);
    expect(down).toBeLessThan(defaultThreshold);
    const flaggedDown = cli.map((p) => p.score >= down);
    const cDown = countBinary(truth, flaggedDown);
    expect(await readMatrix(page, 'binary-confusion')).toEqual([
      [cDown.tn, cDown.fp],
      [cDown.fn, cDown.tp],
    ]);
    const atDown = parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows;
    expect(atDown.map((p) => p.anomaly === 1)).toEqual(flaggedDown);
    // Rows flagged at both thresholds keep the CLI's category; the matrix shown is the one this export gives.
    atDown.forEach((p, i) => {
      if (cli[i].anomaly === 1) expect(p.category).toBe(cli[i].category);
      if (p.anomaly === 0) expect(p.category).toBe('normal');
    });
    expect(await readMatrix(page, 'five-class-confusion')).toEqual(countFiveClass(truth, atDown.map((p) => p.category)));

    // Back to the default: the CLI's matrix again.
    await page.getByRole('button', { name: 'Back to the model default' }).click();
    expect(await shownValue(page, 'threshold-value')).toBe(defaultThreshold);
    expect(await readMatrix(page, 'five-class-confusion')).toEqual(countFiveClass(truth, cli.map((p) => p.category)));
  });

  it('saves a threshold as the active one, and forgets it', async () => {
    const defaultThreshold = await shownValue(page, 'threshold-value');
    // An exact value goes in the number beside the slider (the slider itself moves on log-odds steps).
    const exact = page.getByLabel('Exact stage 1 threshold', { exact: true });
    await exact.fill('0.5');
    await exact.press('Tab');
    expect(await shownValue(page, 'threshold-value')).toBe(0.5);
    const slider = page.getByLabel('Stage 1 threshold', { exact: true });
    await expect(slider.inputValue()).resolves.toBe('400');
    await page.getByRole('button', { name: 'Save as active threshold' }).click();
    await expect(page.getByTestId('active-threshold').innerText()).resolves.toBe('0.500000');
    expect(await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.includes('threshold'))?.[1])).toBe('0.5');
    await page.getByRole('button', { name: 'Forget the saved threshold' }).click();
    expect(await shownValue(page, 'threshold-value')).toBe(defaultThreshold);
    await expect(page.getByRole('button', { name: 'Forget the saved threshold' }).count()).resolves.toBe(0);
  });

  it('filters and sorts the records table through its controls', async () => {
    const anomalies = cli.filter((p) => p.anomaly === 1).length;
    await page.getByLabel('Anomalies only').check();
    expect(Number(await page.getByTestId('record-count').getAttribute('data-count'))).toBe(anomalies);
    await page.getByLabel('Predicted category', { exact: true }).selectOption('Probe');
    expect(Number(await page.getByTestId('record-count').getAttribute('data-count'))).toBe(cli.filter((p) => p.category === 'Probe').length);
    await page.getByLabel('Anomalies only').uncheck();
    await page.getByLabel('Predicted category', { exact: true }).selectOption('all');
    expect(Number(await page.getByTestId('record-count').getAttribute('data-count'))).toBe(22_544);
    // Only the rows in view are in the DOM, highest stage 1 score first.
    await page.getByLabel('Sort by').selectOption({ label: 'Stage 1 score, highest first' });
    await page.locator('[data-testid="record-count"][data-sorting="false"]').waitFor();
    const shownRows = (await page.getByTestId('record-row').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row')))));
    expect(shownRows.length).toBeGreaterThan(5);
    expect(shownRows.length).toBeLessThan(60);
    const scoreOfRow = new Map(cli.map((p) => [p.row, p.score]));
    const shownScores = shownRows.map((r) => scoreOfRow.get(r)!);
    const top = [...cli.map((p) => p.score)].sort((a, b) => b - a).slice(0, shownScores.length);
    shownScores.forEach((s, i) => expect(Math.abs(s - top[i])).toBeLessThan(1e-4));
    // Scrolling to the end renders the last rows instead.
    await page.getByTestId('record-viewport').evaluate((v) => (v.scrollTop = v.scrollHeight));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="record-row"]')].some((tr) => tr.getAttribute('aria-rowindex') === String(22_544 + 1)));
  });

  it('shows a record: its values as in the file and the features that pushed its score', async () => {
    await page.getByLabel('Sort by').selectOption({ label: 'File order' });
    await page.getByRole('button', { name: 'Show record 3', exact: true }).click();
    const detail = page.locator('[data-testid="record-detail"][data-row="3"][data-status="ready"]');
    await detail.waitFor();
    const line = readFileSync(testFile, 'utf8').split('\n')[2].split(',');
    const values = await page.getByTestId('detail-values').locator('td').evaluateAll((tds) => tds.map((td) => td.textContent));
    expect(values).toEqual(line.map((v) => v.trim()));
    await expect(page.getByTestId('attribution-method').innerText()).resolves.toBe('gradient × input');
    const contributions = await page.getByTestId('attribution').locator('li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-contribution'))));
    expect(contributions.length).toBe(10);
    for (let i = 1; i < contributions.length; i++) expect(Math.abs(contributions[i])).toBeLessThanOrEqual(Math.abs(contributions[i - 1]));
    // Each feature in words, with this record's value (as the values table shows it).
    const shown = new Map(await page.getByTestId('detail-values').locator('td').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-feature')!, td.textContent ?? ''] as [string, string])));
    const said = await page.getByTestId('attribution').locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-feature')!, li.querySelector('.said')!.textContent!.trim()]));
    for (const [feature, text] of said) expect(text, feature).toBe(describeFeature(feature, shown.get(feature)!));
    // Log-odds gradients do not vanish on a confident score: the top feature carries real weight.
    expect(Math.abs(contributions[0])).toBeGreaterThan(1e-3);
    expect(Math.abs(Number((await page.getByTestId('detail-score').innerText())) - cli[2].score)).toBeLessThan(1e-4);
    // Focus moved to the record, for keyboard and screen-reader users.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('detail-title');
    await page.getByRole('button', { name: 'Close record' }).click();
    await expect(page.getByTestId('record-detail').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('record-viewport');
  });

  it('exports predictions with the original columns appended', async () => {
    await page.getByLabel('Append the original columns').check();
    const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8'));
    await page.getByLabel('Append the original columns').uncheck();
    expect(exported.header.slice(0, 6)).toEqual(['row', 'anomaly', 'score', 'category', 'category_score', 'if_score']);
    expect(exported.header).toHaveLength(6 + 43);
    expect(comparePredictions(exported.rows, cli)).toEqual([]);
    const lines = readFileSync(testFile, 'utf8').trimEnd().split('\n');
    exported.rows.forEach((p, i) => expect(p.rest.join(','), `row ${p.row}`).toBe(lines[i]));
  });

  it('exports the metrics as JSON and the charts as SVG and PNG', async () => {
    const metrics = JSON.parse((await download(page, 'Export metrics')).toString('utf8'));
    expect(metrics.rows.scored).toBe(22_544);
    expect(metrics.stage1.accuracy).toBe(await shownValue(page, 'metric-accuracy'));
    expect(metrics.fiveClass.confusion).toEqual(await readMatrix(page, 'five-class-confusion'));
    const svg = (await download(page, 'Export ROC chart as SVG')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('False-positive rate');
    expect(svg).toContain('AUC');
    const png = await download(page, 'Export score histogram as PNG');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('names every control for assistive technology', async () => {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; ignored: boolean }[] };
    const controls = nodes.filter((n) => !n.ignored && ['button', 'combobox', 'slider', 'checkbox', 'spinbutton', 'textbox', 'link'].includes(n.role?.value ?? ''));
    expect(controls.length).toBeGreaterThan(15);
    expect(controls.filter((n) => !n.name?.value.trim()).map((n) => n.role?.value)).toEqual([]);
    await cdp.detach();
  });

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    it(`fits a ${viewport.width} px wide screen without horizontal scrolling`, async () => {
      await page.setViewportSize(viewport);
      try {
        await page.getByText('Rows by attack name').click(); // open the widest table too
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
      } finally {
        await page.getByText('Rows by attack name').click();
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });
  }
});

describe('cancel', () => {
  it('stops a KDDTrain+ run, keeps what was scored, and the page then analyses another file', async () => {
    const workersBefore = page.workers().length;
    const run = await chooseFile(page, trainFile);
    // Cancel once some rows are scored, so there is something to keep.
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="progress-rows"]')?.textContent ?? ''), undefined, { timeout: 300_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();

    expect(await waitForRun(page, run)).toBe('cancelled');
    await expect(page.getByTestId('cancelled').innerText()).resolves.toContain('KDDTrain+.txt was not read to the end');
    const kept = await countIn(page, 'scored-rows');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(125_973);
    await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
    // Keyboard users land back on the file input, not on a removed button.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('csv-file');
    // The worker stopped scoring but kept its models: no new worker was needed.
    expect(page.workers()).toHaveLength(workersBefore);
    // What was kept is rows 1..kept, each once: the export says so.
    const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows;
    expect(exported.map((p) => p.row)).toEqual(Array.from({ length: kept }, (_, i) => i + 1));

    const records = syntheticRecords(25, 21);
    expect(await parseFile(page, { name: 'after-cancel.txt', content: toNslKddText(records) })).toBe('done');
    expect(await readSummary(page)).toEqual({ rowsRead: 25, accepted: 25, rejected: 0, rejectedRows: [] });
    expect(await countIn(page, 'scored-rows')).toBe(25);
  });

  it('shows progress with rows per second, time left and Cancel while a run goes on', async () => {
    const run = await chooseFile(page, trainFile);
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="progress-rows"]')?.textContent ?? ''), undefined, { timeout: 300_000 });
    const shown = await page.getByTestId('progress').evaluate((section) => ({
      valueNow: section.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow'),
      bytes: section.querySelector('[data-testid="progress-bytes"]')?.textContent,
      rate: section.querySelector('[data-testid="progress-rate"]')?.textContent,
      hasCancel: [...section.querySelectorAll('button')].some((b) => b.textContent === 'Cancel'),
    }));
    expect(shown.valueNow).toMatch(/^\d{1,3}$/);
    expect(shown.bytes).toMatch(/ of 19\.1\u00a0MB$/);
    expect(shown.rate).toMatch(/^[\d,]+ rows\/s$/);
    expect(shown.hasCancel).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await waitForRun(page, run)).toBe('cancelled');
  });
});

it('logs no errors in the browser console', () => {
  expect(errors).toEqual([]);
});
