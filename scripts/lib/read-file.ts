/** Node helpers: read an input file (CSV, capture, conn.log) through the shared reader into one batch, hash a file, default paths. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInput, type ParseSummary } from '../../src/lib/ingest';
import { concatBatches, type RecordBatch } from '../../src/lib/ingest/record-batch';

/** The folder holding package.json above this module: scripts/lib/ under tsx, dist-cli/ once bundled (scripts/build-cli.mjs). */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/datasets/nsl-kdd');
export const MODELS_DIR = resolve(REPO_ROOT, 'models');
/** Selection results and evaluation reports: research output, kept out of models/ so the build ships only what the page loads. */
export const REPORTS_DIR = resolve(REPO_ROOT, 'reports');

export async function readCsvFile(path: string): Promise<{ batch: RecordBatch; summary: ParseSummary }> {
  const batches: RecordBatch[] = [];
  const summary = await readInput(createReadStream(path), { totalBytes: statSync(path).size, onBatch: (b) => void batches.push(b) });
  return { batch: concatBatches(batches), summary };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('end', () => ok(hash.digest('hex'))).on('error', fail);
  });
}

/** `--name value` options and positional arguments. */
export function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) options.set(name, inline);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options.set(name, argv[++i]);
      else options.set(name, 'true');
    } else positional.push(a);
  }
  return { positional, options };
}
