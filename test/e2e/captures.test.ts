/**
 * Captures and a Zeek conn.log through the page: the packet accounting, the records with their
 * addresses (table, address filter, a record's detail), and an export that equals `npm run predict`
 * row for row, identity columns included.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { syntheticRecords, toNslKddText } from '../../scripts/lib/synthetic-records';
import { chooseFile, download, launchBrowser, openApp, readSummary, waitForRun } from '../../scripts/lib/browser';
import { repoRoot } from './global-setup';
import { comparePredictions, parsePredictions, predictWithCli } from './predictions';

const CAPTURES = path.resolve(repoRoot, '../shared/captures');
const haveCaptures = existsSync(path.join(CAPTURES, 'nmap_syn_scan.pcap'));

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, inject('baseUrl')));
});

afterAll(async () => {
  await browser?.close();
});

/** The page's export and the command line's output for one file: same rows, decisions, scores and identity. */
async function expectExportEqualsCli(file: string): Promise<string[][]> {
  const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8'));
  const cli = parsePredictions(await predictWithCli(file));
  expect(exported.header).toEqual(['row', 'anomaly', 'score', 'category', 'category_score', 'if_score', 'ts', 'orig_h', 'orig_p', 'resp_h', 'resp_p']);
  expect(exported.header).toEqual(cli.header);
  expect(comparePredictions(exported.rows, cli.rows)).toEqual([]);
  expect(exported.rows.map((r) => r.rest)).toEqual(cli.rows.map((r) => r.rest));
  return exported.rows.map((r) => r.rest);
}

