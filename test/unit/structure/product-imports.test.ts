/**
 * Product code (src/, workers/, scripts/, vite.config.ts) stands alone: it never imports test/.
 * The tests may import product code, never the reverse.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './module-imports';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TEST_DIR = path.join(ROOT, 'test');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mjs|js|svelte)$/.test(name) ? [full] : [];
  });
}

/** Imports of `file` that resolve into test/. */
function testImports(file: string): string[] {
  return importsOf(readFileSync(file, 'utf8'))
    .filter((spec) => spec.startsWith('.'))
    .filter((spec) => path.resolve(path.dirname(file), spec).startsWith(TEST_DIR + path.sep));
}

describe('product code imports no test code', () => {
  const files = [...['src', 'workers', 'scripts'].flatMap((d) => sourceFiles(path.join(ROOT, d))), path.join(ROOT, 'vite.config.ts')];

  it('reads the product files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('finds an import of test/ where there is one (the check can fail)', () => {
    const file = path.join(ROOT, 'scripts', 'example.ts');
    const spec = "import { x } from '../test/fixtures/kernel-comparison';\nconst y = await import('../test/e2e/global-setup');\n";
    const found = importsOf(spec).filter((s) => path.resolve(path.dirname(file), s).startsWith(TEST_DIR + path.sep));
    expect(found).toEqual(['../test/fixtures/kernel-comparison', '../test/e2e/global-setup']);
  });

  it('no src/, workers/, scripts/ or vite.config.ts file imports test/', () => {
    const offenders = files.flatMap((f) => testImports(f).map((spec) => `${path.relative(ROOT, f)}: ${spec}`));
    expect(offenders).toEqual([]);
  });
});
