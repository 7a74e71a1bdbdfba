/**
 * "Learn this network" through the page: three small benign captures of ../shared/captures/benign/
 * become a baseline version (learned in the worker on WASM), which appears in the model library;
 * activating it re-scores the file on screen with the baseline's models. With "This traffic may hold
 * attacks", a baseline holding a real nmap scan keeps the scan's records as attacks. The baseline
 * notice says what the shipped set knows of a capture (NSL-KDD and modern captures, not this network),
 * and names the baseline once it is active.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { download, launchBrowser, openApp, parseFile, waitForEngine, waitForRun } from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';
import { parsePredictions } from './predictions';

const benign = path.resolve(repoRoot, '../shared/captures/benign');
// Small captures of different applications (messaging, DNS); the held-out one is web traffic of another capture.
const LEARN = ['whatsapp.pcap', 'dnscrypt-v1-and-resolver-pings.pcap', 'KakaoTalk_chat.pcap'].map((f) => path.join(benign, f));
const HELD_OUT = path.join(benign, 'android.pcap');
// A real SYN scan of 1,000 ports (../shared/captures/README.md): the attack a baseline may hold.
const NMAP_SCAN = path.resolve(benign, '../nmap_syn_scan.pcap');
const present = [...LEARN, HELD_OUT, NMAP_SCAN].every((f) => existsSync(f));
if (!present) console.warn(`learn-network: skipped, the benign captures are not in ${benign}`);

let browser: Browser;
let page: Page;
let errors: string[];

const currentRun = async () => Number(await page.getByTestId('app').getAttribute('data-run'));

/** Share of the records on screen that stage 1 flags (the anomaly column of the predictions export), and their scores. */
async function flaggedShare(): Promise<{ share: number; rows: number; scores: number[] }> {
  const rows = parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows;
  return { share: rows.filter((r) => r.anomaly === 1).length / rows.length, rows: rows.length, scores: rows.map((r) => r.score) };
}

