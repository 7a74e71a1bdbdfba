/**
 * One model version as one file: JSON with every model file base64-encoded next to its sha256 and
 * size. JSON rather than a binary container because a truncated file then fails to parse at all,
 * and the whole thing stays inspectable. Import checks, in order: JSON, format and version, schema
 * hash, each file's size and checksum, the manifest and its own checksums, and each model's
 * weights against its weight specs (tensor shapes), so a bad file is rejected with the reason.
 */
import { validateManifest, type ModelManifest } from './model-bundle';
import { SCHEMA_HASH } from '../schema/schema';
import { sha256Hex } from '../util/sha256';

export const EXPORT_FORMAT = 'traffic-anomaly-lab/model-version';
export const EXPORT_VERSION = 1;

/** What a saved version carries besides its files. */
export interface VersionInfo {
  name: string;
  createdAt: string;
  /** Base version, file name, rows, date, settings. */
  provenance: Record<string, unknown>;
  /** Before/after metrics of the fine-tuning that made it. */
  metrics: Record<string, unknown>;
}

export interface ModelVersionFiles {
  info: VersionInfo;
  manifest: ModelManifest;
  /** Path (as under models/) → contents, manifest.json included. */
  files: Map<string, Uint8Array>;
}

interface ExportJSON {
  format: string;
  formatVersion: number;
  schemaHash: string;
  exportedAt: string;
  info: VersionInfo;
  files: Record<string, { bytes: number; sha256: string; base64: string }>;
}

export async function exportModelVersion(v: ModelVersionFiles): Promise<Uint8Array> {
  const files: ExportJSON['files'] = {};
  for (const [path, bytes] of v.files) files[path] = { bytes: bytes.byteLength, sha256: await sha256Hex(bytes), base64: toBase64(bytes) };
  const out: ExportJSON = { format: EXPORT_FORMAT, formatVersion: EXPORT_VERSION, schemaHash: SCHEMA_HASH, exportedAt: new Date().toISOString(), info: v.info, files };
  return new TextEncoder().encode(JSON.stringify(out));
}

/** Parses and validates an exported version; throws an Error whose message says what is wrong. */
export async function importModelVersion(bytes: Uint8Array | ArrayBuffer): Promise<ModelVersionFiles> {
  let parsed: ExportJSON;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('This file is not a complete model export: it does not parse as JSON (truncated or not an export).');
  }
  if (!parsed || typeof parsed !== 'object' || parsed.format !== EXPORT_FORMAT) throw new Error('This file is not a Traffic Anomaly Lab model export.');
  if (parsed.formatVersion !== EXPORT_VERSION) throw new Error(`Model export format version ${parsed.formatVersion} is not supported (expected ${EXPORT_VERSION}).`);
  if (parsed.schemaHash !== SCHEMA_HASH) throw new Error(`This export was made for schema ${parsed.schemaHash}, but this app's schema is ${SCHEMA_HASH}.`);
  if (!parsed.info || typeof parsed.info.name !== 'string') throw new Error('The export has no version name.');
  const files = new Map<string, Uint8Array>();
  for (const [path, f] of Object.entries(parsed.files ?? {})) {
    let data: Uint8Array;
    try {
      data = fromBase64(f.base64);
    } catch {
      throw new Error(`${path}: not valid base64.`);
    }
    if (data.byteLength !== f.bytes) throw new Error(`${path}: ${data.byteLength} bytes, the export says ${f.bytes}.`);
    if ((await sha256Hex(data)) !== f.sha256) throw new Error(`${path}: sha256 checksum does not match (the file is damaged).`);
    files.set(path, data);
  }
  return { info: parsed.info, ...(await checkModelFiles(files)) };
}

/** Checks a set of model files (manifest, checksums, weight sizes) without building any tensor. */
export async function checkModelFiles(files: Map<string, Uint8Array>): Promise<{ manifest: ModelManifest; files: Map<string, Uint8Array> }> {
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) throw new Error('manifest.json is missing.');
  let manifest: ModelManifest;
  try {
    manifest = validateManifest(JSON.parse(new TextDecoder().decode(manifestBytes)));
  } catch (e) {
    throw new Error(`manifest.json: ${(e as Error).message}`);
  }
  for (const path of Object.values(manifest.files)) if (!files.has(path)) throw new Error(`${path} is missing.`);
  for (const [path, hash] of Object.entries(manifest.sha256)) {
    const data = files.get(path);
    if (!data) throw new Error(`${path} is missing.`);
    if ((await sha256Hex(data)) !== hash) throw new Error(`${path}: sha256 does not match the manifest.`);
  }
  for (const path of [manifest.files.stage1, manifest.files.stage2, manifest.files.hybrid]) {
    const model = JSON.parse(new TextDecoder().decode(files.get(path)!)) as { weightsManifest?: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] };
    const group = model.weightsManifest?.[0];
    if (!group) throw new Error(`${path}: no weights manifest.`);
    const weightsPath = path.slice(0, path.lastIndexOf('/') + 1) + group.paths[0];
    const weights = files.get(weightsPath);
    if (!weights) throw new Error(`${weightsPath} is missing.`);
    let expected = 0;
    for (const w of group.weights) {
      if (!Array.isArray(w.shape) || w.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${path}: tensor ${w.name} has an invalid shape.`);
      expected += w.shape.reduce((a, b) => a * b, 1) * (w.dtype === 'bool' ? 1 : 4);
    }
    if (weights.byteLength !== expected) throw new Error(`${weightsPath}: ${weights.byteLength} bytes, its tensor shapes need ${expected}.`);
  }
  return { manifest, files };
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  // Chunks keep String.fromCharCode's argument count small.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
