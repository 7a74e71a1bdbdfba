/**
 * The real worker, through the page, on files generated from scripts/lib/synthetic-records.ts:
 * header variants, line endings, and bad rows, with exact counts and row numbers; the rows that
 * are not rejected are all scored.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FEATURES } from '../../src/lib/schema/schema';
import { syntheticRecords, toHeaderCsv, toNslKddText } from '../../scripts/lib/synthetic-records';
import { createRng } from '../../src/lib/util/random';
import { countIn, download, launchBrowser, openApp, openBenchPage, parseFile, readCategoryCounts, readSummary } from '../../scripts/lib/browser';
import { comparePredictions, parsePredictions, predictWithCli } from './predictions';

const ALL_COLUMNS = [...FEATURES.map((f) => f.name), 'label', 'difficulty'];

/** The category of each label the generator uses, from the NSL-KDD README (not from src/lib). */
const CATEGORY_OF: Record<string, string> = {
  normal: 'normal',
  neptune: 'DoS',
  smurf: 'DoS',
  satan: 'Probe',
  ipsweep: 'Probe',
  guess_passwd: 'R2L',
  buffer_overflow: 'U2R',
};

function expectedCategoryCounts(labels: string[]): Record<string, number> {
  const counts: Record<string, number> = { normal: 0, DoS: 0, Probe: 0, R2L: 0, U2R: 0 };
  for (const label of labels) counts[CATEGORY_OF[label]]++;
  return counts;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rnd = createRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Lines of a headerless 43-field file, one per record, for editing single rows. */
function recordLines(count: number, seed: number): string[] {
  return toNslKddText(syntheticRecords(count, seed)).trimEnd().split('\n');
}

/** Replaces field `column` (a schema name) of a headerless line. */
function withField(line: string, column: string, value: string): string {
  const fields = line.split(',');
  fields[ALL_COLUMNS.indexOf(column)] = value;
  return fields.join(',');
}

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

describe('well-formed files', () => {
  it('reads a header with the columns in shuffled order and an extra column', async () => {
    const records = syntheticRecords(40, 11);
    const columns = shuffled([...ALL_COLUMNS, 'comment'], 5);
    expect(columns.slice(0, 5)).not.toEqual(ALL_COLUMNS.slice(0, 5));

    expect(await parseFile(page, { name: 'shuffled.csv', content: toHeaderCsv(records, columns) })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 40, accepted: 40, rejected: 0, rejectedRows: [] });
    await expect(page.getByTestId('summary-header').innerText()).resolves.toContain('Header row: yes');
    await expect(page.getByTestId('summary-columns').innerText()).resolves.toContain('Columns found: 44');
    await expect(page.getByTestId('summary-ignored').innerText()).resolves.toBe('Ignored columns: comment');
    expect(await readCategoryCounts(page)).toEqual(expectedCategoryCounts(records.map((r) => r.label)));
  });

  it('reads a headerless file of 43 fields', async () => {
    const records = syntheticRecords(60, 12);

    expect(await parseFile(page, { name: 'headerless.txt', content: toNslKddText(records) })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 60, accepted: 60, rejected: 0, rejectedRows: [] });
    await expect(page.getByTestId('summary-header').innerText()).resolves.toContain('Header row: no');
    await expect(page.getByTestId('summary-columns').innerText()).resolves.toContain('Columns found: 43 (with label, with difficulty)');
    expect(await readCategoryCounts(page)).toEqual(expectedCategoryCounts(records.map((r) => r.label)));
  });

  it('reads CRLF line endings and a byte-order mark before the header', async () => {
    const records = syntheticRecords(25, 13);
    const content = `\uFEFF${toHeaderCsv(records, ALL_COLUMNS, '\r\n')}`;

    expect(await parseFile(page, { name: 'windows.csv', content })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 25, accepted: 25, rejected: 0, rejectedRows: [] });
    await expect(page.getByTestId('summary-header').innerText()).resolves.toContain('Header row: yes');
    expect(await readCategoryCounts(page)).toEqual(expectedCategoryCounts(records.map((r) => r.label)));
  });
});

