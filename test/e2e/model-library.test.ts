/**
 * The model library through the page: cancelling fine-tuning keeps the previous models; a corrupt
 * stored record is reported at start-up and the app scores with the pretrained models; activating a
 * version re-scores the results on screen and the engine status names it; deleting asks first and
 * says which version becomes active. Generated records (test/fixtures) stand in for the user's file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { download, launchBrowser, parseFile, waitForEngine, waitForRun } from '../../scripts/lib/browser';
import { parsePredictions } from './predictions';

const small = { name: 'small.txt', content: toNslKddText(syntheticRecords(600, 31)) };
const large = { name: 'large.txt', content: toNslKddText(syntheticRecords(20_000, 32)) };

let browser: Browser;
let context: BrowserContext;
let page: Page;

async function scores(p: Page): Promise<number[]> {
  expect(await parseFile(p, small)).toBe('done');
  return parsePredictions((await download(p, 'Export predictions')).toString('utf8')).rows.map((r) => r.score);
}

async function fineTuneState(p: Page): Promise<string> {
  const panel = p.locator('[data-testid="fine-tune"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])');
  await panel.waitFor({ timeout: 300_000 });
  return (await panel.getAttribute('data-state')) ?? '';
}

/** After a fine-tune: the new version's id, made active by hand if the guard kept it inactive. */
async function activeNewVersion(p: Page): Promise<string> {
  if ((await p.getByTestId('fine-tune-guard').getAttribute('data-activated')) !== 'true') {
    await p.getByRole('button', { name: 'Activate anyway' }).click();
  }
  await p.locator('[data-testid="model-library"]:not([data-active="pretrained"])').waitFor();
  return (await p.getByTestId('model-library').getAttribute('data-active'))!;
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(new URL('?backend=wasm', inject('baseUrl')).href);
  expect((await waitForEngine(page)).state).toBe('ready');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('model library', () => {
  let pretrainedScores: number[];

  it('cancelling fine-tuning keeps the previous models and adds no version', async () => {
    pretrainedScores = await scores(page);
    await page.getByLabel('Epochs').fill('50');
    await page.getByLabel('Labelled file').setInputFiles({ name: large.name, mimeType: 'text/plain', buffer: Buffer.from(large.content) });
    await page.getByRole('button', { name: 'Start fine-tuning' }).click();
    // Cancel once training has started (the first epoch is reported), so the cancel lands mid-training.
    await page.getByTestId('fine-tune-status').filter({ hasText: /epoch \d/ }).waitFor({ timeout: 300_000 });
    // Progress says how far: the epoch out of the most the stage runs, with a bar.
    await expect(page.getByTestId('fine-tune-status').innerText()).resolves.toMatch(/epoch \d+ of at most 50/);
    await expect(page.getByTestId('fine-tune-progress').getAttribute('max')).resolves.toBe('50');
    await page.getByRole('button', { name: 'Cancel fine-tuning' }).click();
    expect(await fineTuneState(page)).toBe('cancelled');
    expect(await page.getByTestId('model-library').getAttribute('data-active')).toBe('pretrained');
    expect(await page.getByTestId('model-library').locator('tr[data-version]').count()).toBe(1);
    expect(await scores(page)).toEqual(pretrainedScores);
  });

  it('reports a corrupt stored version at start-up and scores with the pretrained models', async () => {
    await page.getByLabel('Epochs').fill('2');
    await page.getByLabel('Labelled file').setInputFiles({ name: small.name, mimeType: 'text/plain', buffer: Buffer.from(small.content) });
    await page.getByRole('button', { name: 'Start fine-tuning' }).click();
    expect(await fineTuneState(page)).toBe('done');
    const id = await activeNewVersion(page);
    expect(await scores(page)).not.toEqual(pretrainedScores);

    // Damage the stored weights the way a partial write or disk error would.
    await page.evaluate(async (versionId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('traffic-anomaly-lab-models');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('versions', 'readwrite');
        const store = tx.objectStore('versions');
        const get = store.get(versionId);
        get.onsuccess = () => {
          const record = get.result;
          record.files['stage1/weights.bin'] = record.files['stage1/weights.bin'].slice(0, 10);
          store.put(record);
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, id);

    await page.reload();
    expect((await waitForEngine(page)).state).toBe('ready');
    await expect(page.getByTestId('library-corrupt').innerText()).resolves.toContain(id);
    await expect(page.getByTestId('library-corrupt').innerText()).resolves.toMatch(/stage1\/weights\.bin/);
    expect(await page.getByTestId('model-library').getAttribute('data-active')).toBe('pretrained');
    expect(await scores(page)).toEqual(pretrainedScores);
  });

  it('re-scores the results on screen with a newly active version, names it, and deletes it only when confirmed', async () => {
    expect(await scores(page)).toEqual(pretrainedScores);
    const run = Number(await page.getByTestId('app').getAttribute('data-run'));
    await page.getByLabel('Labelled file').setInputFiles({ name: small.name, mimeType: 'text/plain', buffer: Buffer.from(small.content) });
    await page.getByRole('button', { name: 'Start fine-tuning' }).click();
    expect(await fineTuneState(page)).toBe('done');
    const id = await activeNewVersion(page);
    // The results on screen were scored again by the new version (one more run, of the same file).
    await page.locator(`[data-testid="app"][data-run="${run + 1}"]`).waitFor();
    expect(await waitForRun(page, run + 1)).toBe('done');
    const onScreen = parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows.map((r) => r.score);
    expect(onScreen).not.toEqual(pretrainedScores);
    expect(await scores(page)).toEqual(onScreen);
    const name = await page.getByTestId('model-library').locator(`tr[data-version="${id}"]`).getByTestId('version-name').innerText();
    await expect(page.getByTestId('engine-status').innerText()).resolves.toContain(`on WASM (version ${name}, fine-tuned on small.txt from a set trained on KDDTrain+.txt`);

    await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await expect(page.getByTestId('confirm-delete').innerText()).resolves.toMatch(/it is the active version, so Pretrained becomes the active version/);
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await page.getByTestId('confirm-delete').count()).toBe(0);
    expect(await page.getByTestId('model-library').getAttribute('data-active')).toBe(id);

    await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await page.getByRole('button', { name: `Confirm delete ${name}`, exact: true }).click();
    await page.locator('[data-testid="model-library"][data-active="pretrained"]').waitFor();
    await expect(page.getByTestId('library-notice').innerText()).resolves.toBe(`Deleted ${name}; Pretrained is now the active version.`);
    await expect(page.getByTestId('engine-status').innerText()).resolves.toMatch(/on WASM \(Pretrained, trained on KDDTrain\+\.txt \+ generated attack corpus \(\d+ captures\) \+ \d+ shared benign captures, \d{4}-\d\d-\d\d\)\./);
    expect(await waitForRun(page, run + 3)).toBe('done');
    expect(parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows.map((r) => r.score)).toEqual(pretrainedScores);
  });
});
