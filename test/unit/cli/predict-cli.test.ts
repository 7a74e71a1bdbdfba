/**
 * `npm run predict` as a user runs it (a child process on the shipped models): output header,
 * row numbers that skip rejected rows, rejects on stderr, and labels that cannot change predictions.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { syntheticRecords } from '../../../scripts/lib/synthetic-records';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tal-predict-'));

async function predict(lines: string[], name: string) {
  const input = join(dir, `${name}.csv`);
  const output = join(dir, `${name}.out.csv`);
  writeFileSync(input, lines.join('\n') + '\n');
  const { stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', input, '--out', output], { cwd: root });
  return { csv: readFileSync(output, 'utf8'), stderr };
}

const records = syntheticRecords(40, 11);
const withLabels = records.map((r) => [...r.fields, r.label, r.difficulty].join(','));
// Data rows 5 (ragged) and 12 (non-numeric src_bytes) are bad.
const bad = [...withLabels];
bad.splice(4, 0, '0,tcp,http,SF,1,2');
bad.splice(11, 0, withLabels[0].replace(/^(\d+,\w+,\w+,\w+,)\d+/, '$1lots'));

describe('npm run predict', () => {
  it('writes the header and one line per scored row, numbered by data row, with rejects on stderr', async () => {
    const { csv, stderr } = await predict(bad, 'bad');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('row,anomaly,score,category,category_score,if_score');
    const rows = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(rows).toHaveLength(40);
    expect(rows).not.toContain(5);
    expect(rows).not.toContain(12);
    expect(rows[0]).toBe(1);
    expect(rows.at(-1)).toBe(42);
    expect(stderr).toMatch(/row 5: expected 43 fields, found 6/);
    expect(stderr).toMatch(/row 12: src_bytes is not a finite number: "lots"/);
    expect(stderr).toMatch(/rows read 42 = scored 40 \+ rejected 2/);
    for (const line of lines.slice(1)) {
      const [, anomaly, score, category, categoryScore, ifScore] = line.split(',');
      expect(['0', '1']).toContain(anomaly);
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(1);
      expect(category === 'normal').toBe(anomaly === '0');
      expect(categoryScore === '').toBe(anomaly === '0');
      expect(Number(ifScore)).toBeGreaterThan(0);
    }
  });

  it('gives the same predictions whatever the label column says, or without one', async () => {
    const original = await predict(withLabels, 'labelled');
    const relabelled = await predict(records.map((r) => [...r.fields, 'normal', 21].join(',')), 'relabelled');
    const unlabelled = await predict(records.map((r) => r.fields.join(',')), 'unlabelled');
    expect(relabelled.csv).toBe(original.csv);
    expect(unlabelled.csv).toBe(original.csv);
    expect(original.csv.trimEnd().split('\n')).toHaveLength(41);
  });
});
