/**
 * The forest's wasm walk (forest-wasm.ts), compiled per model and cached: path sums for rows of a
 * matrix, fed through the module's input region a chunk at a time. null where WebAssembly is
 * missing or refuses the module; the JS walk (forest-block-scorer.ts) gives the same sums there.
 */
import type { IsolationForestModel } from './forest-model';
import { instantiate } from '../kernels/wasm/wasm-api';
import { forestScoringLayout } from './forest-scoring-layout';
import { forestWasmLayout, generateForestWasm, packForest } from './forest-wasm';

export type ForestPathSums = (x: Float32Array, rows: number, sums: Float64Array) => void;

const compiled = new WeakMap<IsolationForestModel, ForestPathSums | null>();

export function forestWasmPathSums(model: IsolationForestModel): ForestPathSums | null {
  if (!compiled.has(model)) compiled.set(model, compile(model));
  return compiled.get(model) ?? null;
}

function compile(model: IsolationForestModel): ForestPathSums | null {
  const layout = forestScoringLayout(model);
  const w = forestWasmLayout(layout, model.features);
  const instance = instantiate<{ run: (rows: number) => void }>(generateForestWasm(layout, w));
  if (!instance) return null;
  const memory = instance.exports.memory.buffer; // fixed size: never detaches
  packForest(memory, layout, w);
  const input = new Float32Array(memory, w.input, w.chunkRows * w.features);
  const output = new Float64Array(memory, w.output, w.chunkRows);
  const width = model.features;
  return (x, rows, sums) => {
    for (let start = 0; start < rows; start += w.chunkRows) {
      const n = Math.min(w.chunkRows, rows - start);
      input.set(x.subarray(start * width, (start + n) * width));
      instance.exports.run(n);
      sums.set(output.subarray(0, n), start);
    }
  };
}
