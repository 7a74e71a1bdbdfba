/**
 * Nothing leaves the machine: every request the browser makes (page, analysis worker, service
 * worker) from page load through an analysis of KDDTest+, the predictions export, fine-tuning and
 * the export of the fine-tuned model (kept in IndexedDB meanwhile), and a second
 * analysis once the service worker controls the page, is a same-origin GET, without a body, of a
 * file the build ships. The Content-Security-Policy that backs this up is
 * in the served HTML and in the server's headers, and the browser enforces it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../scripts/lib/csp';
import { download, launchBrowser, parseFile, readSummary } from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { parsePredictions } from './predictions';

// E2E_DIST: a build elsewhere (parallel work on one checkout builds into its own folder).
const dist = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(repoRoot, 'dist');
const testFile = path.join(process.env.NSL_KDD_DIR ?? path.resolve(repoRoot, '../shared/datasets/nsl-kdd'), 'KDDTest+.txt');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

interface Seen {
  url: string;
  method: string;
  hasBody: boolean;
  navigation: boolean;
  fromServiceWorker: boolean;
}

function describeRequest(request: Request): Seen {
  return {
    url: request.url(),
    method: request.method(),
    hasBody: request.postDataBuffer() !== null,
    navigation: request.isNavigationRequest(),
    fromServiceWorker: request.serviceWorker() !== null,
  };
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];
/** Everything the context saw: pages, their workers and the service worker. */
const contextRequests: Seen[] = [];
/** What the page itself reported, as a cross-check that the context listener misses nothing of it. */
const pageRequests: Seen[] = [];
let documentHeaders: Record<string, string> = {};

