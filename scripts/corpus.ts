/**
 * npm run corpus -- DIR [NAME ...]
 * Writes the hostile-input corpus (scripts/lib/hostile-corpus.ts: empty, binary, UTF-16, ragged,
 * huge, malicious… files) into DIR, to try by hand in the app or with `npm run predict`; prints what
 * each file is and what must happen to it.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOSTILE_CORPUS, writeCorpus } from './lib/hostile-corpus';

const [dir, ...names] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: npm run corpus -- DIR [NAME ...]');
  process.exit(2);
}
mkdirSync(resolve(dir), { recursive: true });
const written = await writeCorpus(resolve(dir), names.length > 0 ? names : undefined);
for (const c of HOSTILE_CORPUS) {
  if (!written.has(c.name)) continue;
  const e = c.expected;
  const outcome = 'error' in e ? `refused: ${e.error}` : `${e.rowsRead.toLocaleString('en-US')} rows, ${e.rejects.length} rejected`;
  console.log(`${c.name.padEnd(24)} ${c.about}\n${' '.repeat(25)}→ ${outcome}`);
}
