/**
 * Offline use: the service worker precaches everything the app needs (checked on the build's
 * precache list), a page it controls analyses a file, fine-tunes and opens the demo with the network off, and a new build waits
 * for the user's reload. Each test opens its own browser context, so no service worker or cache
 * carries over between tests or runs.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer } from '../../scripts/serve';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { chooseFile, launchBrowser, openDemo, parseFile, readSummary, waitForRun } from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';

// E2E_DIST: a build elsewhere (parallel work on one checkout builds into its own folder).
const dist = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(repoRoot, 'dist');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** The URLs in the built sw.js's precache list, read from its text (Workbox inlines the list). */
function precachedUrls(): string[] {
  const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openInNewContext(url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Traffic Anomaly Lab' }).waitFor();
  return { context, page, errors };
}

const isControlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

describe('the precache list of the build', () => {
  it('holds every model file, both WASM binaries, the worker, the demo and the app shell', () => {
    const precached = new Set(precachedUrls());
    expect(precached.size).toBeGreaterThan(0);
    const needed = [
      'index.html',
      'manifest.webmanifest',
      ...filesUnder(path.join(dist, 'models')).map((f) => `models/${f}`),
      ...filesUnder(path.join(dist, 'assets')).filter((f) => !f.endsWith('.map')).map((f) => `assets/${f}`),
      ...filesUnder(path.join(dist, 'icons')).map((f) => `icons/${f}`),
      // "Try the demo" opens these: they must be there offline.
      'demo/demo-records.csv',
      'demo/demo-capture.pcap',
    ];
    // The two WASM binaries and the worker bundle (over Workbox's default 2 MiB size limit) must be among them.
    expect(needed.filter((f) => f.endsWith('.wasm'))).toHaveLength(2);
    expect(needed.filter((f) => /^assets\/analysis\.worker-.*\.js$/.test(f))).toHaveLength(1);
    expect(needed.filter((f) => !precached.has(f))).toEqual([]);
  });

  it('lists in the manifest the icons it ships, maskable ones included', () => {
    const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'Traffic Anomaly Lab', display: 'standalone', start_url: './', scope: './' });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    for (const size of ['192x192', '512x512']) {
      for (const purpose of ['any', 'maskable']) expect(icons.some((i) => i.sizes === size && i.purpose === purpose), `${size} ${purpose}`).toBe(true);
    }
    const precached = new Set(precachedUrls());
    for (const icon of icons) {
      const png = readFileSync(path.join(dist, icon.src));
      // PNG signature, then IHDR's width and height.
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
      expect(precached.has(icon.src), icon.src).toBe(true);
    }
  });
});

