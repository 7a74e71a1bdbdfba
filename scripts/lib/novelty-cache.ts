/**
 * Cached score files of the novelty study (scripts/novelty-select.ts), under a scratch folder kept
 * outside the repository: typed arrays stored as tagged JSON lists so a rerun reads a fold's scores
 * instead of training it again. A cache file is only ever an optimisation; deleting it retrains.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const TYPED = { Float32Array, Float64Array, Uint8Array, Int8Array, Int16Array, Int32Array } as const;
type TypedName = keyof typeof TYPED;

function encode(_key: string, value: unknown): unknown {
  for (const name of Object.keys(TYPED) as TypedName[]) if (value instanceof TYPED[name]) return { $typed: name, values: Array.from(value as ArrayLike<number>) };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  const v = value as { $typed?: TypedName; values?: number[] } | null;
  if (v && typeof v === 'object' && v.$typed && v.values) return TYPED[v.$typed].from(v.values);
  return value;
}

/** Reads `path` if it exists, else computes, writes and returns the value. */
export async function cached<T>(path: string, compute: () => Promise<T>): Promise<T> {
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'), decode) as T;
    } catch (e) {
      throw new Error(`${path}: cache file cannot be read (${(e as Error).message}); delete it to recompute`);
    }
  }
  const value = await compute();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, encode));
  return value;
}
