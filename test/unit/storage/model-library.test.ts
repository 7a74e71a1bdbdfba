/**
 * The model library on fake-indexeddb, and the one-file export: versions saved, listed, activated,
 * renamed and deleted; the active version survives reopening; a damaged record is reported and
 * skipped at start-up; a failed save leaves the library unchanged; bad export files are rejected
 * with the reason.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteDB, openDB } from 'idb';
import { MODELS_DIR } from '../../../scripts/lib/read-file';
import { checkModelFiles, exportModelVersion, importModelVersion, type ModelVersionFiles } from '../../../src/lib/models/model-export';
import { ModelLibrary, PRETRAINED } from '../../../src/storage/model-library';
import { sha256Hex } from '../../../src/lib/util/sha256';

let version: ModelVersionFiles;

beforeAll(async () => {
  const manifestBytes = new Uint8Array(await readFile(join(MODELS_DIR, 'manifest.json')));
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  const files = new Map<string, Uint8Array>([['manifest.json', manifestBytes]]);
  for (const path of Object.keys(manifest.sha256)) files.set(path, new Uint8Array(await readFile(join(MODELS_DIR, path))));
  version = {
    info: { name: 'tuned on test.txt', createdAt: '2026-01-01T00:00:00Z', provenance: { baseVersion: PRETRAINED, file: 'test.txt', rows: 100 }, metrics: { after: { accuracy: 0.9 } } },
    ...(await checkModelFiles(files)),
  };
});

let dbCount = 0;
const freshName = () => `test-library-${++dbCount}`;

afterEach(() => vi.restoreAllMocks());

describe('ModelLibrary', () => {
  it('saves, lists, activates, renames and deletes versions; the active one persists across reopening', async () => {
    const name = freshName();
    const lib = await ModelLibrary.open(name);
    expect(await lib.check()).toEqual({ versions: [], active: PRETRAINED, corrupt: [] });
    const a = await lib.save(version);
    const b = await lib.save({ ...version, info: { ...version.info, name: 'second' } }, { activate: true });
    let state = await lib.check();
    expect(state.versions.map((v) => v.name)).toEqual(['tuned on test.txt', 'second']);
    expect(state.active).toBe(b);
    expect(state.versions[0].provenance).toEqual(version.info.provenance);
    await lib.rename(a, '  renamed ');
    await lib.activate(a);
    lib.close();

    const again = await ModelLibrary.open(name);
    state = await again.check();
    expect(state.active).toBe(a);
    expect(state.versions.find((v) => v.id === a)!.name).toBe('renamed');
    const loaded = await again.load(a);
    expect([...loaded.files.keys()].sort()).toEqual([...version.files.keys()].sort());
    for (const [path, bytes] of version.files) expect(loaded.files.get(path)).toEqual(bytes);

    await again.delete(a);
    state = await again.check();
    expect(state.active).toBe(PRETRAINED);
    expect(state.versions.map((v) => v.id)).toEqual([b]);
    await again.activate(b);
    await again.resetToPretrained();
    expect(await again.activeId()).toBe(PRETRAINED);
    await expect(again.activate('nope')).rejects.toThrow(/not in the library/);
    await expect(again.rename(b, '   ')).rejects.toThrow(/needs a name/);
    again.close();
    await deleteDB(name);
  });

  it('reports and skips a corrupt record at start-up, falling back to pretrained when it was active', async () => {
    const name = freshName();
    const lib = await ModelLibrary.open(name);
    const good = await lib.save(version);
    const bad = await lib.save({ ...version, info: { ...version.info, name: 'bad' } }, { activate: true });
    lib.close();
    const raw = await openDB(name, 1);
    const record = await raw.get('versions', bad);
    record.files['stage1/weights.bin'] = record.files['stage1/weights.bin'].slice(0, 100);
    await raw.put('versions', record);
    raw.close();

    const reopened = await ModelLibrary.open(name);
    const state = await reopened.check();
    expect(state.versions.map((v) => v.id)).toEqual([good]);
    expect(state.active).toBe(PRETRAINED);
    expect(state.corrupt).toHaveLength(1);
    expect(state.corrupt[0].id).toBe(bad);
    expect(state.corrupt[0].reason).toMatch(/stage1\/weights\.bin/);
    await expect(reopened.load(bad)).rejects.toThrow(/stage1\/weights\.bin/);
    reopened.close();
    await deleteDB(name);
  });

  it('a quota error leaves the library unchanged and says so', async () => {
    const name = freshName();
    const lib = await ModelLibrary.open(name);
    const kept = await lib.save(version, { activate: true });
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(lib.save({ ...version, info: { ...version.info, name: 'too big' } }, { activate: true })).rejects.toThrow(/quota.*unchanged/);
    vi.restoreAllMocks();
    const state = await lib.check();
    expect(state.versions.map((v) => v.id)).toEqual([kept]);
    expect(state.active).toBe(kept);
    lib.close();
    await deleteDB(name);
  });
});

describe('model export file', () => {
  it('round-trips a version byte for byte', async () => {
    const back = await importModelVersion(await exportModelVersion(version));
    expect(back.info).toEqual(version.info);
    expect(back.manifest).toEqual(version.manifest);
    for (const [path, bytes] of version.files) expect(back.files.get(path)).toEqual(bytes);
  });

  it('rejects a truncated file', async () => {
    const file = await exportModelVersion(version);
    await expect(importModelVersion(file.slice(0, Math.floor(file.length * 0.6)))).rejects.toThrow(/not a complete model export/);
  });

  it('rejects a damaged weights file by its checksum', async () => {
    const json = JSON.parse(new TextDecoder().decode(await exportModelVersion(version)));
    const b64: string = json.files['stage2/weights.bin'].base64;
    const swapped = b64[10] === 'A' ? 'B' : 'A';
    json.files['stage2/weights.bin'].base64 = b64.slice(0, 10) + swapped + b64.slice(11);
    await expect(importModelVersion(new TextEncoder().encode(JSON.stringify(json)))).rejects.toThrow(/stage2\/weights\.bin: sha256/);
  });

  it('rejects weights that do not fit the tensor shapes, even with consistent checksums', async () => {
    const files = new Map(version.files);
    const short = files.get('hybrid/weights.bin')!.slice(0, 64);
    files.set('hybrid/weights.bin', short);
    const manifest = { ...version.manifest, sha256: { ...version.manifest.sha256, 'hybrid/weights.bin': await sha256Hex(short) } };
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    const file = await exportModelVersion({ info: version.info, manifest, files });
    await expect(importModelVersion(file)).rejects.toThrow(/hybrid\/weights\.bin: 64 bytes, its tensor shapes need/);
  });

  it('rejects another format version and another schema', async () => {
    const json = JSON.parse(new TextDecoder().decode(await exportModelVersion(version)));
    await expect(importModelVersion(new TextEncoder().encode(JSON.stringify({ ...json, formatVersion: 99 })))).rejects.toThrow(/format version 99/);
    await expect(importModelVersion(new TextEncoder().encode(JSON.stringify({ ...json, schemaHash: 'abc' })))).rejects.toThrow(/schema abc/);
    await expect(importModelVersion(new TextEncoder().encode('{"hello":1}'))).rejects.toThrow(/not a Traffic Anomaly Lab model export/);
  });
});
