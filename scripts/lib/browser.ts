/**
 * Shared browser helpers for the e2e tests (and scripts/bench.ts): Debian's Chromium driven by
 * playwright-core, the app opened from the server that global-setup.ts started.
 */
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** Debian's Chromium, or the browser CHROME_PATH names. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--enable-unsafe-webgpu',
    '--disable-quic',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(LAUNCH_OPTIONS);
}

/**
 * A fresh page on the app; browser console errors and page crashes are collected for assertions.
 * Tests run on WASM unless they say otherwise: on this machine's software GPU the automatic choice
 * lands there too, and naming it keeps the tests independent of that probe.
 */
export async function openApp(browser: Browser, baseUrl: string, query = '?backend=wasm'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(new URL(query, baseUrl).href);
  await page.getByRole('heading', { level: 1, name: 'Traffic Anomaly Lab' }).waitFor();
  return { page, errors };
}

/** A `?bench` page with a file input of its own, id `bench-file` (the app's state is not involved). */
export async function openBenchPage(browser: Browser, baseUrl: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}?bench`);
  await page.waitForFunction(() => window.__bench !== undefined);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  });
  return page;
}

export type UploadContent = string | Buffer;

async function currentRun(page: Page): Promise<number> {
  return Number(await page.getByTestId('app').getAttribute('data-run'));
}

/** Chooses a file through the "Traffic file" input, without waiting for the result. Returns its run number. */
export async function chooseFile(page: Page, file: { name: string; content: UploadContent } | string): Promise<number> {
  const run = (await currentRun(page)) + 1;
  const input = page.getByLabel('Traffic file', { exact: true });
  if (typeof file === 'string') await input.setInputFiles(file);
  else await input.setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.content) });
  return run;
}

/** Waits until run `run` has finished ('done', 'error' or 'cancelled') and returns that phase. */
export async function waitForRun(page: Page, run: number): Promise<string> {
  const app = page.locator(`[data-testid="app"][data-run="${run}"]:is([data-phase="done"], [data-phase="error"], [data-phase="cancelled"])`);
  await app.waitFor({ timeout: 300_000 });
  // The file's details fold below the verdict; the tests read them, so they open the fold as a user would.
  await page.locator('details[data-testid="file-details"]:not([open])').evaluateAll((folds) => folds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  return (await app.getAttribute('data-phase')) ?? '';
}

/** Clicks one of the landing page's demo buttons and waits for its run; returns the run's final phase. */
export async function openDemo(page: Page, button: 'Try the demo' | 'Try the demo capture'): Promise<string> {
  const run = (await currentRun(page)) + 1;
  await page.getByRole('button', { name: button, exact: true }).click();
  return waitForRun(page, run);
}

/** Chooses a file and waits for its result. */
export async function parseFile(page: Page, file: { name: string; content: UploadContent } | string): Promise<string> {
  return waitForRun(page, await chooseFile(page, file));
}

/** "22,544" → 22544: the page formats counts with thousands separators. */
export async function countIn(page: Page, testId: string): Promise<number> {
  return parseCount(await page.getByTestId(testId).innerText());
}

export function parseCount(text: string): number {
  const digits = text.trim().replace(/,/g, '');
  if (!/^\d+$/.test(digits)) throw new Error(`Not a count: "${text}"`);
  return Number(digits);
}

export interface ShownSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  rejectedRows: number[];
}

/** The counts and the rejected row numbers as the page shows them. */
export async function readSummary(page: Page): Promise<ShownSummary> {
  const rejectItems = page.getByTestId('reject');
  const rejectedRows = (await rejectItems.evaluateAll((items) => items.map((li) => li.getAttribute('data-row')))).map(Number);
  return {
    rowsRead: await countIn(page, 'summary-rows-read'),
    accepted: await countIn(page, 'summary-accepted'),
    rejected: await countIn(page, 'summary-rejected'),
    rejectedRows,
  };
}

/** Rows per category as shown in the category table, by category name. */
export async function readCategoryCounts(page: Page): Promise<Record<string, number>> {
  const cells = await page
    .getByTestId('category-count')
    .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-category') ?? '', td.textContent ?? ''] as const));
  return Object.fromEntries(cells.map(([category, text]) => [category, parseCount(text)]));
}

/** Waits until the models are loaded (or failed to load) and returns the engine's state and backend. */
export async function waitForEngine(page: Page): Promise<{ state: string; backend: string }> {
  const engine = page.locator('[data-testid="engine"]:is([data-state="ready"], [data-state="error"])');
  await engine.waitFor({ timeout: 300_000 });
  return { state: (await engine.getAttribute('data-state')) ?? '', backend: (await engine.getAttribute('data-backend')) ?? '' };
}

/** Clicks a button that saves a file and returns the file's bytes. */
export async function download(page: Page, buttonName: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByRole('button', { name: buttonName, exact: true }).click()]);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  return readFileSync(path);
}

/** A value the page shows with its full precision in `data-value`. */
export async function shownValue(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).first().getAttribute('data-value'));
}

/** A confusion matrix as shown: rows = true class, columns = predicted, in the page's class order. */
export async function readMatrix(page: Page, testId: string): Promise<number[][]> {
  const cells = await page
    .getByTestId(`${testId}-cell`)
    .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-actual') ?? '', td.getAttribute('data-predicted') ?? '', Number(td.getAttribute('data-count'))] as const));
  const classes = [...new Set(cells.map(([a]) => a))];
  const m = classes.map(() => classes.map(() => 0));
  for (const [a, p, n] of cells) m[classes.indexOf(a)][classes.indexOf(p)] = n;
  return m;
}

/** Starts counting painted frames and the longest main-thread task (longtask entries) on the page. */
export async function watchResponsiveness(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __frames: number; __painting: boolean; __tasks: [number, number][]; __doneAt: number };
    w.__longest = 0;
    w.__frames = 0;
    w.__painting = true;
    w.__tasks = [];
    w.__doneAt = Infinity;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__longest = Math.max(w.__longest, entry.duration);
        w.__tasks.push([entry.startTime, entry.duration]);
      }
    }).observe({ type: 'longtask' });
    // When the run ends (its results render in that task): streaming is what comes before it.
    const app = document.querySelector('[data-testid="app"]')!;
    new MutationObserver(() => {
      if (w.__doneAt === Infinity && app.getAttribute('data-phase') === 'done') w.__doneAt = performance.now();
    }).observe(app, { attributes: true, attributeFilter: ['data-phase'] });
    const frame = () => {
      w.__frames++;
      if (w.__painting) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/**
 * Stops the watch: the longest task in ms, the longest one that ended before the run finished
 * (while the file streamed; the task that renders the results is the one the end falls in), and the
 * frames painted since it started.
 */
export function responsiveness(page: Page): Promise<{ longest: number; longestWhileStreaming: number; frames: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __longest: number; __frames: number; __painting: boolean; __tasks: [number, number][]; __doneAt: number };
    w.__painting = false;
    // The observer records the end in a microtask of the task that renders the results, so that task
    // ends at about __doneAt; long-task times are rounded, hence the 2 ms margin.
    const streaming = w.__tasks.filter(([start, duration]) => start + duration < w.__doneAt - 2).map(([, duration]) => duration);
    return { longest: w.__longest, longestWhileStreaming: Math.max(0, ...streaming), frames: w.__frames };
  });
}
