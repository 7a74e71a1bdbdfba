import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { CONTENT_SECURITY_POLICY } from './scripts/lib/csp.ts';
import { tsImport } from 'tsx/esm/api';

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

/**
 * The demo of "Try the demo" (scripts/lib/demo-files.ts) at `demo/`: generated at build time into
 * dist/demo/ (well under a second), and on first request by the dev server. Generated, not
 * committed, so it always matches the extraction it was made with.
 */
function demoAsStaticFiles(): Plugin {
  let made: Promise<Record<string, Uint8Array | string>> | undefined;
  // Loaded through tsx, not imported: the config's own loader would walk all of src/lib/ingest.
  const make = async (): Promise<Record<string, Uint8Array | string>> => {
    const m: typeof import('./scripts/lib/demo-files.ts') = await tsImport('./scripts/lib/demo-files.ts', import.meta.url);
    const demo = await m.demoFiles();
    return { [m.DEMO_CAPTURE_NAME]: demo.capture, [m.DEMO_RECORDS_NAME]: demo.recordsCsv };
  };
  const files = () => (made ??= make());
  return {
    name: 'traffic-anomaly-lab:demo',
    configureServer(server) {
      server.middlewares.use('/demo', (req, res, next) => {
        const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
        files().then((all) => {
          const body = all[name];
          if (body === undefined) return next();
          res.setHeader('Content-Type', name.endsWith('.csv') ? 'text/csv' : 'application/vnd.tcpdump.pcap');
          res.setHeader('Cache-Control', 'no-cache');
          res.end(body);
        }, next);
      });
    },
    async generateBundle() {
      for (const [name, source] of Object.entries(await files())) this.emitFile({ type: 'asset', fileName: `demo/${name}`, source });
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
 * Offline use: a service worker precaches the app shell, the worker, its WASM binaries, models/ and the demo.
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
    // Everything the app fetches, models/ whole (only what the worker loads: reports live in reports/), the demo; not the source maps.
    globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}', 'models/**/*', 'demo/*'],
    globIgnores: ['**/*.map'],
    // The worker bundle (tfjs) is ~2.4 MB, over Workbox's 2 MiB default, which would drop it silently.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  plugins: [svelte(), modelsAsStaticFiles(), demoAsStaticFiles(), contentSecurityPolicyMeta(), pwa],
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
