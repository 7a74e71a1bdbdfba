/**
 * Bundles the command-line scripts (scripts/NAME.ts) into dist-cli/NAME.mjs so `npm run NAME` runs
 * plain JavaScript instead of compiling TypeScript at every start (tsx: ~0.5 s before the first line).
 * TensorFlow.js is bundled from its ES modules, tree-shaken: Node would otherwise load the CommonJS
 * builds of every tfjs package (core, layers, converter, data, cpu, webgl…, ~0.45 s to parse and run);
 * the rest of node_modules stays external. Next to each bundle, NAME.inputs.json lists the project
 * files it was made from and when, so scripts/cli.mjs can rebuild a stale bundle.
 *   node scripts/build-cli.mjs [NAME…]   (all of CLI_NAMES without arguments)
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'dist-cli');
export const CLI_NAMES = ['predict', 'extract', 'evaluate', 'learn', 'learn-select', 'select', 'train', 'corpus'];
/** Not in a bundle's inputs list but a reason to rebuild it: the build itself and installed packages. */
export const BUILD_INPUTS = ['scripts/build-cli.mjs', 'package.json', 'node_modules/.package-lock.json'];

export const bundlePath = (name) => join(OUT_DIR, `${name}.mjs`);
export const inputsPath = (name) => join(OUT_DIR, `${name}.inputs.json`);

// The bundle is ESM; the emscripten glue of tfjs-backend-wasm (and CommonJS code in general) expects these.
const BANNER = [
  "import { createRequire as __cliRequire } from 'node:module';",
  "import { fileURLToPath as __cliPath } from 'node:url';",
  "import { dirname as __cliDir } from 'node:path';",
  'const require = __cliRequire(import.meta.url);',
  'const __filename = __cliPath(import.meta.url);',
  'const __dirname = __cliDir(__filename);',
].join(' ');

/** Bare imports stay external except @tensorflow/* (bundled together: one tfjs-core, one backend registry) and seedrandom. */
const externalPackages = {
  name: 'external-except-tfjs',
  setup(build) {
    // seedrandom too: tfjs calls seedrandom.alea, a property Node's ESM view of that CommonJS package lacks.
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@tensorflow/') || args.path === 'seedrandom' || args.path.startsWith('seedrandom/') ? undefined : { path: args.path, external: true }));
  },
};

export async function buildCli(name) {
  if (!CLI_NAMES.includes(name)) throw new Error(`unknown command ${name} (one of ${CLI_NAMES.join(', ')})`);
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [`scripts/${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ES modules first, so tfjs is tree-shaken instead of its whole CommonJS build.
    mainFields: ['module', 'main'],
    plugins: [externalPackages],
    banner: { js: BANNER },
    // A .map beside the bundle (node --enable-source-maps reads it); inline it would be parsed at every start.
    sourcemap: true,
    // Less to parse at every start (~25 ms on 2.8 MB); stack traces map back through the .map.
    minify: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    outfile: bundlePath(name),
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  mkdirSync(OUT_DIR, { recursive: true });
  // Written under a temporary name and renamed: two first runs at once each leave a whole bundle.
  const tmp = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    writeFileSync(file.path + tmp, file.contents);
    renameSync(file.path + tmp, file.path);
  }
  writeFileSync(inputsPath(name) + tmp, JSON.stringify({ builtAt, inputs: [...BUILD_INPUTS, ...inputs] }));
  renameSync(inputsPath(name) + tmp, inputsPath(name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : CLI_NAMES;
  for (const name of names) await buildCli(name);
}
