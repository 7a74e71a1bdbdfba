/**
 * src/lib type-checks without Node's or the page's globals (tsconfig.lib.json, run by `npm run check`):
 * a probe module is checked under that config, in memory, beside the real src/lib files.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PROBE = path.join(ROOT, 'src/lib/util/__globals-probe__.ts');

function probeErrors(lines: string[]): string[] {
  const configPath = path.join(ROOT, 'tsconfig.lib.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.lib.json could not be read');
  const text = lines.map((l, i) => `export const probe${i} = ${l};`).join('\n');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (path.resolve(name) === PROBE ? ts.createSourceFile(name, text, version) : getSourceFile(name, version));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === PROBE || fileExists(name);
  const program = ts.createProgram({ rootNames: [...config.fileNames, PROBE], options: config.options, host });
  return program.getSemanticDiagnostics(program.getSourceFile(PROBE)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('tsconfig.lib.json: src/lib sees only what every platform has', () => {
  it('refuses Node globals and page or worker globals', () => {
    const forbidden = ['process.env.HOME', "Buffer.from('x')", '__dirname', 'window', 'document', 'self', 'postMessage'];
    const errors = probeErrors(forbidden);
    for (const name of ['process', 'Buffer', '__dirname', 'window', 'document', 'self', 'postMessage']) {
      expect(errors.some((e) => e.includes(`'${name}'`)), name).toBe(true);
    }
  }, 60_000);

  it('allows the globals shared by the page, the workers and Node', () => {
    const shared = ['new TextEncoder().encode("x")', 'new TextDecoder().decode(new Uint8Array(1))', 'new Blob(["x"]).size', 'performance.now()', "new DOMException('x', 'AbortError')", 'new AbortController().signal.aborted', "btoa('x')"];
    expect(probeErrors(shared)).toEqual([]);
  }, 60_000);
});
