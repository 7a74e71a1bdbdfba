/**
 * Generates the fused dense stack: one wasm function `run(rows)` taking each input row through the
 * strided conv front where there is one (emitStridedConv, as in stage 1), then every Dense layer
 * (bias, ReLU; the head's sigmoid or softmax) with the products as in fused-stage1-wasm.ts (blocks
 * of up to 4 f32x4 accumulators, one splat per input), one record's activations staying in a few
 * hundred bytes of memory, and writing the head's units to the output region.
 */
import { WasmCode } from '../wasm/wasm-code';
import { buildModule, ValType } from '../wasm/wasm-module-builder';
import { emitExp, emitSigmoidSymmetric, type MathScratch } from '../wasm/wasm-simd-math';
import { BLOCK_VECTORS } from '../wasm/blocked-weights';
import type { DenseStackLayout } from './dense-stack-layout';
import { emitAccumulate, emitBlocks, emitLoadBias, emitStridedConv, Locals } from '../wasm/wasm-emit';

/** f32 op over the four lanes of local v, left on the stack as a scalar. */
function emitAcrossLanes(code: WasmCode, v: number, op: (c: WasmCode) => WasmCode): WasmCode {
  code.localGet(v).f32x4ExtractLane(0);
  for (let lane = 1; lane < 4; lane++) op(code.localGet(v).f32x4ExtractLane(lane));
  return code;
}

/** softmax over the four lanes of local x as tf.softmax computes it: exp(x − max) / Σ exp(x − max). */
function emitSoftmax4(code: WasmCode, x: number, s: MathScratch, shifted: number): WasmCode {
  code.localGet(x);
  emitAcrossLanes(code, x, (c) => c.f32Max()).f32x4Splat();
  code.f32x4Sub().localSet(shifted);
  emitExp(code, shifted, s).localSet(shifted);
  code.localGet(shifted);
  emitAcrossLanes(code, shifted, (c) => c.f32Add()).f32x4Splat();
  return code.f32x4Div();
}

export function generateDenseStack(layout: DenseStackLayout): Uint8Array<ArrayBuffer> {
  const { dims, padded } = layout;
  const V = ValType.v128;
  const I = ValType.i32;
  const code = new WasmCode();
  const rowsParam = 0;
  const locals = new Locals(1);
  const acc = Array.from({ length: BLOCK_VECTORS }, () => locals.add(V));
  const splat = locals.add(V);
  const scratch: MathScratch = { a: locals.add(V), b: locals.add(V), c: locals.add(V) };
  const arg = locals.add(V);
  const [row, inPtr, outPtr, wPtr, bPtr, dst, reading, xPtr, oPtr] = Array.from({ length: 9 }, () => locals.add(I));
  const set = (local: number, value: number) => code.i32Const(value).localSet(local);
  const last = dims.units.length - 1;
  const outUnits = dims.units[last];
  const head = (x: number) => (dims.head === 'softmax' ? emitSoftmax4(code, x, scratch, arg) : emitSigmoidSymmetric(code, x, scratch, arg));

  set(row, 0);
  code.block();
  code.localGet(rowsParam).i32Eqz().brIf(0);
  set(inPtr, layout.input);
  set(outPtr, layout.output);
  code.loop();
  const c = dims.conv;
  const conv = layout.conv;
  if (c && conv) {
    const regs = { acc, splat, wPtr, bPtr, dst, reading, xPtr, oPtr };
    emitStridedConv(code, locals, regs, inPtr, { positions: layout.positions1, inputBytesPerPosition: c.kernel1 * 4, rows: c.kernel1, filters: c.filters1, weights: conv.weights1, bias: conv.bias1, out: conv.out1 });
    set(reading, conv.out1);
    emitStridedConv(code, locals, regs, reading, { positions: layout.steps, inputBytesPerPosition: c.kernel2 * c.filters1 * 4, rows: c.kernel2 * c.filters1, filters: c.filters2, weights: conv.weights2, bias: conv.bias2, out: conv.out2 });
  }
  dims.units.forEach((_, l) => {
    const inputs = l === 0 ? layout.denseInputs : dims.units[l - 1];
    set(wPtr, layout.weights[l]);
    set(bPtr, layout.biases[l]);
    set(dst, layout.activations[l]);
    emitBlocks(code, locals, padded[l] / 4, [{ local: bPtr, bytesPerVector: 16 }, { local: dst, bytesPerVector: 16 }], (n) => {
      const a = acc.slice(0, n);
      emitLoadBias(code, a, bPtr);
      if (l > 0) set(reading, layout.activations[l - 1]);
      else if (conv) set(reading, conv.out2);
      else code.localGet(inPtr).localSet(reading);
      emitAccumulate(code, locals, a, splat, reading, inputs, wPtr);
      a.forEach((x, v) => {
        code.localGet(dst);
        if (l === last) head(x);
        else code.localGet(x).f32x4Const(0).f32x4Pmax();
        code.v128Store(16 * v);
      });
    });
  });
  for (let u = 0; u < outUnits; u++) code.localGet(outPtr).i32Const(layout.activations[last]).f32Load(4 * u).f32Store(4 * u);

  // Next record.
  code.localGet(outPtr).i32Const(4 * outUnits).i32Add().localSet(outPtr);
  code.localGet(inPtr).i32Const(4 * dims.inputs).i32Add().localSet(inPtr);
  code.localGet(row).i32Const(1).i32Add().localTee(row).localGet(rowsParam).i32Ne().brIf(0);
  code.end();
  code.end();

  return buildModule({
    memory: { name: 'memory', pages: layout.pages },
    functions: [{ name: 'run', params: [I], results: [], locals: locals.types, body: code.finish() }],
  });
}
