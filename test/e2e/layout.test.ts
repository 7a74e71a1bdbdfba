/**
 * A projector (1024 × 768): the demo's verdict is on screen after one click, with no scrolling by the
 * user, and the page holds still while a file is analysed (cumulative layout shift < 0.1).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, waitForEngine } from '../../scripts/lib/browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await openApp(browser, inject('baseUrl')));
  await page.setViewportSize({ width: 1024, height: 768 });
  await waitForEngine(page);
});

afterAll(async () => {
  await browser?.close();
});

/** The largest session window of layout shifts (1 s gap, 5 s at most) not caused by input: the CLS definition. */
function cumulativeLayoutShift(shifts: { value: number; time: number }[]): number {
  let best = 0;
  let current = 0;
  let start = -Infinity;
  let last = -Infinity;
  for (const s of shifts) {
    if (s.time - last > 1000 || s.time - start > 5000) {
      current = 0;
      start = s.time;
    }
    current += s.value;
    last = s.time;
    best = Math.max(best, current);
  }
  return best;
}

describe('on a projector', () => {
  it('"Try the demo" shows the verdict without scrolling, and nothing jumps while it runs', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { __shifts: { value: number; time: number }[] };
      w.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean }[]) {
          if (!e.hadRecentInput) w.__shifts.push({ value: e.value, time: e.startTime });
        }
      }).observe({ type: 'layout-shift' });
    });
    await page.getByRole('button', { name: 'Try the demo', exact: true }).click();
    await page.locator('[data-testid="app"][data-phase="done"]').waitFor({ timeout: 300_000 });
    await page.waitForTimeout(500);
    const heading = page.getByRole('heading', { name: /^Verdict on / });
    // Focus goes to the verdict when the analysis ends, which brings it into view.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verdict-title');
    const box = await page.getByTestId('verdict-headline').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await expect(heading.isVisible()).resolves.toBe(true);
    const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; time: number }[] }).__shifts);
    expect(cumulativeLayoutShift(shifts)).toBeLessThan(0.1);
  });
});
