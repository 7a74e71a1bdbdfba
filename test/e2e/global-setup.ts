/**
 * Serves the built app (dist/) on a free port for the e2e tests, which read the URL with
 * `inject('baseUrl')`. `npm test` builds before running vitest; a missing build fails here, once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../scripts/serve';
import { CHROMIUM_PATH } from '../../scripts/lib/browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // E2E_DIST: a build elsewhere (parallel work on one checkout builds into its own folder).
  const dist = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(repoRoot, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`The e2e tests need a build, and ${dist}/index.html is missing: run \`npx vite build\` first (\`npm test\` does).`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The e2e tests drive Debian's Chromium at ${CHROMIUM_PATH}, which is not installed (\`apt-get install chromium\`; .ci/run does it).`);
  }
  const server = await startServer(dist, 0);
  project.provide('baseUrl', server.url);
  return () => server.close();
}
