/**
 * Generates the fused stage 1 kernel: one wasm function `run(rows)` that takes each input row in
 * the memory's input region through conv1 → conv2 → LSTM → dense + sigmoid and writes its score to
 * the output region, every value staying in wasm memory or registers. Why it is fast next to the
 * layers model on tfjs's wasm backend: no kernel-call boundaries (~150 a batch there), no passes over
 * the batch between them, the gates computed while their sums are still in registers, and all of
 * one record's working set (a few KB, plus ~45 KB of weights) in L1/L2 cache.
 *
 * Every product is a row-times-matrix in blocks of up to 4 f32x4 accumulators (see
 * fused-stage1-layout.ts): per input value, one splat and 4 vector multiply-adds against weights
 * streamed from one pointer, in short wasm loops (see emitAccumulate for why not straight-line
 * code); the dims are constants of the generated code. The LSTM skips h·U at step 0 (h is 0 there).
 */
import { WasmCode } from '../wasm/wasm-code';
import { buildModule, ValType } from '../wasm/wasm-module-builder';
import { emitHardSigmoid, emitSigmoid, emitTanh, type MathScratch } from '../wasm/wasm-simd-math';
import { BLOCK_VECTORS } from '../wasm/blocked-weights';
import type { Stage1Layout } from './fused-stage1-layout';
import { emitAccumulate, emitBlocks, emitLoadBias, emitRepeat, emitStridedConv, Locals, type ConvRegisters } from '../wasm/wasm-emit';

export function generateFusedStage1(layout: Stage1Layout): Uint8Array<ArrayBuffer> {
  const d = layout.dims;
  const V = ValType.v128;
  const I = ValType.i32;
  const code = new WasmCode();
  const rowsParam = 0;
  const locals = new Locals(1);
  const acc = Array.from({ length: BLOCK_VECTORS }, () => locals.add(V));
  const splat = locals.add(V);
  const scratch: MathScratch = { a: locals.add(V), b: locals.add(V), c: locals.add(V) };
  const arg = locals.add(V);
  const [gi, gf, gc, go, cell, value] = [0, 1, 2, 3, 4, 5].map(() => locals.add(V));
  const [row, inPtr, outPtr, wPtr, bPtr, oPtr, xPtr, hIn, hOut, cPtr, dst, swap, reading] = Array.from({ length: 13 }, () => locals.add(I));
  const set = (local: number, value: number) => code.i32Const(value).localSet(local);

  const regs: ConvRegisters = { acc, splat, wPtr, bPtr, dst, reading, xPtr, oPtr };
  const conv = (positions: number, inputBytesPerPosition: number, rows: number, filters: number, weights: number, bias: number, out: number) =>
    emitStridedConv(code, locals, regs, inPtr, { positions, inputBytesPerPosition, rows, filters, weights, bias, out });

  // One LSTM step for the units of one block: sums (x_t·W + h·U + b), then i, f, o = hardSigmoid,
  // c = f·c + i·tanh(z_c), h = o·tanh(c), written to the other h buffer (the old one is still being read).
  const lstmBlock = (n: number, step: number) => {
    const groups = n / 4;
    const a = acc.slice(0, n);
    emitLoadBias(code, a, bPtr);
    code.localGet(xPtr).localSet(reading);
    emitAccumulate(code, locals, a, splat, reading, d.filters2, wPtr);
    code.localGet(step).if();
    code.localGet(hIn).localSet(reading);
    emitAccumulate(code, locals, a, splat, reading, d.units, wPtr);
    code.else();
    code.localGet(wPtr).i32Const(d.units * n * 16).i32Add().localSet(wPtr); // h = 0 at step 0: skip h·U
    code.end();
    for (let g = 0; g < groups; g++) {
      emitHardSigmoid(code, a[g]).localSet(gi);
      emitHardSigmoid(code, a[groups + g]).localSet(gf);
      emitTanh(code, a[2 * groups + g], scratch, arg).localSet(gc);
      emitHardSigmoid(code, a[3 * groups + g]).localSet(go);
      code.localGet(gf).localGet(cPtr).v128Load(16 * g).f32x4Mul().localGet(gi).localGet(gc).f32x4Mul().f32x4Add().localSet(cell);
      code.localGet(cPtr).localGet(cell).v128Store(16 * g);
      code.localGet(oPtr).localGet(go);
      emitTanh(code, cell, scratch, arg).f32x4Mul().v128Store(16 * g);
    }
  };

  const F = d.features * 4;
  set(row, 0);
  code.block();
  code.localGet(rowsParam).i32Eqz().brIf(0);
  set(inPtr, layout.input);
  set(outPtr, layout.output);
  code.loop();

  conv(layout.positions1, d.kernel1 * 4, d.kernel1, d.filters1, layout.conv1Weights, layout.conv1Bias, layout.conv1Out);
  code.i32Const(layout.conv1Out).localSet(inPtr); // conv2 reads conv1's output (inPtr restored below)
  conv(layout.steps, d.kernel2 * d.filters1 * 4, d.kernel2 * d.filters1, d.filters2, layout.conv2Weights, layout.conv2Bias, layout.conv2Out);

  // LSTM: h and c start at 0 for every record.
  for (let u = 0; u < d.units; u += 4) code.i32Const(layout.cell + 4 * u).f32x4Const(0).v128Store();
  set(hIn, layout.h0);
  set(hOut, layout.h1);
  set(xPtr, layout.conv2Out);
  emitRepeat(code, locals, layout.steps, (step) => {
    set(wPtr, layout.lstmWeights);
    set(bPtr, layout.lstmBias);
    set(cPtr, layout.cell);
    code.localGet(hOut).localSet(oPtr);
    emitBlocks(code, locals, d.units, [{ local: bPtr, bytesPerVector: 16 }, { local: cPtr, bytesPerVector: 4 }, { local: oPtr, bytesPerVector: 4 }], (n) =>
      lstmBlock(n, step),
    );
    code.localGet(hIn).localSet(swap).localGet(hOut).localSet(hIn).localGet(swap).localSet(hOut);
    code.localGet(xPtr).i32Const(d.filters2 * 4).i32Add().localSet(xPtr);
  });

  // Dense(1) + sigmoid on the last h (now in hIn).
  code.localGet(hIn).v128Load(0).i32Const(layout.denseWeights).v128Load(0).f32x4Mul();
  for (let u = 4; u < d.units; u += 4) code.localGet(hIn).v128Load(4 * u).i32Const(layout.denseWeights).v128Load(4 * u).f32x4Mul().f32x4Add();
  code.localSet(value);
  code.localGet(value).f32x4ExtractLane(0).localGet(value).f32x4ExtractLane(1).f32Add();
  code.localGet(value).f32x4ExtractLane(2).localGet(value).f32x4ExtractLane(3).f32Add().f32Add();
  code.i32Const(layout.denseBias).f32Load().f32Add().f32x4Splat().localSet(value);
  code.localGet(outPtr);
  emitSigmoid(code, value, scratch, arg).f32x4ExtractLane(0).f32Store();

  // Next record.
  code.localGet(outPtr).i32Const(4).i32Add().localSet(outPtr);
  code.i32Const(layout.input).localGet(row).i32Const(1).i32Add().localTee(row).i32Const(F).i32Mul().i32Add().localSet(inPtr);
  code.localGet(row).localGet(rowsParam).i32Ne().brIf(0);
  code.end();
  code.end();

  return buildModule({
    memory: { name: 'memory', pages: layout.pages },
    functions: [{ name: 'run', params: [I], results: [], locals: locals.types, body: code.finish() }],
  });
}