beforeAll(async () => {
  if (!existsSync(testFile)) throw new Error(`NSL-KDD file not found: ${testFile}. Put the data set there or set NSL_KDD_DIR.`);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.on('request', (r) => contextRequests.push(describeRequest(r)));
  page = await context.newPage();
  page.on('request', (r) => pageRequests.push(describeRequest(r)));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const response = await page.goto(new URL('?backend=wasm', inject('baseUrl')).href);
  documentHeaders = (await response?.allHeaders()) ?? {};
  await page.getByRole('heading', { level: 1, name: 'Traffic Anomaly Lab' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('requests from load through analysis, fine-tuning and exports', () => {
  it('analyses KDDTest+ and exports the predictions', async () => {
    // The service worker's precaching counts too: let it finish inside the recorded window.
    await page.getByText('Ready to work offline').waitFor();
    expect(await parseFile(page, testFile)).toBe('done');
    expect(await readSummary(page)).toMatchObject({ rowsRead: 22_544, accepted: 22_544 });
    const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8'));
    expect(exported.rows).toHaveLength(22_544);
    // On WASM, so the policy is shown to let tfjs compile its binaries ('wasm-unsafe-eval').
    await expect(page.getByTestId('engine').getAttribute('data-backend')).resolves.toBe('wasm');
    expect(errors).toEqual([]);
  });

  it('fine-tunes one epoch on a labelled file and exports the new model version', async () => {
    await page.getByLabel('Epochs').fill('1');
    const tuning = Buffer.from(toNslKddText(syntheticRecords(400, 63)));
    await page.getByLabel('Labelled file').setInputFiles({ name: 'tune.txt', mimeType: 'text/plain', buffer: tuning });
    await page.getByRole('button', { name: 'Start fine-tuning' }).click();
    const fineTune = page.locator('[data-testid="fine-tune"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])');
    await fineTune.waitFor({ timeout: 300_000 });
    expect(await fineTune.getAttribute('data-state')).toBe('done');
    // The new version is in the library (active only if the guard found it better): export it.
    const library = page.getByTestId('model-library');
    const version = await library.locator('tr[data-version]:not([data-version="pretrained"])').getAttribute('data-version');
    expect(version).toMatch(/./);
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      library.locator(`tr[data-version="${version}"]`).getByRole('button', { name: /^Export / }).click(),
    ]);
    expect(readFileSync(await file.path()).length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
  });

  it('analyses again from the service worker: the page reloaded under its control', async () => {
    await page.reload();
    await page.getByText('Ready to work offline').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const records = syntheticRecords(200, 71);
    expect(await parseFile(page, { name: 'again.txt', content: toNslKddText(records) })).toBe('done');
    expect((await download(page, 'Export predictions')).toString('utf8').trimEnd().split('\n')).toHaveLength(201);
    expect(errors).toEqual([]);
  });

  it('saw the page, its worker and the service worker fetch', () => {
    const urls = contextRequests.map((r) => new URL(r.url).pathname);
    expect(contextRequests.some((r) => r.navigation)).toBe(true);
    expect(urls.some((u) => /^\/assets\/analysis\.worker-.*\.js$/.test(u))).toBe(true);
    // The analysis worker's own fetches (not only the service worker's precaching of the same files).
    const ownFetches = contextRequests.filter((r) => !r.fromServiceWorker).map((r) => new URL(r.url).pathname);
    expect(ownFetches).toContain('/models/manifest.json');
    expect(ownFetches.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(contextRequests.some((r) => r.fromServiceWorker)).toBe(true);
    // The service worker's precaching starts only after the models have loaded (they do not compete).
    const firstPrecache = contextRequests.findIndex((r) => r.fromServiceWorker);
    const firstModelFetches = [...new Set(ownFetches.filter((u) => u.startsWith('/models/')))].map((u) =>
      contextRequests.findIndex((r) => !r.fromServiceWorker && new URL(r.url).pathname === u),
    );
    expect(firstModelFetches.length).toBeGreaterThan(4);
    expect(firstModelFetches.filter((i) => i > firstPrecache)).toEqual([]);
    // Every request the page reported, the context reported too.
    const all = new Set(contextRequests.map((r) => `${r.method} ${r.url}`));
    expect(pageRequests.filter((r) => !all.has(`${r.method} ${r.url}`))).toEqual([]);
  });

  it('made only same-origin GETs, without a body, of files the build ships', () => {
    const origin = new URL(inject('baseUrl')).origin;
    const shipped = new Set(filesUnder(dist).map((f) => `/${f}`));
    const offending = contextRequests.filter((r) => {
      const url = new URL(r.url);
      if (r.method !== 'GET' || r.hasBody || url.origin !== origin) return true;
      // Only the page's own address carries a query (the test's ?backend=wasm).
      if (url.search !== '' && !r.navigation) return true;
      return !shipped.has(url.pathname === '/' ? '/index.html' : url.pathname);
    });
    expect(offending).toEqual([]);
  });
});

describe('Content-Security-Policy', () => {
  it('allows this origin only: no other host in any directive', () => {
    for (const directive of CONTENT_SECURITY_POLICY.split('; ')) {
      const [, ...sources] = directive.split(' ');
      expect(sources.filter((s) => !["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'blob:'].includes(s)), directive).toEqual([]);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
  });

  it('is a meta tag in the served HTML and a header on it', async () => {
    expect(documentHeaders['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const html = await (await fetch(inject('baseUrl'))).text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1].replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY);
    // The built file itself carries it, for hosts other than scripts/serve.ts.
    expect(readFileSync(path.join(dist, 'index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"');
  });

  it('is a header on the worker and service worker scripts, whose policy comes from their own response', async () => {
    const worker = readdirSync(path.join(dist, 'assets')).find((f) => /^analysis\.worker-.*\.js$/.test(f));
    for (const file of [`assets/${worker}`, 'sw.js']) {
      const response = await fetch(new URL(file, inject('baseUrl')));
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-security-policy'), file).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('is enforced: the page cannot connect to another origin', async () => {
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(`blocked by ${e.effectiveDirective}`), { once: true });
          fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'x' }).then(
            () => resolve('sent'),
            () => undefined, // the violation event says why
          );
        }),
    );
    expect(outcome).toBe('blocked by connect-src');
    // Blocked before it reached the network: no request was made.
    expect(contextRequests.filter((r) => r.url.startsWith('http://127.0.0.2'))).toEqual([]);
  });
});
