/**
 * The model library: fine-tuned model versions kept in IndexedDB (idb), one record per version
 * holding every file (topology, weights, preprocessor, forest, manifest with thresholds) plus its
 * name, provenance and metrics. A save is one transaction (version and, if asked, the active
 * pointer), so a quota error or crash leaves the library as it was. "pretrained" is the shipped set
 * under models/, which is never stored here.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { PRETRAINED } from '../lib/training/fine-tune-settings';
import { checkModelFiles, type ModelVersionFiles, type VersionInfo } from '../lib/models/model-export';

export { PRETRAINED };
export const LIBRARY_DB = 'traffic-anomaly-lab-models';

interface StoredVersion {
  id: string;
  info: VersionInfo;
  savedAt: string;
  files: Record<string, Uint8Array>;
}

interface LibrarySchema extends DBSchema {
  versions: { key: string; value: StoredVersion };
  meta: { key: string; value: string };
}

export interface VersionSummary {
  id: string;
  name: string;
  createdAt: string;
  savedAt: string;
  bytes: number;
  provenance: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface LibraryState {
  versions: VersionSummary[];
  /** Version id, or PRETRAINED. */
  active: string;
  /** Records that failed the start-up check (skipped, not deleted), with the reason. */
  corrupt: { id: string; reason: string }[];
}

export interface StorageEstimate {
  usage: number | null;
  quota: number | null;
  persisted: boolean;
}

export class ModelLibrary {
  private constructor(private readonly db: IDBPDatabase<LibrarySchema>) {}

  static async open(name = LIBRARY_DB): Promise<ModelLibrary> {
    const db = await openDB<LibrarySchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('versions', { keyPath: 'id' });
        d.createObjectStore('meta');
      },
    });
    return new ModelLibrary(db);
  }

  close(): void {
    this.db.close();
  }

  /** Reads and checks every record; a corrupt one is reported and skipped, and if it was active, pretrained becomes active. */
  async check(): Promise<LibraryState> {
    const versions: VersionSummary[] = [];
    const corrupt: LibraryState['corrupt'] = [];
    let ids: string[];
    try {
      ids = await this.db.getAllKeys('versions');
    } catch (e) {
      return { versions, active: PRETRAINED, corrupt: [{ id: '*', reason: `the library cannot be read: ${(e as Error).message}` }] };
    }
    for (const id of ids) {
      try {
        const record = await this.db.get('versions', id);
        if (!record) continue;
        await checkModelFiles(toMap(record));
        versions.push(summary(record));
      } catch (e) {
        corrupt.push({ id, reason: (e as Error).message });
      }
    }
    let active = (await this.db.get('meta', 'active')) ?? PRETRAINED;
    if (active !== PRETRAINED && !versions.some((v) => v.id === active)) {
      corrupt.push(...(corrupt.some((c) => c.id === active) ? [] : [{ id: active, reason: 'the active version is missing' }]));
      active = PRETRAINED;
    }
    versions.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    return { versions, active, corrupt };
  }

  async list(): Promise<VersionSummary[]> {
    return (await this.check()).versions;
  }

  async activeId(): Promise<string> {
    return (await this.check()).active;
  }

  /** Saves a version (one transaction); with `activate` the active pointer moves in the same transaction. Returns the id. */
  async save(v: ModelVersionFiles, options: { activate?: boolean } = {}): Promise<string> {
    await checkModelFiles(v.files);
    const id = `v-${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
    const record: StoredVersion = { id, info: v.info, savedAt: new Date().toISOString(), files: Object.fromEntries(v.files) };
    const tx = this.db.transaction(['versions', 'meta'], 'readwrite');
    try {
      await Promise.all([
        tx.objectStore('versions').add(record),
        options.activate ? tx.objectStore('meta').put(id, 'active') : Promise.resolve(),
        tx.done,
      ]);
    } catch (e) {
      throw storageError(e, `Saving "${v.info.name}"`);
    }
    return id;
  }

  /** The files of a version, checked again (a record can be damaged after start-up). */
  async load(id: string): Promise<ModelVersionFiles> {
    const record = await this.db.get('versions', id);
    if (!record) throw new Error(`Model version ${id} is not in the library.`);
    const checked = await checkModelFiles(toMap(record));
    return { info: record.info, ...checked };
  }

  async activate(id: string): Promise<void> {
    if (id !== PRETRAINED && !(await this.db.getKey('versions', id))) throw new Error(`Model version ${id} is not in the library.`);
    await this.db.put('meta', id, 'active');
  }

  resetToPretrained(): Promise<void> {
    return this.activate(PRETRAINED);
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A version needs a name.');
    const tx = this.db.transaction('versions', 'readwrite');
    const record = await tx.store.get(id);
    if (!record) throw new Error(`Model version ${id} is not in the library.`);
    record.info = { ...record.info, name: trimmed };
    await Promise.all([tx.store.put(record), tx.done]);
  }

  /** Deletes a version; deleting the active one makes pretrained active, in the same transaction. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['versions', 'meta'], 'readwrite');
    const active = await tx.objectStore('meta').get('active');
    await Promise.all([
      tx.objectStore('versions').delete(id),
      active === id ? tx.objectStore('meta').put(PRETRAINED, 'active') : Promise.resolve(),
      tx.done,
    ]);
  }
}

/** Asks the browser to keep this origin's storage (no prompt in Chromium; it decides by engagement). */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export async function storageEstimate(): Promise<StorageEstimate> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const [estimate, persisted] = await Promise.all([s?.estimate?.().catch(() => undefined), s?.persisted?.().catch(() => false)]);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? false };
}

function toMap(record: StoredVersion): Map<string, Uint8Array> {
  if (!record.files || typeof record.files !== 'object') throw new Error('the record has no files');
  const files = new Map<string, Uint8Array>();
  for (const [path, data] of Object.entries(record.files)) {
    if (!(data instanceof Uint8Array)) throw new Error(`${path} is not stored as bytes`);
    files.set(path, data);
  }
  return files;
}

function summary(r: StoredVersion): VersionSummary {
  return {
    id: r.id,
    name: r.info.name,
    createdAt: r.info.createdAt,
    savedAt: r.savedAt,
    bytes: Object.values(r.files).reduce((a, f) => a + f.byteLength, 0),
    provenance: r.info.provenance,
    metrics: r.info.metrics,
  };
}

function storageError(e: unknown, what: string): Error {
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return new Error(`${what} failed: the browser's storage quota for this site is full. The library is unchanged; delete a version or free space and try again.`);
  }
  return new Error(`${what} failed: ${(e as Error)?.message ?? String(e)}. The library is unchanged.`);
}
