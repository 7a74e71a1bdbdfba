/**
 * A minimal WebAssembly binary writer: one module with its own memory and a few exported functions,
 * which is all a generated compute kernel needs (no imports, tables, globals or data segments).
 * The layout follows the core spec's binary format: magic and version, then the type, function,
 * memory, export and code sections in that order, every count and size as unsigned LEB128.
 */

/** Value types as the binary format writes them. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

export interface WasmFunction {
  /** Exported under this name. */
  name: string;
  params: ValType[];
  results: ValType[];
  /** Locals after the parameters (their indices continue the parameters'). */
  locals: ValType[];
  /** Instructions, ending with `end` (see WasmCode.finish). */
  body: Uint8Array;
}

export interface WasmModuleSpec {
  /** The module's own memory, exported under `name`, of `pages` 64 KiB pages (fixed size). */
  memory: { name: string; pages: number };
  functions: WasmFunction[];
}

export function unsignedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32: ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function signedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`not an i32: ${value}`);
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7; // arithmetic: keeps the sign
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const vector = (items: number[][]) => [...unsignedLeb128(items.length), ...items.flat()];
const section = (id: number, content: number[]) => [id, ...unsignedLeb128(content.length), ...content];

/** Locals as the code section wants them: runs of equal types, each as (count, type). */
function localRuns(locals: ValType[]): number[][] {
  const runs: number[][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  return runs.map(([count, t]) => [...unsignedLeb128(count), t]);
}

export function buildModule(spec: WasmModuleSpec): Uint8Array<ArrayBuffer> {
  const fns = spec.functions;
  const types = fns.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const bodies = fns.map((f) => {
    const content = [...vector(localRuns(f.locals)), ...f.body];
    return [...unsignedLeb128(content.length), ...content];
  });
  const name = (s: string) => vector(utf8(s).map((b) => [b]));
  const exports = [
    [...name(spec.memory.name), 0x02, 0], // memory 0
    ...fns.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb128(i)]), // function i
  ];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, // \0asm
    0x01, 0x00, 0x00, 0x00, // version 1
    ...section(1, vector(types)),
    ...section(3, vector(fns.map((_, i) => unsignedLeb128(i)))), // function i has type i
    ...section(5, vector([[0x01, ...unsignedLeb128(spec.memory.pages), ...unsignedLeb128(spec.memory.pages)]])), // limits min = max
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ];
  return Uint8Array.from(bytes);
}
