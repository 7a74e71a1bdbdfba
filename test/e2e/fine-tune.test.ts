/**
 * Fine-tuning through the page, measured: a seeded 10 % sample of KDDTest+ fine-tunes the models,
 * and the other 90 % is scored by the pretrained and the fine-tuned models (binary accuracy from the
 * exported predictions CSVs). Then the fine-tuned version must survive a reload and a new browser
 * with the same profile, and export → delete → import must give the same predictions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ATTACK_CATEGORY } from '../../src/lib/schema/categories';
import { seededRandom } from '../fixtures/synthetic-records';
import { download, LAUNCH_OPTIONS, parseFile, waitForEngine } from './browser';
import { repoRoot } from './global-setup';
import { parsePredictions } from './predictions';

const dataDir = process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd');
const work = mkdtempSync(path.join(tmpdir(), 'tal-fine-tune-'));
const profile = path.join(work, 'profile');
const tuneFile = path.join(work, 'kddtest-10.txt');
const restFile = path.join(work, 'kddtest-90.txt');
let restLabels: number[] = [];

let context: BrowserContext;
let page: Page;
const errors: string[] = [];

async function open(): Promise<Page> {
  context = await chromium.launchPersistentContext(profile, { ...LAUNCH_OPTIONS, viewport: { width: 1280, height: 900 } });
  const p = context.pages()[0] ?? (await context.newPage());
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await p.goto(new URL('?backend=wasm', inject('baseUrl')).href);
  expect((await waitForEngine(p)).state).toBe('ready');
  return p;
}

/** Scores the 90 % file and returns its exported predictions' anomaly column and binary accuracy. */
async function scoreRest(p: Page): Promise<{ anomaly: number[]; score: number[]; accuracy: number }> {
  expect(await parseFile(p, restFile)).toBe('done');
  const rows = parsePredictions((await download(p, 'Export predictions')).toString('utf8')).rows;
  expect(rows).toHaveLength(restLabels.length);
  const correct = rows.filter((r, i) => r.anomaly === restLabels[i]).length;
  return { anomaly: rows.map((r) => r.anomaly), score: rows.map((r) => r.score), accuracy: correct / rows.length };
}

beforeAll(async () => {
  const lines = readFileSync(path.join(dataDir, 'KDDTest+.txt'), 'utf8').trimEnd().split('\n');
  // Seeded Fisher–Yates; the first 10 % fine-tune, the rest (kept in file order) is scored.
  const order = lines.map((_, i) => i);
  const rnd = seededRandom(2026);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.round(lines.length * 0.1);
  const tune = new Set(order.slice(0, cut));
  const rest = lines.filter((_, i) => !tune.has(i));
  writeFileSync(tuneFile, lines.filter((_, i) => tune.has(i)).join('\n') + '\n');
  writeFileSync(restFile, rest.join('\n') + '\n');
  restLabels = rest.map((l) => (ATTACK_CATEGORY.get(l.split(',')[41]) === 'normal' ? 0 : 1));
  page = await open();
});

afterAll(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('fine-tuning on 10 % of KDDTest+', () => {
  let pretrained: Awaited<ReturnType<typeof scoreRest>>;
  let tuned: Awaited<ReturnType<typeof scoreRest>>;

  it('scores the other 90 % measurably better than the pretrained models', async () => {
    pretrained = await scoreRest(page);
    await page.getByLabel('Labelled file').setInputFiles(tuneFile);
    await page.getByRole('button', { name: 'Start fine-tuning' }).click();
    await page.locator('[data-testid="fine-tune"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])').waitFor({ timeout: 300_000 });
    expect(await page.getByTestId('fine-tune').getAttribute('data-state')).toBe('done');
    // The chart drew one point per epoch and the metrics table has both columns.
    expect(await page.getByTestId('fine-tune-chart').locator('polyline').first().getAttribute('points')).toMatch(/\d,\d/);
    const validationBefore = Number(await page.getByTestId('before-accuracy').innerText());
    const validationAfter = Number(await page.getByTestId('after-accuracy').innerText());
    tuned = await scoreRest(page);
    console.log(
      `fine-tuning on 10 % of KDDTest+ (${restLabels.length} rows scored): binary accuracy on the other 90 % ` +
        `pretrained ${pretrained.accuracy.toFixed(4)}, fine-tuned ${tuned.accuracy.toFixed(4)} ` +
        `(validation split: ${validationBefore.toFixed(4)} → ${validationAfter.toFixed(4)})`,
    );
    expect(tuned.accuracy - pretrained.accuracy).toBeGreaterThanOrEqual(0.02);
    expect(await page.getByTestId('model-library').getAttribute('data-active')).not.toBe('pretrained');
  });

  it('keeps the fine-tuned version active after a reload, predicting the same', async () => {
    await page.reload();
    expect((await waitForEngine(page)).state).toBe('ready');
    expect(await page.getByTestId('model-library').getAttribute('data-active')).not.toBe('pretrained');
    expect((await scoreRest(page)).anomaly).toEqual(tuned.anomaly);
  });

  it('keeps it in a new browser with the same profile', async () => {
    await context.close();
    page = await open();
    expect(await page.getByTestId('model-library').getAttribute('data-active')).not.toBe('pretrained');
    expect((await scoreRest(page)).score).toEqual(tuned.score);
  });

  it('export → delete → import → activate gives the same predictions; a truncated export is rejected', async () => {
    const library = page.getByTestId('model-library');
    const id = (await library.getAttribute('data-active'))!;
    const name = await library.locator(`tr[data-version="${id}"]`).getByTestId('version-name').innerText();
    const exported = await download(page, `Export ${name}`);
    await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await page.locator('[data-testid="model-library"][data-active="pretrained"]').waitFor();
    expect((await scoreRest(page)).anomaly).toEqual(pretrained.anomaly);

    await page.getByLabel('Import a version').setInputFiles({ name: 'truncated.json', mimeType: 'application/json', buffer: exported.subarray(0, exported.length >> 1) });
    await expect(page.getByTestId('library-error').innerText()).resolves.toMatch(/not a complete model export/);

    await page.getByLabel('Import a version').setInputFiles({ name: 'version.json', mimeType: 'application/json', buffer: exported });
    await page.getByRole('button', { name: `Activate ${name}`, exact: true }).click();
    await page.locator('[data-testid="model-library"]:not([data-active="pretrained"])').waitFor();
    expect((await scoreRest(page)).score).toEqual(tuned.score);
    expect(errors).toEqual([]);
  });
});