describe.skipIf(!present)('learn this network', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, inject('baseUrl')));
    expect((await waitForEngine(page)).state).toBe('ready');
  });

  afterAll(async () => {
    await browser?.close();
  });

  let pretrained: { share: number; rows: number; scores: number[] };

  it('says what the shipped models know of a capture (NSL-KDD and modern captures, not this network)', async () => {
    expect(await parseFile(page, HELD_OUT)).toBe('done');
    const notice = page.getByTestId('baseline-notice');
    await expect(notice.getAttribute('data-out-of-depth')).resolves.toBe('');
    await expect(page.getByTestId('knows-captures').innerText()).resolves.toMatch(/were trained on NSL-KDD and on modern captures, not on this network/);
    await expect(page.getByTestId('distance-unseen').innerText()).resolves.toMatch(/protocol [\d.]+\s%, service [\d.]+\s%, flag [\d.]+\s%/);
    pretrained = await flaggedShare();
    expect(pretrained.rows).toBeGreaterThan(20);
  });

  it('with "This traffic may hold attacks", keeps what the active models flag in a baseline holding a scan as attacks and says how many', async () => {
    await page.getByText('Learn the normal of your own network from captures').click();
    await page.getByLabel('Normal traffic (one or more files)').setInputFiles([...LEARN, NMAP_SCAN]);
    await page.getByLabel('Baseline name').fill('e2e-wan');
    // Checked by default: every Internet-facing host's traffic holds attacks.
    await expect(page.getByTestId('learn-attack-screen').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Learn this network', exact: true }).click();
    await page.locator('[data-testid="learn-network"][data-state="running"]').waitFor();
    await page.locator('[data-testid="learn-network"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])').waitFor({ timeout: 180_000 });
    if ((await page.getByTestId('learn-error').count()) > 0) throw new Error(await page.getByTestId('learn-error').innerText());
    // The scan alone is 1,000 records the shipped models flag.
    const kept = /, ([\d,]+) the current models flag kept as attacks;/.exec(await page.getByTestId('learn-status').innerText());
    expect(Number(kept?.[1].replace(/,/g, ''))).toBeGreaterThan(900);
    await expect(page.getByTestId('learn-version').innerText()).resolves.toMatch(/^baseline: e2e-wan, 4 captures/);
    // What learning kept is said: of the records the active models flag in this traffic, how many the learned ones still flag.
    await expect(page.getByTestId('learn-known-attacks').innerText()).resolves.toMatch(/^Of the [\d,]+ records of this traffic the current models flag, the learned ones flag [\d,]+ \([\d.]+\s%\)/);
    expect(errors).toEqual([]);
  });

  it('learns a baseline from three captures, shows its figures and saves it in the library, not active', async () => {
    const started = performance.now();
    await page.getByLabel('Normal traffic (one or more files)').setInputFiles(LEARN);
    await page.getByLabel('Baseline name').fill('e2e-lan');
    await page.getByTestId('learn-attack-screen').uncheck();
    await expect(page.getByLabel('Contamination (% of records that may be attacks)').inputValue()).resolves.toBe('1');
    await expect(page.getByTestId('learn-network').getByLabel('Target false-positive rate (%)').inputValue()).resolves.toBe('1');
    await page.getByRole('button', { name: 'Learn this network', exact: true }).click();
    await page.locator('[data-testid="learn-network"]:is([data-state="done"], [data-state="error"], [data-state="cancelled"])').waitFor({ timeout: 180_000 });
    if ((await page.getByTestId('learn-error').count()) > 0) throw new Error(await page.getByTestId('learn-error').innerText());
    expect(await page.getByTestId('learn-network').getAttribute('data-state')).toBe('done');
    const version = await page.getByTestId('learn-version').innerText();
    expect(version).toMatch(/^baseline: e2e-lan, 3 captures, [\d,]+ records, \d{4}-\d\d-\d\d$/);
    const pct = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/[^\d.]/g, ''));
    // The baseline's own held-out records (cross-fitted by capture) after learning: within the 2 %.
    expect(await pct('learn-after-stage1')).toBeLessThanOrEqual(2);
    await expect(page.locator('[data-testid="model-library"] [data-testid="version-name"]').allInnerTexts()).resolves.toContain(version);
    await expect(page.getByTestId('model-library').getAttribute('data-active')).resolves.toBe('pretrained');
    // The known-attack figure is given only when the active models flag some of this clean traffic; then
    // it names how many, a few of the records (the shipped models' false positives on it).
    const records = Number(/, ([\d,]+) records,/.exec(version)![1].replace(/,/g, ''));
    if ((await page.getByTestId('learn-known-attacks').count()) > 0) {
      const known = /^Of the ([\d,]+) records of this traffic the current models flag/.exec(await page.getByTestId('learn-known-attacks').innerText());
      const flagged = Number(known![1].replace(/,/g, ''));
      expect(flagged).toBeGreaterThan(0);
      expect(flagged / records).toBeLessThanOrEqual(0.05);
    }
    console.log(`learn-network: learned ${version} in ${((performance.now() - started) / 1000).toFixed(1)} s (page: ${await page.getByTestId('learn-status').innerText()})`);
  });

  it("activating it re-scores the held-out capture with the baseline's models", async () => {
    const run = await currentRun();
    await page.getByRole('button', { name: 'Activate this baseline' }).click();
    await page.locator(`[data-testid="app"][data-run="${run + 1}"]`).waitFor();
    expect(await waitForRun(page, run + 1)).toBe('done');
    await page.getByTestId('learn-active').waitFor();
    const learned = await flaggedShare();
    expect(learned.rows).toBe(pretrained.rows);
    // Another application's traffic than the baseline's three: the baseline may flag more of it than the
    // pretrained models, which trained on modern benign captures (measured 3.0 % → 15.2 %); what is
    // checked is that the scores on screen are the baseline's.
    console.log(`learn-network: held-out android.pcap flagged ${(100 * pretrained.share).toFixed(1)} % by the pretrained models, ${(100 * learned.share).toFixed(1)} % by the baseline`);
    expect(learned.scores).not.toEqual(pretrained.scores);
    await expect(page.getByTestId('baseline-notice').getAttribute('data-out-of-depth')).resolves.not.toBe('pretrained-on-capture');
    await expect(page.getByTestId('knows-captures').count()).resolves.toBe(0);
    await expect(page.getByTestId('distance-flagged').innerText()).resolves.toMatch(/the baseline "e2e-lan"/);
    expect(errors).toEqual([]);
  });

});
