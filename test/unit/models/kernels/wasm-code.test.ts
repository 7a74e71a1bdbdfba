/**
 * Every instruction WasmCode writes, run by the engine against a lane-by-lane JS definition: the
 * SIMD arithmetic, comparisons, selects, integer ops on float bits, constants, splats and lanes,
 * memory offsets, and control flow.
 */
import { describe, expect, it } from 'vitest';
import { buildModule, ValType } from '../../../../src/lib/models/kernels/wasm/wasm-module-builder';
import { WasmCode } from '../../../../src/lib/models/kernels/wasm/wasm-code';

const f = Math.fround;
const A = [1.5, -2.25, 0, 1e30];
const B = [0.5, 3, -0, -1e30];

/** Runs `body` once (no parameters, v128 locals 0 and 1 free) over a fresh memory holding A at 0 and B at 16. */
function run(body: (c: WasmCode) => void, init: (m: ArrayBuffer) => void = (m) => new Float32Array(m).set([...A, ...B])): ArrayBuffer {
  const c = new WasmCode();
  body(c);
  const bytes = buildModule({ memory: { name: 'memory', pages: 1 }, functions: [{ name: 'f', params: [], results: [], locals: [ValType.v128, ValType.v128], body: c.finish() }] });
  expect(WebAssembly.validate(bytes)).toBe(true);
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  const buffer = (e.memory as WebAssembly.Memory).buffer;
  init(buffer);
  (e.f as () => void)();
  return buffer;
}

/** out (at byte 32) = op(A, B) or op(A), as f32 lanes. */
function binary(op: (c: WasmCode) => void, unary = false): number[] {
  const m = run((c) => {
    c.i32Const(32).i32Const(0).v128Load();
    if (!unary) c.i32Const(0).v128Load(16);
    op(c);
    c.v128Store();
  });
  return Array.from(new Float32Array(m, 32, 4));
}

const lanes = (g: (a: number, b: number) => number) => A.map((a, i) => f(g(a, B[i])));

describe('WasmCode f32x4', () => {
  it('add, sub, mul, div as f32 arithmetic', () => {
    expect(binary((c) => c.f32x4Add())).toEqual(lanes((a, b) => a + b));
    expect(binary((c) => c.f32x4Sub())).toEqual(lanes((a, b) => a - b));
    expect(binary((c) => c.f32x4Mul())).toEqual(lanes((a, b) => f(a) * f(b)));
    expect(binary((c) => c.f32x4Div())).toEqual(lanes((a, b) => f(a) / f(b)));
  });

  it('min, max, and pmin/pmax as b < a ? b : a and a < b ? b : a', () => {
    expect(binary((c) => c.f32x4Min())).toEqual(lanes((a, b) => Math.min(a, b)));
    expect(binary((c) => c.f32x4Max())).toEqual(lanes((a, b) => Math.max(a, b)));
    expect(binary((c) => c.f32x4Pmin())).toEqual(lanes((a, b) => (f(b) < f(a) ? b : a)));
    expect(binary((c) => c.f32x4Pmax())).toEqual(lanes((a, b) => (f(a) < f(b) ? b : a)));
  });

  it('abs, neg', () => {
    expect(binary((c) => c.f32x4Abs(), true)).toEqual(A.map((a) => f(Math.abs(a))));
    expect(binary((c) => c.f32x4Neg(), true)).toEqual(A.map((a) => f(-a)));
  });

  it('lt gives all-ones lanes, bitselect takes the first operand there', () => {
    const m = run((c) => {
      c.i32Const(32).i32Const(0).v128Load().i32Const(0).v128Load(16).f32x4Lt().v128Store();
      // out2 = lt ? A : B
      c.i32Const(48).i32Const(0).v128Load().i32Const(0).v128Load(16).i32Const(32).v128Load().v128Bitselect().v128Store();
    });
    expect(Array.from(new Int32Array(m, 32, 4))).toEqual(A.map((a, i) => (f(a) < f(B[i]) ? -1 : 0)));
    expect(Array.from(new Float32Array(m, 48, 4))).toEqual(A.map((a, i) => f(f(a) < f(B[i]) ? a : B[i])));
  });

  it('constants, splat, load32_splat, extract_lane and offsets', () => {
    const m = run((c) => {
      c.i32Const(32).f32x4Const(1, 2, 3, 4).v128Store();
      c.i32Const(48).f32x4Const(7.25).v128Store();
      c.i32Const(64).i32Const(0).v128Load32Splat(4).v128Store(); // A[1] to all lanes
      c.i32Const(80).i32Const(0).v128Load(16).f32x4ExtractLane(3).f32Store(); // B[3]
      c.i32Const(84).f32Const(-0.5).f32x4Splat().f32x4ExtractLane(2).f32Const(2).f32Mul().f32Store();
      c.i32Const(88).i32Const(0).f32Load(4).i32Const(0).f32Load(20).f32Sub().f32Store(); // A[1] − B[1]
    });
    const out = new Float32Array(m);
    expect(Array.from(out.subarray(8, 20))).toEqual([1, 2, 3, 4, 7.25, 7.25, 7.25, 7.25, -2.25, -2.25, -2.25, -2.25]);
    expect([out[20], out[21], out[22]]).toEqual([f(-1e30), -1, -5.25]);
  });
});

