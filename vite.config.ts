import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { CONTENT_SECURITY_POLICY } from './scripts/lib/csp.ts';

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

/** The CSP (scripts/lib/csp.ts) as a meta tag in index.html, so it holds on any static host. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'traffic-anomaly-lab:csp',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline use: a service worker precaches the app shell, the worker, its WASM binaries and models/.
 * 'prompt': a new version waits until the user chooses to reload (src/ui/offline.svelte.ts), so an
 * analysis is never swapped out from under itself. test/e2e/offline.test.ts checks the precache list.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  // src/ui/offline.svelte.ts imports virtual:pwa-register itself (no inline script: the CSP forbids it).
  injectRegister: false,
  includeAssets: ['favicon.svg'],
  manifest: {
    name: 'Traffic Anomaly Lab',
    short_name: 'Anomaly Lab',
    description: 'Network-traffic anomaly detection that runs entirely in your browser: no data leaves the machine.',
    theme_color: '#0b62c4',
    background_color: '#ffffff',
    display: 'standalone',
    // Relative to the manifest, so the app installs from whatever folder it is served from.
    start_url: './',
    scope: './',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // Everything the app fetches, models/ whole (only what the worker loads: reports live in reports/); not the source maps.
    globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}', 'models/**/*'],
    globIgnores: ['**/*.map'],
    // The worker bundle (tfjs) is ~2.4 MB, over Workbox's 2 MiB default, which would drop it silently.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  plugins: [svelte(), modelsAsStaticFiles(), contentSecurityPolicyMeta(), pwa],
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
