import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : e.isFile() ? [e.name] : [],
  );
}

/**
 * The pretrained models/ folder as static files at `models/`: copied into the build (dist/models/)
 * and served by the dev server, so the worker fetches the same paths in both. Read at build time,
 * so a retrained set only needs a rebuild.
 */
function modelsAsStaticFiles(): Plugin {
  return {
    name: 'traffic-anomaly-lab:models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        const file = path.resolve(MODELS_DIR, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
        if (!file.startsWith(MODELS_DIR + path.sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const file of filesUnder(MODELS_DIR)) {
        this.emitFile({ type: 'asset', fileName: `models/${file}`, source: readFileSync(path.join(MODELS_DIR, file)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), modelsAsStaticFiles()],
  // The worker imports tfjs-backend-wasm's .wasm binaries with `?url`, so they are hashed assets of the build.
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