describe('WasmCode i32x4 on float bits', () => {
  it('add, sub, shl; i32x4 constants', () => {
    const m = run(
      (c) => {
        c.i32Const(32).i32Const(0).v128Load().i32Const(0).v128Load(16).i32x4Add().v128Store();
        c.i32Const(48).i32Const(0).v128Load().i32Const(0).v128Load(16).i32x4Sub().v128Store();
        c.i32Const(64).i32Const(0).v128Load().i32Const(23).i32x4Shl().v128Store();
        c.i32Const(80).i32x4Const(127 << 23).v128Store();
      },
      (b) => new Int32Array(b).set([1, -2, 0x7fffffff, 3, 10, 20, 1, -4]),
    );
    const out = new Int32Array(m);
    expect(Array.from(out.subarray(8, 12))).toEqual([11, 18, -0x80000000, -1]);
    expect(Array.from(out.subarray(12, 16))).toEqual([-9, -22, 0x7ffffffe, 7]);
    expect(Array.from(out.subarray(16, 20))).toEqual([1 << 23, (-2 << 23) | 0, (0x7fffffff << 23) | 0, 3 << 23]);
    expect(new Float32Array(m)[20]).toBe(1); // 127 << 23 is 1.0f
  });
});

describe('WasmCode control flow', () => {
  it('block, loop, br, br_if, if/else and i32 arithmetic: sums of i < n above and up to 4', () => {
    const c = new WasmCode();
    // param n; locals i, above, upTo
    c.block().loop();
    c.localGet(1).localGet(0).i32LtU().i32Eqz().brIf(1); // i ≥ n: leave the block
    c.localGet(1).i32Const(4).i32GtU().if();
    c.localGet(2).localGet(1).i32Add().localSet(2);
    c.else();
    c.localGet(3).localGet(1).i32Add().localSet(3);
    c.end();
    c.localGet(1).i32Const(1).i32Add().localSet(1);
    c.br(0).end().end();
    c.i32Const(0).localGet(2).i32Store();
    c.i32Const(0).localGet(3).i32Const(3).i32Mul().localGet(0).i32Sub().i32Store(4); // 3·upTo − n
    c.i32Const(0).localGet(0).localGet(0).i32Ne().i32Store(8); // n ≠ n → 0
    const bytes = buildModule({ memory: { name: 'memory', pages: 1 }, functions: [{ name: 'f', params: [ValType.i32], results: [], locals: [ValType.i32, ValType.i32, ValType.i32], body: c.finish() }] });
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    (e.f as (n: number) => void)(10);
    const out = new Int32Array((e.memory as WebAssembly.Memory).buffer, 0, 3);
    expect(Array.from(out)).toEqual([35, 20, 0]);
  });
});

describe('WasmCode scalar f32 compare, shifts and f64', () => {
  it('f32.lt (0 for NaN), f32.max, shl, shr_u, and f64 const/load/add/store at offsets', () => {
    const m = run(
      (c) => {
        c.i32Const(32).i32Const(0).f32Load(0).i32Const(0).f32Load(16).f32Lt().i32Store(); // 1.5 < 0.5 → 0
        c.i32Const(36).i32Const(0).f32Load(4).i32Const(0).f32Load(20).f32Lt().i32Const(4).i32Shl().i32Store(); // (−2.25 < 3) << 4
        c.i32Const(40).i32Const(0).f32Load(48).i32Const(0).f32Load(16).f32Lt().i32Store(); // NaN < 0.5 → 0
        c.i32Const(44).i32Const(-8).i32Const(1).i32ShrU().i32Store(); // logical shift
        c.i32Const(0).i32Const(0).f32Load(4).i32Const(0).f32Load(20).f32Max().f32Store(80); // max(−2.25, 3)
        c.i32Const(8).f64Const(0.1).i32Const(8).f64Load(56).f64Add().f64Store(56); // 0.1 + 0.2 in f64 at byte 64
      },
      (b) => {
        new Float32Array(b).set([...A, ...B]);
        new Float32Array(b)[12] = NaN;
        new Float64Array(b)[8] = 0.2;
      },
    );
    expect(Array.from(new Int32Array(m, 32, 3))).toEqual([0, 16, 0]);
    expect(new Uint32Array(m, 44, 1)[0]).toBe(0x7ffffffc);
    expect(new Float64Array(m, 64, 1)[0]).toBe(0.1 + 0.2);
    expect(new Float32Array(m, 80, 1)[0]).toBe(3);
  });
});
