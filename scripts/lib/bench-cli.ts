/**
 * The command line's start time (issue 15, target ≤ 0.4 s): `npm run predict` on a 1-row file and
 * `npm run extract` on a small capture, wall time of the whole process, median of `runs` after one
 * warm-up run (which also builds dist-cli/ if it is stale). Measured twice: through scripts/cli.mjs
 * directly, and through npm, which adds its own start (~0.2 s here) that no script can remove.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './read-file';

export interface CliStartRow {
  command: string;
  runsMs: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const medianMs = (row: CliStartRow) => median(row.runsMs);

function timeRuns(cmd: string, args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = -1; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - started;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    if (i >= 0) times.push(ms);
  }
  return times;
}

export function benchCliStart(testFile: string, capture: string, runs = 5): CliStartRow[] {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tal-cli-'));
  try {
    const oneRow = path.join(tmp, 'one-row.txt');
    writeFileSync(oneRow, readFileSync(testFile, 'utf8').split('\n', 1)[0] + '\n');
    const out = path.join(tmp, 'out.csv');
    const commands: [string, string[]][] = [['predict', [oneRow, '--out', out]]];
    if (existsSync(capture)) commands.push(['extract', [capture, '--out', out]]);
    const rows: CliStartRow[] = [];
    for (const [name, args] of commands) {
      const what = name === 'predict' ? '1-row file' : path.basename(capture);
      rows.push({ command: `node scripts/cli.mjs ${name} (${what})`, runsMs: timeRuns(process.execPath, ['scripts/cli.mjs', name, ...args], runs) });
      rows.push({ command: `npm run ${name} (${what})`, runsMs: timeRuns('npm', ['run', '-s', name, '--', ...args], runs) });
    }
    return rows;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
