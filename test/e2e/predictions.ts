/**
 * Test-side helpers: run `npm run predict` (the CLI) on a file, read predictions CSVs, and compute
 * metrics from them with plain counting, independently of the app's metric code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './global-setup';

const run = promisify(execFile);

export const CLASSES = ['normal', 'DoS', 'Probe', 'R2L', 'U2R'];

export interface Prediction {
  row: number;
  anomaly: number;
  score: number;
  category: string;
  categoryScore: number;
  ifScore: number;
  /** Fields after the six prediction columns (the original columns, when appended). */
  rest: string[];
}

export function parsePredictions(csv: string): { header: string[]; rows: Prediction[] } {
  const lines = csv.trimEnd().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => {
    const f = line.split(',');
    return { row: Number(f[0]), anomaly: Number(f[1]), score: Number(f[2]), category: f[3], categoryScore: f[4] === '' ? NaN : Number(f[4]), ifScore: Number(f[5]), rest: f.slice(6) };
  });
  return { header, rows };
}

/** `node --import tsx scripts/predict.ts FILE --out TMP` — exactly what `npm run predict` runs. */
export async function predictWithCli(file: string): Promise<string> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'tal-e2e-')), 'predictions.csv');
  await run(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', file, '--out', out], { cwd: repoRoot, maxBuffer: 64 << 20 });
  return readFileSync(out, 'utf8');
}

/** Asserts two predictions files agree: same rows, anomaly and category; scores within `tolerance`. */
export function comparePredictions(got: Prediction[], expected: Prediction[], tolerance = 1e-4): string[] {
  const problems: string[] = [];
  if (got.length !== expected.length) problems.push(`${got.length} rows, expected ${expected.length}`);
  for (let i = 0; i < Math.min(got.length, expected.length) && problems.length < 10; i++) {
    const g = got[i];
    const e = expected[i];
    const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tolerance;
    if (g.row !== e.row || g.anomaly !== e.anomaly || g.category !== e.category) problems.push(`line ${i + 1}: ${JSON.stringify(g)} vs ${JSON.stringify(e)}`);
    else if (!close(g.score, e.score) || !close(g.categoryScore, e.categoryScore) || !close(g.ifScore, e.ifScore)) problems.push(`line ${i + 1} scores: ${JSON.stringify(g)} vs ${JSON.stringify(e)}`);
  }
  return problems;
}

export interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Binary counts: an attack row flagged is a TP, and so on. `truth` is 0 normal, > 0 attack, < 0 skipped. */
export function countBinary(truth: number[], flagged: boolean[]): Counts {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  truth.forEach((t, i) => {
    if (t < 0) return;
    if (t > 0) flagged[i] ? c.tp++ : c.fn++;
    else flagged[i] ? c.fp++ : c.tn++;
  });
  return c;
}

/** The five figures the page shows, from counts (0/0 read as 0, as the page documents). */
export function figures(c: Counts) {
  const r = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    accuracy: r(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    precision: r(c.tp, c.tp + c.fp),
    recall: r(c.tp, c.tp + c.fn),
    f1: r(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    falsePositiveRate: r(c.fp, c.fp + c.tn),
  };
}

/** 5×5 counts, rows = true class, columns = predicted class. */
export function countFiveClass(truth: number[], predicted: string[]): number[][] {
  const m = CLASSES.map(() => CLASSES.map(() => 0));
  truth.forEach((t, i) => {
    if (t >= 0) m[t][CLASSES.indexOf(predicted[i])]++;
  });
  return m;
}

/** AUC as P(attack score > normal score) + ½ P(tie), by sorting: independent of src/lib/metrics/roc.ts. */
export function aucOf(truth: number[], scores: number[]): number {
  const items = truth.map((t, i) => ({ t, s: scores[i] })).filter((x) => x.t >= 0).sort((a, b) => a.s - b.s);
  let negativesBelow = 0;
  let sum = 0;
  for (let i = 0; i < items.length; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < items.length && items[j].s === items[i].s) {
      if (items[j].t > 0) pos++;
      else neg++;
      j++;
    }
    sum += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
    i = j;
  }
  const positives = items.filter((x) => x.t > 0).length;
  return sum / (positives * (items.length - positives));
}
