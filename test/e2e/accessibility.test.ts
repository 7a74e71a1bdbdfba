/**
 * Keyboard and screen readers: axe-core (the standard rule engine, run inside the page) on the landing
 * page, the results, a record's detail, the fine-tune panel, the model library, the learn-network panel
 * and the baseline notice, in the light and the
 * dark scheme, with no violation allowed; and the records table driven by keyboard alone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { chooseFile, launchBrowser, openApp, openDemo, waitForEngine, waitForRun } from '../../scripts/lib/browser';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  help: string;
  nodes: string[];
}

/** axe's violations on the page as it is now (evaluated through the devtools protocol, so the page's CSP does not apply). */
async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

const labelled = toNslKddText(syntheticRecords(300, 5));

for (const scheme of ['light', 'dark'] as const) {
  describe(`axe in the ${scheme} scheme`, () => {
    let page: Page;
    beforeAll(async () => {
      ({ page } = await openApp(browser, inject('baseUrl')));
      await page.emulateMedia({ colorScheme: scheme });
      await waitForEngine(page);
    });

    it('the landing page has no violation', async () => {
      expect(await violations(page)).toEqual([]);
    });

    it('the results of a labelled file have no violation', async () => {
      expect(await waitForRun(page, await chooseFile(page, { name: 'labelled.csv', content: labelled }))).toBe('done');
      expect(await violations(page)).toEqual([]);
    });

    it("a record's detail has no violation", async () => {
      await page.getByTestId('record-row').first().getByRole('button').click();
      await page.locator('[data-testid="record-detail"][data-status="ready"]').waitFor();
      expect(await violations(page)).toEqual([]);
    });

    it('the fine-tune panel and the model library have no violation', async () => {
      const fold = page.locator('details[data-testid="fine-tune-fold"]');
      if (await fold.count()) await fold.evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await page.getByText('Model library', { exact: false }).first().scrollIntoViewIfNeeded();
      expect(await violations(page)).toEqual([]);
    });

    it('the learn-network panel and the baseline notice (a capture, pretrained models) have no violation', async () => {
      await page.locator('details[data-testid="learn-fold"]').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      expect(await openDemo(page, 'Try the demo capture')).toBe('done');
      await page.getByTestId('baseline-notice').waitFor();
      expect(await violations(page)).toEqual([]);
    });
  });
}

describe('axe on a phone (390 × 844)', () => {
  it('the results have no violation (scrolling regions reachable by keyboard)', async () => {
    const { page } = await openApp(browser, inject('baseUrl'));
    await page.setViewportSize({ width: 390, height: 844 });
    await waitForEngine(page);
    expect(await waitForRun(page, await chooseFile(page, { name: 'phone.csv', content: labelled }))).toBe('done');
    expect(await violations(page)).toEqual([]);
  });
});

describe('the records table by keyboard', () => {
  it('is one tab stop: arrows move, Enter opens a record, Escape closes it and focus returns to the table', async () => {
    const { page } = await openApp(browser, inject('baseUrl'));
    await waitForEngine(page);
    expect(await waitForRun(page, await chooseFile(page, { name: 'keys.csv', content: labelled }))).toBe('done');
    await page.getByLabel('Sort by').selectOption({ label: 'File order' });
    const table = page.getByTestId('record-viewport');
    await table.focus();
    // Tab from the table leaves it at once (no row is a tab stop of its own).
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('[data-testid="record-viewport"]') === null)).resolves.toBe(true);
    await page.keyboard.press('Shift+Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('record-viewport');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(table.getAttribute('aria-activedescendant')).resolves.toBe('record-row-3');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="record-detail"][data-row="3"][data-status="ready"]').waitFor();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('record-detail').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('record-viewport');
    await page.keyboard.press('End');
    await expect(table.getAttribute('aria-activedescendant')).resolves.toBe('record-row-300');
  });
});
