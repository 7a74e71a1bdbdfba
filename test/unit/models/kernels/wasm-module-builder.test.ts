/**
 * The binary writer: LEB128 against the spec's worked values, and whole modules that the engine
 * must validate, instantiate and run (a scalar function, the exported memory, several functions).
 */
import { describe, expect, it } from 'vitest';
import { buildModule, signedLeb128, unsignedLeb128, ValType } from '../../../../src/lib/models/kernels/wasm/wasm-module-builder';
import { WasmCode } from '../../../../src/lib/models/kernels/wasm/wasm-code';

describe('LEB128', () => {
  it('unsigned', () => {
    expect(unsignedLeb128(0)).toEqual([0]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(unsignedLeb128(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => unsignedLeb128(-1)).toThrow();
    expect(() => unsignedLeb128(1.5)).toThrow();
  });

  it('signed', () => {
    expect(signedLeb128(0)).toEqual([0]);
    expect(signedLeb128(63)).toEqual([0x3f]);
    expect(signedLeb128(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-1)).toEqual([0x7f]);
    expect(signedLeb128(-64)).toEqual([0x40]);
    expect(signedLeb128(-65)).toEqual([0xbf, 0x7f]);
    expect(signedLeb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(signedLeb128(0x7fffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(signedLeb128(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });
});

function instantiate(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Exports {
  expect(WebAssembly.validate(bytes)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
}

describe('buildModule', () => {
  it('writes a function that runs: (a, b) => a·b + 1000', () => {
    const body = new WasmCode().localGet(0).localGet(1).i32Mul().i32Const(1000).i32Add().finish();
    const e = instantiate(buildModule({ memory: { name: 'memory', pages: 1 }, functions: [{ name: 'f', params: [ValType.i32, ValType.i32], results: [ValType.i32], locals: [], body }] }));
    expect((e.f as (a: number, b: number) => number)(6, 7)).toBe(1042);
    expect((e.f as (a: number, b: number) => number)(-3, 5)).toBe(985);
  });

  it('exports its memory with the pages asked for, and functions see the same bytes', () => {
    // store(i) writes f32 0.5 at byte 4·i through an i32 and an f32 local (the code section groups locals by type).
    const body = new WasmCode().localGet(0).i32Const(4).i32Mul().localSet(2).f32Const(0.5).localSet(3).localGet(2).localGet(3).f32Store();
    const e = instantiate(
      buildModule({
        memory: { name: 'heap', pages: 3 },
        functions: [
          { name: 'noop', params: [], results: [], locals: [], body: new WasmCode().finish() },
          { name: 'store', params: [ValType.i32], results: [], locals: [ValType.i32, ValType.i32, ValType.f32], body: body.finish() },
        ],
      }),
    );
    const memory = e.heap as WebAssembly.Memory;
    expect(memory.buffer.byteLength).toBe(3 * 65536);
    (e.store as (i: number) => void)(5);
    expect(new Float32Array(memory.buffer)[5]).toBe(0.5);
    expect(typeof e.noop).toBe('function');
  });

  it('a module the engine rejects does not validate (type error in the body)', () => {
    const body = new WasmCode().f32Const(1).i32Const(1).i32Add().drop().finish();
    expect(WebAssembly.validate(buildModule({ memory: { name: 'm', pages: 1 }, functions: [{ name: 'bad', params: [], results: [], locals: [], body }] }))).toBe(false);
  });
});