describe('bad rows', () => {
  it('rejects a ragged row by its data row number (header not counted)', async () => {
    const records = syntheticRecords(30, 14);
    const lines = toHeaderCsv(records, ALL_COLUMNS).trimEnd().split('\n');
    // lines[0] is the header, so lines[7] is data row 7; drop its last field.
    lines[7] = lines[7].slice(0, lines[7].lastIndexOf(','));

    expect(await parseFile(page, { name: 'ragged.csv', content: `${lines.join('\n')}\n` })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 30, accepted: 29, rejected: 1, rejectedRows: [7] });
    await expect(page.getByTestId('reject').first().innerText()).resolves.toBe('Row 7: expected 43 fields, found 42');
  });

  it('rejects a non-numeric value', async () => {
    const lines = recordLines(30, 15);
    lines[11] = withField(lines[11], 'src_bytes', 'lots');

    expect(await parseFile(page, { name: 'not-a-number.txt', content: `${lines.join('\n')}\n` })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 30, accepted: 29, rejected: 1, rejectedRows: [12] });
    await expect(page.getByTestId('reject').first().innerText()).resolves.toContain('src_bytes');
  });

  it('accepts an unknown service and warns about it', async () => {
    const lines = recordLines(30, 16);
    lines[19] = withField(lines[19], 'service', 'quantum_relay');

    expect(await parseFile(page, { name: 'unknown-service.txt', content: `${lines.join('\n')}\n` })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 30, accepted: 30, rejected: 0, rejectedRows: [] });
    const warnings = page.getByTestId('unseen-value');
    await expect(warnings.count()).resolves.toBe(1);
    await expect(warnings.getAttribute('data-column')).resolves.toBe('service');
    await expect(warnings.getAttribute('data-value')).resolves.toBe('quantum_relay');
    await expect(warnings.innerText()).resolves.toBe('service "quantum_relay": 1 row, first at row 20');
  });

  it('counts every row once when several are bad, including a blank line', async () => {
    const lines = recordLines(40, 17);
    lines[4] = lines[4].split(',').slice(0, 41).join(','); // row 5: 41 fields in a 43-field file
    lines[11] = withField(lines[11], 'serror_rate', '1.5'); // row 12: a rate above 1
    lines[17] = withField(lines[17], 'service', 'quantum_relay'); // row 18: accepted, with a warning
    lines.splice(29, 0, ''); // row 30: a blank line inside the data

    expect(await parseFile(page, { name: 'mixed.txt', content: `${lines.join('\n')}\n` })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 41, accepted: 38, rejected: 3, rejectedRows: [5, 12, 30] });
    const kinds = await page.getByTestId('reject-kind').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')).sort());
    expect(kinds).toEqual(['empty-line', 'field-count', 'out-of-range']);

    // Every other row is scored, once, as `npm run predict` scores it.
    expect(await countIn(page, 'scored-rows')).toBe(38);
    const exported = parsePredictions((await download(page, 'Export predictions')).toString('utf8')).rows;
    expect(exported.map((p) => p.row)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1).filter((r) => ![5, 12, 30].includes(r)));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tal-bad-')), 'mixed.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(comparePredictions(exported, parsePredictions(await predictWithCli(file)).rows)).toEqual([]);
  });
});

describe('a file with no usable row', () => {
  it('lists every row as rejected and scores none', async () => {
    const lines = recordLines(6, 22).map((line) => withField(line, 'duration', '-1'));

    expect(await parseFile(page, { name: 'all-bad.txt', content: `${lines.join('\n')}\n` })).toBe('done');

    expect(await readSummary(page)).toEqual({ rowsRead: 6, accepted: 0, rejected: 6, rejectedRows: [1, 2, 3, 4, 5, 6] });
    expect(await countIn(page, 'scored-rows')).toBe(0);
    expect(await countIn(page, 'anomaly-count')).toBe(0);
    await expect(page.getByTestId('no-metrics').count()).resolves.toBe(1);
  });
});

describe('unreadable files', () => {
  it('names the missing columns of a header in one alert', async () => {
    const columns = ALL_COLUMNS.filter((c) => c !== 'src_bytes' && c !== 'flag');

    expect(await parseFile(page, { name: 'missing.csv', content: toHeaderCsv(syntheticRecords(5, 18), columns) })).toBe('error');

    const alert = page.getByRole('alert');
    await expect(alert.count()).resolves.toBe(1);
    const text = await alert.innerText();
    expect(text).toContain('missing.csv could not be analysed');
    expect(text).toContain('missing 2 required columns: flag, src_bytes');
    await expect(page.getByRole('heading', { name: 'Summary of missing.csv', exact: true }).count()).resolves.toBe(0);
    // A refused file leaves the previous results in place, and says whose they are.
    await expect(page.getByTestId('results-kept').count()).resolves.toBe(await page.getByTestId('summary').count());
  });

  it('recovers: the next good file parses after an error', async () => {
    expect(await parseFile(page, { name: 'after-error.txt', content: toNslKddText(syntheticRecords(8, 19)) })).toBe('done');
    expect(await readSummary(page)).toEqual({ rowsRead: 8, accepted: 8, rejected: 0, rejectedRows: [] });
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });
});

describe('batches transferred to the page', () => {
  it('delivers every accepted row, with its row number, and none of the rejected ones', async () => {
    const lines = recordLines(20_000, 20);
    lines[99] = lines[99].replace(/,[^,]*$/, ''); // row 100: 42 fields
    lines[15_000] = withField(lines[15_000], 'duration', '-3'); // row 15,001: negative
    const benchPage = await openBenchPage(browser, inject('baseUrl'));
    try {
      await benchPage.setInputFiles('#bench-file', { name: 'batches.txt', mimeType: 'text/plain', buffer: Buffer.from(`${lines.join('\n')}\n`) });
      const result = await benchPage.evaluate(() =>
        window.__bench!.parse((document.getElementById('bench-file') as HTMLInputElement).files![0], { batches: true, keepRowNumbers: true }),
      );
      expect(result.rowsAccepted).toBe(19_998);
      expect(result.batchRows).toBe(19_998);
      expect(result.batchCount).toBeGreaterThan(1);
      const expectedRows = Array.from({ length: 20_000 }, (_, i) => i + 1).filter((row) => row !== 100 && row !== 15_001);
      expect(result.rowNumbers).toEqual(expectedRows);
    } finally {
      await benchPage.close();
    }
  });
});

it('logs no errors in the browser console', () => {
  expect(errors).toEqual([]);
});
