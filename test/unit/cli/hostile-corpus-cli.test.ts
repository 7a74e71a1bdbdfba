/**
 * Every file of the hostile-input corpus (scripts/lib/hostile-corpus.ts) through `npm run predict`,
 * as a user runs it: a refused file exits 1 with its one message and leaves no output; any other
 * file has exactly the expected rejects and warnings on stderr, and every other row scored once.
 * The same corpus goes through the browser in test/e2e/hostile-corpus.test.ts.
 */
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CORPUS, writeCorpus } from '../../../scripts/lib/hostile-corpus';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tal-hostile-'));
let paths: Map<string, string>;

beforeAll(async () => {
  paths = await writeCorpus(dir);
}, 120_000);

async function predict(name: string): Promise<{ code: number; stderr: string[]; output: string }> {
  const output = join(dir, `${name}.predictions.csv`);
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', paths.get(name)!, '--out', output], { cwd: root });
    return { code: 0, stderr: stderr.trimEnd().split('\n'), output };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr.trimEnd().split('\n'), output };
  }
}

/** The `row` column of a predictions file, checked line by line (the 1M-row output is not held as text). */
async function predictedRows(output: string): Promise<{ header: string; rows: number[]; badLines: string[] }> {
  const lines = createInterface({ input: createReadStream(output), crlfDelay: Infinity });
  let header = '';
  const rows: number[] = [];
  const badLines: string[] = [];
  for await (const line of lines) {
    if (header === '') {
      header = line;
      continue;
    }
    const [row, anomaly, score, category, categoryScore, ifScore] = line.split(',');
    const s = Number(score);
    const valid =
      (anomaly === '0' ? category === 'normal' && categoryScore === '' : anomaly === '1' && ['DoS', 'Probe', 'R2L', 'U2R'].includes(category)) &&
      s >= 0 && s <= 1 && Number(ifScore) > 0 && Number(ifScore) < 1;
    if (!valid && badLines.length < 5) badLines.push(line);
    rows.push(Number(row));
  }
  return { header, rows, badLines };
}

describe('the hostile-input corpus through npm run predict', () => {
  for (const c of HOSTILE_CORPUS) {
    const expected = c.expected;
    it(`${c.name}: ${c.about}`, async () => {
      const { code, stderr, output } = await predict(c.name);
      if ('error' in expected) {
        // The command line names the file before the problem (several inputs may be given).
        expect(stderr).toEqual([`error: ${paths.get(c.name)}: ${expected.error}`]);
        expect(code).toBe(1);
        expect(existsSync(output)).toBe(false);
        return;
      }
      expect(code).toBe(0);
      const rejected = expected.rejects.map((r) => r.row);
      const scored = expected.rowsRead - rejected.length;
      expect(stderr).toEqual([
        ...expected.rejects.map((r) => `row ${r.row}: ${r.reason}`),
        ...(expected.unseen ?? []).map(
          (u) =>
            `warning: unseen ${u.column} ${u.others ? 'values beyond the first 100 distinct ones' : `value ${JSON.stringify(u.value)}`} ` +
            `in ${u.count} row${u.count === 1 ? '' : 's'} (first at row ${u.firstRow})`,
        ),
        `rows read ${expected.rowsRead} = scored ${scored} + rejected ${rejected.length}`,
      ]);
      const { header, rows, badLines } = await predictedRows(output);
      expect(header).toBe('row,anomaly,score,category,category_score,if_score');
      expect(badLines).toEqual([]);
      // Rows 1..rowsRead in order, each once, except the rejected ones (compared without a 1M-element diff).
      expect(rows.length).toBe(scored);
      const skipped = new Set(rejected);
      let next = 1;
      const misplaced: string[] = [];
      for (const row of rows) {
        while (skipped.has(next)) next++;
        if (row !== next && misplaced.length < 5) misplaced.push(`got row ${row} where row ${next} was due`);
        next++;
      }
      expect(misplaced).toEqual([]);
      if (c.scoresAs !== undefined) {
        const twin = join(dir, `${c.scoresAs}.predictions.csv`);
        if (!existsSync(twin)) await predict(c.scoresAs);
        expect(readFileSync(output, 'utf8')).toBe(readFileSync(twin, 'utf8'));
      }
    }, 300_000);
  }
});
