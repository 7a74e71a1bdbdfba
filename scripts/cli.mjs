/**
 * node scripts/cli.mjs NAME args…  — what `npm run NAME` runs: the bundle dist-cli/NAME.mjs, rebuilt
 * first when it is missing or any file it was made from changed since (scripts/build-cli.mjs).
 * Checking costs a few stat calls; esbuild is loaded only to rebuild.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildCli, bundlePath, inputsPath } from './build-cli.mjs';

const name = process.argv[2];
if (!name) {
  console.error('usage: node scripts/cli.mjs NAME [args…]');
  process.exit(2);
}

function isStale() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(inputsPath(name), 'utf8'));
    statSync(bundlePath(name));
  } catch {
    return true;
  }
  for (const input of recorded.inputs) {
    // A missing input (a file deleted or renamed) also means rebuild; node_modules/.package-lock.json may be absent.
    const stat = statSync(join(ROOT, input), { throwIfNoEntry: false });
    if (stat === undefined ? !input.startsWith('node_modules/') : stat.mtimeMs > recorded.builtAt) return true;
  }
  return false;
}

if (isStale()) await buildCli(name);
// The script reads its own arguments from process.argv.slice(2), as when run directly.
process.argv.splice(2, 1);
try {
  await import(pathToFileURL(bundlePath(name)).href);
} catch (error) {
  // A failure the command did not report itself: one line, not the minified bundle's source line.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.CLI_DEBUG) console.error(error);
  process.exit(1);
}
