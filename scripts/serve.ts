/**
 * A tiny static file server for the built app (dist/), bound to 127.0.0.1 only.
 * CLI: `tsx scripts/serve.ts [port]` (or PORT=…); default port 4173, 0 picks a free one.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './lib/csp';

export const DEFAULT_PORT = 4173;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/** Text assets (and WASM, which compresses to about a third) are sent compressed to clients that accept it. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.svg', '.wasm', '.txt', '.csv']);

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The encoding to send `filePath` in for a request's Accept-Encoding: br, gzip, or none. */
export function chooseEncoding(filePath: string, acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!COMPRESSIBLE.has(path.extname(filePath).toLowerCase()) || !acceptEncoding) return null;
  const accepted = new Set(acceptEncoding.split(',').map((e) => e.split(';')[0].trim().toLowerCase()));
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}

/** Compressed copies, made once per file version (a build's files do not change while it is served). */
const compressedCache = new Map<string, Promise<Buffer>>();

function compressed(filePath: string, mtimeMs: number, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const key = `${encoding}:${mtimeMs}:${filePath}`;
  let body = compressedCache.get(key);
  if (!body) {
    body = readFile(filePath).then((bytes) =>
      // Brotli quality 5: most of the gain of 11 at a small part of its time (the worker bundle is 2.4 MB).
      encoding === 'br' ? brotli(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipAsync(bytes, { level: 6 }),
    );
    body.catch(() => compressedCache.delete(key));
    compressedCache.set(key, body);
  }
  return body;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function contentType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request path to a file under `root`, or null when it would escape it (`..`, encoded
 * slashes, NUL) or cannot be decoded.
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const resolved = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

export function startServer(dir: string, port = DEFAULT_PORT): Promise<RunningServer> {
  const root = path.resolve(dir);
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    let filePath = resolveRequestPath(root, urlPath);
    if (filePath === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request path\n');
      return;
    }
    try {
      let info = await stat(filePath);
      if (info.isDirectory()) {
        filePath = path.join(filePath, 'index.html');
        info = await stat(filePath);
      }
      if (!info.isFile()) throw new Error('not a file');
      // Vite's hashed assets never change; everything else (index.html and sw.js above all) is revalidated so a new build shows.
      const hashedAsset = urlPath.startsWith('/assets/') && path.extname(filePath) !== '.html';
      const encoding = chooseEncoding(filePath, req.headers['accept-encoding']);
      const body = encoding ? await compressed(filePath, info.mtimeMs, encoding) : null;
      res.writeHead(200, {
        'Content-Type': contentType(filePath),
        'Content-Length': body ? body.length : info.size,
        ...(encoding && { 'Content-Encoding': encoding }),
        Vary: 'Accept-Encoding',
        'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        // On every response: workers and the service worker take their policy from their own script's headers.
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      });
      if (req.method === 'HEAD') res.end();
      else if (body) res.end(body);
      else createReadStream(filePath).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actualPort = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${actualPort}/`,
        port: actualPort,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port number: ${text}`);
  return port;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dist = path.join(repoRoot, 'dist');
  try {
    await stat(path.join(dist, 'index.html'));
  } catch {
    console.error(`No build found at ${dist}: run \`npm run build\` (or \`npm start\`, which builds first).`);
    process.exit(1);
  }
  const server = await startServer(dist, parsePort(process.argv[2] ?? process.env.PORT));
  console.log(`Traffic Anomaly Lab: ${server.url}`);
}
