/**
 * No import cycles (type imports included) in the library folders whose layout was straightened out:
 * a cycle means two modules that are really one concept, or a face imported by its own parts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './module-imports';

const LIB = path.resolve(import.meta.dirname, '../../../src/lib');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec).replace(/\.ts$/, '');
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Every cycle's modules (strongly connected components of more than one module, or a self-import). */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(readFileSync(f, 'utf8')).filter((s) => s.startsWith('.')).map((s) => resolveImport(f, s)).filter((t): t is string => t !== null)]));
}

function cycles(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop()!));
      while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.map((f) => path.relative(LIB, f)).sort());
    }
  };
  for (const f of edges.keys()) if (!index.has(f)) visit(f);
  return found;
}

describe('import cycles', () => {
  it('finds a cycle where there is one (the check can fail)', () => {
    const at = (name: string) => path.join(LIB, name);
    const graph = new Map([[at('a.ts'), [at('b.ts')]], [at('b.ts'), [at('c.ts')]], [at('c.ts'), [at('a.ts')]], [at('d.ts'), [at('a.ts')]]]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(resolveImport(at('models/isolation-forest.ts'), './forest/forest-model')).toBe(at('models/forest/forest-model.ts'));
  });

  for (const folder of ['models', 'ingest', 'util', 'scoring', 'metrics']) {
    it(`none in src/lib/${folder}/`, () => {
      expect(cycles(importGraph(tsFiles(path.join(LIB, folder))))).toEqual([]);
    });
  }
});
