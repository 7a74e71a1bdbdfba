/**
 * Generates the fused dense stack: one wasm function `run(rows)` taking each input row through every
 * Dense layer (bias, ReLU; sigmoid at the last) with the products as in fused-stage1-wasm.ts
 * (blocks of up to 4 f32x4 accumulators, one splat per input), one record's activations staying
 * in a few hundred bytes of memory, and writing the last layer's units to the output region.
 */
import { WasmCode } from './wasm-code';
import { buildModule, ValType } from './wasm-module-builder';
import { emitSigmoid, type MathScratch } from './wasm-simd-math';
import { BLOCK_VECTORS } from './fused-stage1-layout';
import type { DenseStackLayout } from './dense-stack-layout';
import { emitAccumulate, emitBlocks, emitLoadBias, Locals } from './wasm-emit';

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
  const [row, inPtr, outPtr, wPtr, bPtr, dst, reading] = Array.from({ length: 7 }, () => locals.add(I));
  const set = (local: number, value: number) => code.i32Const(value).localSet(local);
  const last = dims.units.length - 1;
  const outUnits = dims.units[last];

  set(row, 0);
  code.block();
  code.localGet(rowsParam).i32Eqz().brIf(0);
  set(inPtr, layout.input);
  set(outPtr, layout.output);
  code.loop();
  dims.units.forEach((_, l) => {
    const inputs = l === 0 ? dims.inputs : dims.units[l - 1];
    set(wPtr, layout.weights[l]);
    set(bPtr, layout.biases[l]);
    set(dst, layout.activations[l]);
    emitBlocks(code, locals, padded[l] / 4, [{ local: bPtr, bytesPerVector: 16 }, { local: dst, bytesPerVector: 16 }], (n) => {
      const a = acc.slice(0, n);
      emitLoadBias(code, a, bPtr);
      if (l === 0) code.localGet(inPtr).localSet(reading);
      else set(reading, layout.activations[l - 1]);
      emitAccumulate(code, locals, a, splat, reading, inputs, wPtr);
      a.forEach((x, v) => {
        code.localGet(dst);
        if (l === last) emitSigmoid(code, x, scratch, arg);
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
