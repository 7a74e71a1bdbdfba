/** The module specifiers a source file imports or re-exports (static and dynamic), read as text. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;
  for (const m of source.matchAll(pattern)) specs.push(m[2]);
  return specs;
}
