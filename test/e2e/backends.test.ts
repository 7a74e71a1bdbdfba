/**
 * The compute backends in the worker: WebGPU failing to start falls back and predicts the same; a
 * backend failing during a run hands over to the next without losing or repeating a row; WebGPU,
 * WebGL and CPU agree with `npm run predict` within 1e-4; a run leaves no tensors behind. Small
 * generated files keep the slow backends (software GPU here) affordable.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { download, launchBrowser, openApp, openBenchPage, parseFile, waitForEngine } from '../../scripts/lib/browser';
import { comparePredictions, parsePredictions, predictWithCli, type Prediction } from './predictions';

const dir = mkdtempSync(path.join(tmpdir(), 'tal-backends-'));
/** 300 rows: one chunk. */
const smallFile = path.join(dir, 'small.txt');
/** 10,000 rows: three chunks of 4,096, so a failure at the second one leaves work to hand over. */
const mediumFile = path.join(dir, 'medium.txt');
let small: Prediction[];
let medium: Prediction[];
let browser: Browser;
const pages: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  writeFileSync(smallFile, toNslKddText(syntheticRecords(300, 41)));
  writeFileSync(mediumFile, toNslKddText(syntheticRecords(10_000, 42)));
  [small, medium, browser] = await Promise.all([
    predictWithCli(smallFile).then((csv) => parsePredictions(csv).rows),
    predictWithCli(mediumFile).then((csv) => parsePredictions(csv).rows),
    launchBrowser(),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function open(query: string): Promise<Page> {
  const opened = await openApp(browser, inject('baseUrl'), query);
  pages.push(opened);
  return opened.page;
}

async function exportedPredictions(page: Page): Promise<Prediction[]> {
  return parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows;
}

describe('fallbacks', () => {
  it('falls back when WebGPU cannot get an adapter, and predicts the same', async () => {
    const page = await open('?backend=webgpu&fault=reject-gpu-adapter');
    const engine = await waitForEngine(page);
    expect(engine.state).toBe('ready');
    expect(engine.backend).not.toBe('webgpu');
    const webgpu = page.locator('[data-testid="backend-attempts"] li[data-backend="webgpu"]');
    await expect(webgpu.getAttribute('data-outcome')).resolves.toBe('failed');
    await expect(page.getByTestId('active-backend').innerText()).resolves.not.toBe('WebGPU');

    expect(await parseFile(page, smallFile)).toBe('done');
    expect(comparePredictions(await exportedPredictions(page), small)).toEqual([]);
    await page.close();
  });

  it('hands a run to the next backend when its backend fails mid-run, losing and repeating no row', async () => {
    const page = await open('?backend=wasm&fail=wasm@2');
    expect(await waitForEngine(page)).toEqual({ state: 'ready', backend: 'wasm' });
    expect(await parseFile(page, mediumFile)).toBe('done');
    await expect(page.getByTestId('run-fallbacks').innerText()).resolves.toContain('WASM: simulated failure');
    await expect(page.getByTestId('engine').getAttribute('data-backend')).resolves.toBe('cpu');
    const exported = await exportedPredictions(page);
    expect(exported.map((p) => p.row)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(comparePredictions(exported, medium)).toEqual([]);
    await page.close();
  });
});

describe('every backend predicts what npm run predict does (within 1e-4)', () => {
  for (const backend of ['webgpu', 'webgl', 'cpu']) {
    it(backend, async () => {
      const page = await open(`?backend=${backend}`);
      const engine = await waitForEngine(page);
      if (engine.state !== 'ready' || engine.backend !== backend) {
        throw new Error(`${backend} did not start here: ${await page.getByTestId('engine').innerText()}`);
      }
      expect(await parseFile(page, smallFile)).toBe('done');
      expect(comparePredictions(await exportedPredictions(page), small)).toEqual([]);
      await page.close();
    });
  }
});

describe('models', () => {
  it('says clearly that models made for another schema cannot be used', async () => {
    const context = await browser.newContext();
    try {
      // The worker fetches models/manifest.json; this one claims another schema.
      await context.route('**/models/manifest.json', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, json: { ...(await response.json()), schemaHash: 'deadbeef' } });
      });
      const page = await context.newPage();
      await page.goto(`${inject('baseUrl')}?backend=wasm`);
      expect((await waitForEngine(page)).state).toBe('error');
      const alert = await page.getByTestId('engine-error').innerText();
      expect(alert).toMatch(/made for schema deadbeef, but this app's schema is [0-9a-f]{8}/);
      expect(await parseFile(page, smallFile)).toBe('error');
      await expect(page.getByTestId('error').innerText()).resolves.toContain('deadbeef');
    } finally {
      await context.close();
    }
  });
});

describe('memory', () => {
  it('leaves no tensors behind after a run', async () => {
    const page = await openBenchPage(browser, inject('baseUrl'));
    try {
      await page.setInputFiles('#bench-file', mediumFile);
      await page.evaluate(() => window.__bench!.prepare('wasm'));
      const before = await page.evaluate(() => window.__bench!.memory());
      expect(before.stage1Path).toBe('fused-stage1'); // the generated WebAssembly SIMD kernel runs in the page's worker too
      const counts: number[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await page.evaluate(() => window.__bench!.analyse((document.getElementById('bench-file') as HTMLInputElement).files![0]));
        expect(r.rowsScored).toBe(10_000);
        counts.push(r.memory.numTensors);
      }
      expect(counts).toEqual([before.numTensors, before.numTensors]);
    } finally {
      await page.close();
    }
  });
});

it('logs no errors in the browser console', () => {
  expect(pages.flatMap((p) => p.errors)).toEqual([]);
});
