/**
 * Triage of incidents (acknowledged, marked benign), kept in IndexedDB (idb) per analysed file, so a
 * file analysed again shows what was already looked at. One record per file: the file's key (name and
 * size: the page has nothing more stable) and each incident's state by incident id (incident.ts keeps
 * ids stable across thresholds).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const TRIAGE_DB = 'traffic-anomaly-lab-triage';

export type TriageState = 'acknowledged' | 'benign';

interface TriageSchema extends DBSchema {
  files: { key: string; value: { file: string; incidents: Record<string, TriageState>; updatedAt: string } };
}

let db: Promise<IDBPDatabase<TriageSchema>> | null = null;
function open(): Promise<IDBPDatabase<TriageSchema>> {
  return (db ??= openDB<TriageSchema>(TRIAGE_DB, 1, {
    upgrade(d) {
      d.createObjectStore('files', { keyPath: 'file' });
    },
  }));
}

export function triageKey(file: { name: string; size: number }): string {
  return `${file.name}|${file.size}`;
}

export async function loadTriage(fileKey: string): Promise<Record<string, TriageState>> {
  return (await (await open()).get('files', fileKey))?.incidents ?? {};
}

/** Sets (or, with null, clears) one incident's state; one transaction, so two quick clicks both land. */
export async function setTriage(fileKey: string, incidentId: string, state: TriageState | null): Promise<Record<string, TriageState>> {
  const tx = (await open()).transaction('files', 'readwrite');
  const incidents = { ...((await tx.store.get(fileKey))?.incidents ?? {}) };
  if (state === null) delete incidents[incidentId];
  else incidents[incidentId] = state;
  await tx.store.put({ file: fileKey, incidents, updatedAt: new Date().toISOString() });
  await tx.done;
  return incidents;
}