describe('offline', () => {
  it('analyses a file and fine-tunes one epoch with the network off, once the service worker is installed', async () => {
    const { context, page, errors } = await openInNewContext(new URL('?backend=wasm', inject('baseUrl')).href);
    try {
      await page.getByText('Ready to work offline').waitFor();
      // No clientsClaim: the page that installed the service worker is not controlled until it reloads.
      await page.reload();
      await page.getByText('Ready to work offline').waitFor();
      expect(await isControlled(page)).toBe(true);

      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Traffic Anomaly Lab' }).waitFor();
      expect(await isControlled(page)).toBe(true);

      const records = syntheticRecords(300, 61);
      expect(await parseFile(page, { name: 'offline.txt', content: toNslKddText(records) })).toBe('done');
      expect(await readSummary(page)).toEqual({ rowsRead: 300, accepted: 300, rejected: 0, rejectedRows: [] });
      await expect(page.getByTestId('engine').getAttribute('data-backend')).resolves.toBe('wasm');
      expect(errors).toEqual([]);

      // Fine-tuning offline: one epoch on a small labelled file gives a new version, active if the guard finds it better.
      await page.getByLabel('Epochs').fill('1');
      await page.getByLabel('Labelled file').setInputFiles({ name: 'offline-tune.txt', mimeType: 'text/plain', buffer: Buffer.from(toNslKddText(syntheticRecords(400, 63))) });
      await page.getByRole('button', { name: 'Start fine-tuning' }).click();
      await page.locator('[data-testid="fine-tune"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('fine-tune').getAttribute('data-state')).toBe('done');
      const library = page.getByTestId('model-library');
      const version = await library.locator('tr[data-version]:not([data-version="pretrained"])').getAttribute('data-version');
      expect(version).toMatch(/./);
      if ((await page.getByTestId('fine-tune-guard').getAttribute('data-activated')) === 'true') {
        await expect(library.locator(`tr[data-version="${version}"]`).innerText()).resolves.toMatch(/\(active\)/);
      }
      expect(await isControlled(page)).toBe(true);
      expect(errors).toEqual([]);

      // The network really is off: a URL outside the precache list fails.
      const probe = await page.evaluate(() => fetch('models/manifest.json?not-precached').then(() => 'loaded', () => 'failed'));
      expect(probe).toBe('failed');
    } finally {
      await context.close();
    }
  });
});

describe('the demo offline', () => {
  it('"Try the demo" and "Try the demo capture" open with the network off, once the service worker is installed', async () => {
    const { context, page, errors } = await openInNewContext(new URL('?backend=wasm', inject('baseUrl')).href);
    try {
      await page.getByText('Ready to work offline').waitFor();
      await page.reload();
      await page.getByText('Ready to work offline').waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Traffic Anomaly Lab' }).waitFor();
      expect(await isControlled(page)).toBe(true);

      expect(await openDemo(page, 'Try the demo')).toBe('done');
      expect(await page.getByTestId('metric-accuracy').count()).toBe(1);
      expect(await openDemo(page, 'Try the demo capture')).toBe('done');
      await expect(page.getByTestId('record-source').first().innerText()).resolves.toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('updates', () => {
  let copy: string;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    // A copy of the build, so this test can publish a "new" service worker without touching dist/.
    copy = mkdtempSync(path.join(tmpdir(), 'tal-update-'));
    cpSync(dist, copy, { recursive: true, filter: (f) => !f.endsWith('.map') });
    server = await startServer(copy, 0);
  });

  afterAll(async () => {
    await server?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('offers "Update available — reload" for a new build and switches only when pressed', async () => {
    const { context, page, errors } = await openInNewContext(new URL('?backend=wasm', server.url).href);
    try {
      await page.getByText('Ready to work offline').waitFor();
      await page.reload();
      expect(await isControlled(page)).toBe(true);

      // A new build: a different sw.js, which the browser installs as a waiting worker. It answers
      // "next" when asked which build it is, so the test can tell which worker controls the page.
      const swPath = path.join(copy, 'sw.js');
      const marker = `self.addEventListener('message', (e) => { if (e.data === 'which-build') e.source.postMessage('next'); });`;
      writeFileSync(swPath, `${readFileSync(swPath, 'utf8')}\n${marker}\n`);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

      const button = page.getByRole('button', { name: 'Update available — reload' });
      await button.waitFor();
      // Waiting, not active: the page is still run by the first worker until the user chooses.
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

      // Never mid-analysis: while a file is analysed the button is disabled. Phase and button are read
      // in one task, so they describe the same moment.
      const run = await chooseFile(page, { name: 'during-update.txt', content: toNslKddText(syntheticRecords(60_000, 62)) });
      const during = await page.waitForFunction(() => {
        const phase = document.querySelector('[data-testid="app"]')?.getAttribute('data-phase');
        const update = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Update available — reload');
        return phase === 'analysing' && { disabled: update?.disabled };
      });
      expect(await during.jsonValue()).toEqual({ disabled: true });
      expect(await waitForRun(page, run)).toBe('done');
      expect(await button.isEnabled()).toBe(true);

      await Promise.all([page.waitForEvent('load'), button.click()]);
      await page.getByText('Ready to work offline').waitFor();
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      const build = await page.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
            navigator.serviceWorker.controller?.postMessage('which-build');
          }),
      );
      expect(build).toBe('next');
      await expect(page.getByRole('button', { name: 'Update available — reload' }).count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
