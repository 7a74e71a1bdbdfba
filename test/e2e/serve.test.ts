/** scripts/serve.ts, as the e2e tests and `npm start` use it: types, caching, and no escape from dist/. */
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, contentType, resolveRequestPath } from '../../scripts/serve';
import { repoRoot } from './global-setup';

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(rawPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A GET with an Accept-Encoding header, the body as bytes. */
function getEncoded(rawPath: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, method: 'GET', headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  it('sends text assets and WASM compressed (brotli, else gzip) to clients that accept it, and plain to others', async () => {
    const worker = readdirSync(path.join(repoRoot, 'dist/assets')).find((f) => f.startsWith('analysis.worker-') && f.endsWith('.js'))!;
    const original = readFileSync(path.join(repoRoot, 'dist/assets', worker));
    const br = await getEncoded(`/assets/${worker}`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    const gz = await getEncoded(`/assets/${worker}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const plain = await getEncoded(`/assets/${worker}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    // Model weights are floats: compressing them gains little, so they go as they are.
    expect(chooseEncoding('models/stage1/weights.bin', 'br')).toBeNull();
  });

  it('serves index.html for / with no-cache', async () => {
    const res = await rawGet('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<title>Traffic Anomaly Lab</title>');
  });

  it('serves hashed assets as immutable JavaScript', async () => {
    const worker = readdirSync(path.join(repoRoot, 'dist/assets')).find((f) => f.startsWith('analysis.worker-') && f.endsWith('.js'));
    expect(worker).toBeDefined();
    const res = await rawGet(`/assets/${worker}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('serves the models copied from models/ into the build, revalidated so a retrained set shows', async () => {
    const res = await rawGet('/models/manifest.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(readFileSync(path.join(repoRoot, 'models/manifest.json'), 'utf8'));
    const manifest = JSON.parse(res.body) as { files: Record<string, string> };
    for (const file of Object.values(manifest.files)) expect((await rawGet(`/models/${file}`)).status, file).toBe(200);
  });

  it('ships the non-threaded WASM binaries only, as application/wasm', async () => {
    const wasm = readdirSync(path.join(repoRoot, 'dist/assets')).filter((f) => f.endsWith('.wasm'));
    expect(wasm.map((f) => f.replace(/-[\w-]{8}\.wasm$/, '.wasm')).sort()).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']);
    const res = await rawGet(`/assets/${wasm[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/wasm');
  });

  it('keeps tfjs out of the page bundle (it loads in the worker only)', () => {
    const assets = readdirSync(path.join(repoRoot, 'dist/assets'));
    const page = assets.filter((f) => f.startsWith('index-') && f.endsWith('.js'));
    expect(page).toHaveLength(1);
    const code = readFileSync(path.join(repoRoot, 'dist/assets', page[0]), 'utf8');
    // Two strings only tfjs has: the wasm backend's file names, and tfjs-core's backend start-up message.
    for (const marker of ['tfjs-backend-wasm', 'Initialization of backend']) expect(code).not.toContain(marker);
    const worker = assets.find((f) => f.startsWith('analysis.worker-') && f.endsWith('.js'))!;
    const workerCode = readFileSync(path.join(repoRoot, 'dist/assets', worker), 'utf8');
    for (const marker of ['tfjs-backend-wasm', 'Initialization of backend']) expect(workerCode).toContain(marker);
  });

  it('serves SVG as image/svg+xml', async () => {
    const res = await rawGet('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
  });

  it('does not serve files outside dist/', async () => {
    for (const attempt of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/..%5cpackage.json']) {
      const res = await rawGet(attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.body, attempt).not.toContain('traffic-anomaly-lab');
    }
  });

  it('answers 404 for a missing file and 405 for a POST', async () => {
    expect((await rawGet('/no-such-file.js')).status).toBe(404);
    const { hostname, port } = new URL(inject('baseUrl'));
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: hostname, port, path: '/', method: 'POST' }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(status).toBe(405);
  });

  it('maps extensions to the MIME types browsers require', () => {
    expect(contentType('ort.wasm')).toBe('application/wasm');
    expect(contentType('model.json')).toBe('application/json; charset=utf-8');
    expect(contentType('app.webmanifest')).toBe('application/manifest+json; charset=utf-8');
    expect(contentType('group1-shard1of1.bin')).toBe('application/octet-stream');
  });

  it('resolves request paths inside the root only', () => {
    const root = path.resolve('/srv/app');
    expect(resolveRequestPath(root, '/assets/a.js')).toBe(path.join(root, 'assets/a.js'));
    expect(resolveRequestPath(root, '/../../etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(resolveRequestPath(root, '/%E0%A4%A')).toBeNull(); // malformed escape
    expect(resolveRequestPath(root, '/a%00b')).toBeNull();
  });
});
