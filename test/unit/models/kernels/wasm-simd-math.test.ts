/**
 * The wasm approximations against Math.exp / Math.tanh / the logistic function in float64 over a
 * dense grid of their working range and beyond (saturation, ±∞, NaN), and hard sigmoid against
 * tfjs's own ops (bit-identical).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModule, ValType } from '../../../../src/lib/models/kernels/wasm/wasm-module-builder';
import { WasmCode } from '../../../../src/lib/models/kernels/wasm/wasm-code';
import { emitExp, emitHardSigmoid, emitSigmoid, emitSigmoidSymmetric, emitTanh } from '../../../../src/lib/models/kernels/wasm/wasm-simd-math';

type Kind = 'exp' | 'tanh' | 'sigmoid' | 'sigmoidSymmetric' | 'hardSigmoid';

/** A module whose apply(n) maps the first n floats of memory (n a multiple of 4) in place. */
function mapper(kind: Kind): (xs: Float32Array) => Float32Array {
  const c = new WasmCode();
  const [n, ptr, x, a, b, s, spare] = [0, 1, 2, 3, 4, 5, 6];
  const scratch = { a, b, c: s };
  c.block().loop();
  c.localGet(n).i32Eqz().brIf(1);
  c.localGet(ptr).v128Load().localSet(x);
  c.localGet(ptr);
  if (kind === 'exp') emitExp(c, x, scratch);
  else if (kind === 'tanh') emitTanh(c, x, scratch, spare);
  else if (kind === 'sigmoid') emitSigmoid(c, x, scratch, spare);
  else if (kind === 'sigmoidSymmetric') emitSigmoidSymmetric(c, x, scratch, spare);
  else emitHardSigmoid(c, x);
  c.v128Store();
  c.localGet(ptr).i32Const(16).i32Add().localSet(ptr);
  c.localGet(n).i32Const(4).i32Sub().localSet(n);
  c.br(0).end().end();
  const V = ValType.v128;
  const bytes = buildModule({ memory: { name: 'memory', pages: 64 }, functions: [{ name: 'apply', params: [ValType.i32], results: [], locals: [ValType.i32, V, V, V, V, V], body: c.finish() }] });
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  const mem = new Float32Array((e.memory as WebAssembly.Memory).buffer);
  return (xs) => {
    const padded = Math.ceil(xs.length / 4) * 4;
    mem.fill(0, 0, padded);
    mem.set(xs);
    (e.apply as (n: number) => void)(padded);
    return mem.slice(0, xs.length);
  };
}

const grid = (from: number, to: number, n: number) => Float32Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function errors(kind: Kind, xs: Float32Array, ref: (x: number) => number): { abs: number; rel: number } {
  const ys = mapper(kind)(xs);
  let abs = 0;
  let rel = 0;
  xs.forEach((x, i) => {
    const r = ref(x);
    const e = Math.abs(ys[i] - r);
    abs = Math.max(abs, e);
    if (r !== 0) rel = Math.max(rel, e / Math.abs(r));
  });
  return { abs, rel };
}

describe('exp', () => {
  it('relative error ≤ 1.5e-7 over the unclamped range [−87, 88]', () => {
    expect(errors('exp', grid(-87, 88, 400_000), Math.exp).rel).toBeLessThan(1.5e-7);
  });

  it('clamps instead of overflowing: finite and positive for ±∞ and huge inputs', () => {
    const ys = mapper('exp')(Float32Array.from([Infinity, -Infinity, 1e30, -1e30, 0]));
    for (const y of ys) expect(Number.isFinite(y) && y > 0).toBe(true);
    expect(ys[4]).toBe(1);
  });
});