describe.skipIf(!haveCaptures)('captures in the browser (../shared/captures)', () => {
  it('nmap_syn_scan.pcap: 1,005 records, every packet accounted for, addresses in the table, export = npm run predict', async () => {
    const file = path.join(CAPTURES, 'nmap_syn_scan.pcap');
    expect(await waitForRun(page, await chooseFile(page, file))).toBe('done');
    expect(await readSummary(page)).toEqual({ rowsRead: 1005, accepted: 1005, rejected: 0, rejectedRows: [] });
    await expect(page.getByTestId('capture-packets').innerText()).resolves.toBe('Packets read 2,020 = used 2,011 + skipped 9');
    await expect(page.getByTestId('capture-skips').innerText()).resolves.toContain('not IP (ARP)');
    await expect(page.getByTestId('capture-cut').innerText()).resolves.toContain('2 TCP records were still open');
    await expect(page.getByTestId('capture-domain-note').count()).resolves.toBe(1);
    // The table shows who talked to whom; the address filter keeps the rows of one host.
    await page.getByLabel('Sort by').selectOption({ label: 'Start time' });
    await expect(page.getByTestId('record-source').first().innerText()).resolves.toBe('192.168.1.10:35503');
    await expect(page.getByTestId('record-destination').first().innerText()).resolves.toBe('192.168.1.25:1723');
    await expect(page.getByTestId('record-time').first().innerText()).resolves.toBe('2009-01-03 18:58:34.958375');
    await page.getByTestId('address-filter').fill('239.255.255.250');
    await expect(page.getByTestId('record-count').getAttribute('data-count')).resolves.toBe('3');
    await page.getByTestId('address-filter').fill('');
    await expect(page.getByTestId('record-count').getAttribute('data-count')).resolves.toBe('1005');
    const identity = await expectExportEqualsCli(file);
    expect(identity[0]).toEqual(['1231009114.958375', '192.168.1.10', '35503', '192.168.1.25', '1723']);
  });

  it('smtp_snaplen_truncated.pcap: the snap length that cut every packet is said, with what it costs', async () => {
    expect(await waitForRun(page, await chooseFile(page, path.join(CAPTURES, 'smtp_snaplen_truncated.pcap')))).toBe('done');
    await expect(page.getByTestId('capture-cut-short').innerText()).resolves.toMatch(/^24 packets were captured cut short \(100\.0 %\), at most 68 bytes each .*login features/);
  });

  it("http_ipv4_ipv6.pcapng: a record's detail shows its values, time, addresses and packets", async () => {
    const file = path.join(CAPTURES, 'http_ipv4_ipv6.pcapng');
    expect(await waitForRun(page, await chooseFile(page, file))).toBe('done');
    expect(await readSummary(page)).toEqual({ rowsRead: 2, accepted: 2, rejected: 0, rejectedRows: [] });
    await page.getByLabel('Sort by').selectOption({ label: 'Start time' });
    await page.getByRole('button', { name: 'Show record 2', exact: true }).click();
    const detail = page.locator('[data-testid="record-detail"][data-status="ready"]');
    await detail.waitFor();
    await expect(page.getByTestId('detail-identity').innerText()).resolves.toBe(
      'Started 2015-11-22 17:58:16.399450 UTC, from [2001:db8:1:2::1002]:35023 to [2001:db8:1:2::1000]:80, 10 packets.',
    );
    const values = await page.getByTestId('detail-values').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim())));
    expect(values).toContainEqual(['src_bytes', '84']);
    expect(values).toContainEqual(['dst_bytes', '491']);
    expect(values).toContainEqual(['flag', 'SF']);
    expect(values).toContainEqual(['orig_h', '2001:db8:1:2::1002']);
    await expectExportEqualsCli(file);
  });

  it('a Zeek conn.log: rows sorted by start, a bad row rejected with its number, export = npm run predict', async () => {
    const log = [
      '#separator \\x09',
      '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\torig_pkts\tresp_pkts',
      '1300475168.892913\tC3\t141.142.220.118\t49999\t208.80.152.3\t80\ttcp\thttp\t0.229603\t1148\t734\tS1\t6\t4',
      '1300475167.096535\tC2\t141.142.220.202\t5353\t224.0.0.251\t5353\tudp\tdns\t-\t-\t-\tS0\t1\t0',
      '1300475169.000000\tC4\tnot-an-address\t1\t2.2.2.2\t3\ttcp\t-\t-\t-\t-\tSF\t1\t1',
      '',
    ].join('\n');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tal-zeek-e2e-')), 'conn.log');
    writeFileSync(file, log);
    expect(await waitForRun(page, await chooseFile(page, file))).toBe('done');
    expect(await readSummary(page)).toEqual({ rowsRead: 3, accepted: 2, rejected: 1, rejectedRows: [3] });
    const identity = await expectExportEqualsCli(file);
    expect(identity.map((r) => r[1])).toEqual(['141.142.220.202', '141.142.220.118']);
    expect(errors).toEqual([]);
  });
});

describe('a refused file after a good one', () => {
  it('keeps the good results on screen, with the refusal above them', async () => {
    const good = await chooseFile(page, { name: 'good.csv', content: toNslKddText(syntheticRecords(50, 3)) });
    expect(await waitForRun(page, good)).toBe('done');
    expect(await waitForRun(page, await chooseFile(page, { name: 'empty.csv', content: '' }))).toBe('error');
    await expect(page.getByRole('alert').innerText()).resolves.toBe('empty.csv could not be analysed. The file is empty: it has no rows.');
    await expect(page.getByTestId('results-kept').innerText()).resolves.toBe('The results below are still those of good.csv.');
    await expect(page.getByRole('heading', { name: 'Summary of good.csv', exact: true }).count()).resolves.toBe(1);
    expect(await readSummary(page)).toEqual({ rowsRead: 50, accepted: 50, rejected: 0, rejectedRows: [] });
    // A second refused file in a row (a PNG named as a capture): the same results stay, the message in a capture's words.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(await waitForRun(page, await chooseFile(page, { name: 'scan.pcap', content: png }))).toBe('error');
    await expect(page.getByRole('alert').innerText()).resolves.toBe('scan.pcap could not be analysed. This is not a pcap capture, though its name says so: it looks like a PNG image.');
    await expect(page.getByTestId('results-kept').innerText()).resolves.toBe('The results below are still those of good.csv.');
    expect(await readSummary(page)).toEqual({ rowsRead: 50, accepted: 50, rejected: 0, rejectedRows: [] });
  });
});
