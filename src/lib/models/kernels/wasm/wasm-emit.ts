/**
 * Building blocks the generated kernels share: typed locals, and row-times-matrix products in
 * blocks of up to 4 f32x4 accumulators (weights packed by packBlocked, fused-stage1-layout.ts), with
 * the loop shapes that keep V8's register allocation out of spills (see emitAccumulate).
 */
import type { WasmCode } from './wasm-code';
import { ValType } from './wasm-module-builder';
import { BLOCK_VECTORS, blockSizes } from './blocked-weights';

export class Locals {
  readonly types: ValType[] = [];
  constructor(private readonly params: number) {}
  add(type: ValType): number {
    this.types.push(type);
    return this.params + this.types.length - 1;
  }
}

/**
 * acc[v] += input[k] · w[k][v] for k < rows, v < acc.length, as a wasm loop over pairs of inputs:
 * per input one splat and acc.length vector multiply-adds. Both pointers advance past what they read
 * (the weights of a block's next rows, or the next block, follow directly). Why a loop and not
 * straight-line code: in one long basic block V8 hoists every weight load to the top and spills
 * them; a short loop body keeps accumulators, splat and weights in the 16 xmm registers.
 */
export function emitAccumulate(code: WasmCode, locals: Locals, acc: number[], splat: number, input: number, rows: number, weights: number): void {
  const n = acc.length;
  const step = (k: number) => {
    code.localGet(input).v128Load32Splat(4 * k).localSet(splat);
    for (let v = 0; v < n; v++) code.localGet(acc[v]).localGet(splat).localGet(weights).v128Load((k * n + v) * 16).f32x4Mul().f32x4Add().localSet(acc[v]);
  };
  const advance = (k: number) => {
    code.localGet(input).i32Const(4 * k).i32Add().localSet(input);
    code.localGet(weights).i32Const(16 * n * k).i32Add().localSet(weights);
  };
  const pairs = Math.floor(rows / 2);
  if (pairs > 0) {
    const left = locals.add(ValType.i32);
    code.i32Const(pairs).localSet(left);
    code.loop();
    step(0);
    step(1);
    advance(2);
    code.localGet(left).i32Const(1).i32Sub().localTee(left).brIf(0);
    code.end();
  }
  if (rows % 2) {
    step(0);
    advance(1);
  }
}

/** acc[v] = bias[v] (vectors at a base local). */
export function emitLoadBias(code: WasmCode, acc: number[], bias: number): void {
  acc.forEach((a, v) => code.localGet(bias).v128Load(16 * v).localSet(a));
}

/** `body` once per block of output vectors, with `ptrs` advanced by each block's stride in bytes (the body advances the weights itself). */
export function emitBlocks(code: WasmCode, locals: Locals, vectors: number, ptrs: { local: number; bytesPerVector: number }[], body: (blockVectors: number) => void): void {
  const sizes = blockSizes(vectors);
  const full = sizes.filter((s) => s === BLOCK_VECTORS).length;
  const advance = (n: number) => {
    for (const p of ptrs) code.localGet(p.local).i32Const(n * p.bytesPerVector).i32Add().localSet(p.local);
  };
  if (full === 1) {
    body(BLOCK_VECTORS);
    advance(BLOCK_VECTORS);
  } else if (full > 1) {
    const left = locals.add(ValType.i32);
    code.i32Const(full).localSet(left);
    code.loop();
    body(BLOCK_VECTORS);
    advance(BLOCK_VECTORS);
    code.localGet(left).i32Const(1).i32Sub().localTee(left).brIf(0);
    code.end();
  }
  const tail = sizes.length > full ? sizes[sizes.length - 1] : 0;
  if (tail) body(tail);
}

/** A counted wasm loop: `body` runs `count` times (count ≥ 1, known at generation). */
export function emitRepeat(code: WasmCode, locals: Locals, count: number, body: (counter: number) => void): void {
  const i = locals.add(ValType.i32);
  code.i32Const(0).localSet(i);
  code.loop();
  body(i);
  code.localGet(i).i32Const(1).i32Add().localTee(i).i32Const(count).i32Ne().brIf(0);
  code.end();
}

/** The locals a strided convolution works in (i32 pointers, v128 accumulators and splat). */
export interface ConvRegisters {
  acc: number[];
  splat: number;
  wPtr: number;
  bPtr: number;
  dst: number;
  reading: number;
  xPtr: number;
  oPtr: number;
}

/** One Conv1D with stride = kernel (no padding), bias and ReLU, weights and bias at constant addresses. */
export interface StridedConv {
  positions: number;
  inputBytesPerPosition: number;
  /** kernel · input channels: the inputs of one position. */
  rows: number;
  filters: number;
  weights: number;
  bias: number;
  out: number;
}

/** Per position, a [kernel·in] row (from the address in local `input`) times the [kernel·in, out] kernel, + bias, ReLU, stored at `out`. */
export function emitStridedConv(code: WasmCode, locals: Locals, r: ConvRegisters, input: number, c: StridedConv): void {
  const set = (local: number, value: number) => code.i32Const(value).localSet(local);
  code.localGet(input).localSet(r.xPtr);
  set(r.oPtr, c.out);
  emitRepeat(code, locals, c.positions, () => {
    set(r.wPtr, c.weights);
    set(r.bPtr, c.bias);
    code.localGet(r.oPtr).localSet(r.dst);
    emitBlocks(code, locals, c.filters / 4, [{ local: r.bPtr, bytesPerVector: 16 }, { local: r.dst, bytesPerVector: 16 }], (n) => {
      const a = r.acc.slice(0, n);
      emitLoadBias(code, a, r.bPtr);
      code.localGet(r.xPtr).localSet(r.reading);
      emitAccumulate(code, locals, a, r.splat, r.reading, c.rows, r.wPtr);
      a.forEach((x, v) => code.localGet(r.dst).localGet(x).f32x4Const(0).f32x4Pmax().v128Store(16 * v));
    });
    code.localGet(r.xPtr).i32Const(c.inputBytesPerPosition).i32Add().localSet(r.xPtr);
    code.localGet(r.oPtr).i32Const(c.filters * 4).i32Add().localSet(r.oPtr);
  });
}