describe('tanh', () => {
  it('absolute error ≤ 2e-7 and relative ≤ 3e-7 on [−20, 20]', () => {
    const e = errors('tanh', grid(-20, 20, 400_000), Math.tanh);
    expect(e.abs).toBeLessThan(2e-7);
    expect(e.rel).toBeLessThan(3e-7);
  });

  it('relative error ≤ 1.5e-7 near 0, where 1 − 2/(e^2x + 1) would cancel', () => {
    const small = Float32Array.from([...grid(-0.5, 0.5, 100_000), 1e-3, -1e-5, 1e-8, 1e-20, 1e-38]);
    expect(errors('tanh', small, Math.tanh).rel).toBeLessThan(1.5e-7);
    expect(Array.from(mapper('tanh')(Float32Array.from([0, -0])), (y) => Math.abs(y))).toEqual([0, 0]); // the sign of zero may go
  });

  it('saturates to exactly ±1 and never gives NaN for a number', () => {
    const ys = mapper('tanh')(Float32Array.from([20, -20, 44, -44, 1e4, -1e4, 1e38, -1e38, Infinity, -Infinity]));
    expect(Array.from(ys)).toEqual([1, -1, 1, -1, 1, -1, 1, -1, 1, -1]);
    expect(Number.isNaN(mapper('tanh')(Float32Array.from([NaN]))[0])).toBe(true);
  });
});

describe('sigmoid', () => {
  it('absolute error ≤ 1e-7 and relative ≤ 2e-7 on [−30, 30]', () => {
    const e = errors('sigmoid', grid(-30, 30, 400_000), logistic);
    expect(e.abs).toBeLessThan(1e-7);
    expect(e.rel).toBeLessThan(2e-7);
  });

  it('saturates to 1 and to (almost) 0 without NaN', () => {
    const ys = mapper('sigmoid')(Float32Array.from([100, -100, 1e30, -1e30, Infinity, -Infinity, 0]));
    expect([ys[0], ys[2], ys[4], ys[6]]).toEqual([1, 1, 1, 0.5]);
    for (const y of [ys[1], ys[3], ys[5]]) expect(y >= 0 && y < 1e-37).toBe(true);
  });
});

describe('sigmoid, symmetric form (1 − e/(1 + e) for x ≥ 0, e = exp(−|x|))', () => {
  it('absolute error ≤ 1e-7 on [−30, 30], relative ≤ 2e-7 for x < 0', () => {
    const xs = grid(-30, 30, 400_000);
    expect(errors('sigmoidSymmetric', xs, logistic).abs).toBeLessThan(1e-7);
    expect(errors('sigmoidSymmetric', xs.filter((x) => x < 0), logistic).rel).toBeLessThan(2e-7);
  });

  it('stays below 1 where 1/(1 + e) already rounds to 1 (as XNNPACK), and saturates without NaN', () => {
    const ys = mapper('sigmoidSymmetric')(Float32Array.from([16.8, 100, -100, 0, Infinity, -Infinity, 1e30, -1e30]));
    expect(mapper('sigmoid')(Float32Array.from([16.8, 0, 0, 0]))[0]).toBe(1);
    expect(ys[0]).toBe(Math.fround(1 - 2 ** -24)); // 0.99999994
    expect([ys[1], ys[3], ys[4], ys[6]]).toEqual([1, 0.5, 1, 1]);
    for (const y of [ys[2], ys[5], ys[7]]) expect(y >= 0 && y < 1e-37).toBe(true);
  });
});

describe('hardSigmoid', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("is bit-identical to tfjs-layers' clip(0.2·x + 0.5, 0, 1) (not Keras 3's x/6 + 0.5)", () => {
    const xs = Float32Array.from([...grid(-3, 3, 10_000), 2.5, -2.5, 1e9, -1e9]);
    const ours = mapper('hardSigmoid')(xs);
    const theirs = tf.tidy(() => tf.clipByValue(tf.add(0.5, tf.mul(0.2, tf.tensor1d(xs))), 0, 1).dataSync());
    expect(Array.from(ours)).toEqual(Array.from(theirs));
    expect(ours[xs.length - 4]).toBe(1);
    expect(mapper('hardSigmoid')(Float32Array.from([1]))[0]).toBeCloseTo(0.7, 6);
  });
});
