/**
 * The forest walk of forest-block-scorer.ts as a generated WebAssembly function, for where V8's
 * JS cannot keep four lanes, their row pointers and six arrays in registers (with the matrix a
 * parameter it spills and runs at 2/3 of the speed it reaches on a constant one). Scalar wasm,
 * no SIMD: eight rows walk each tree side by side in locals (4 lanes ran 1.4× slower, 16 no faster),
 * node records load without bounds checks, and each lane's x value is a constant offset from one
 * row pointer. Each row's f64 sum adds the trees in order, as the JS walk does: bit-identical.
 *
 * Memory (bytes): node records of 16 at 0 — [x offset of the split column, threshold f32, address
 * of the left child, 0], a leaf stepping to itself as in forest-scoring-layout.ts, so the right
 * child is left + 16 — then the leaf path lengths as f64 (node i's at paths + 8 i, i.e. paths +
 * address / 2), the trees as [root address, depth] pairs, the input rows and the f64 sums.
 * `run(rows)` sums rows 0..rows−1 (rounded up to a group of 8; the input region holds whole groups).
 */
import { WasmCode } from '../kernels/wasm/wasm-code';
import { buildModule, ValType } from '../kernels/wasm/wasm-module-builder';
import type { ForestScoringLayout } from './forest-scoring-layout';

const NODE_BYTES = 16;
const LANES = 8;

export interface ForestWasmLayout {
  features: number;
  /** Rows per run (a multiple of the lanes). */
  chunkRows: number;
  paths: number;
  trees: number;
  input: number;
  output: number;
  pages: number;
}

export function forestWasmLayout(layout: ForestScoringLayout, features: number, chunkRows = 4096): ForestWasmLayout {
  const nodes = layout.feature.length;
  const paths = NODE_BYTES * nodes;
  const trees = paths + 8 * nodes;
  const input = trees + 8 * layout.trees;
  const rows = Math.ceil(chunkRows / LANES) * LANES;
  const output = input + 4 * features * rows;
  return { features, chunkRows: rows, paths, trees, input, output, pages: Math.ceil((output + 8 * rows) / 65536) };
}

/** Writes the node records, path lengths and trees into a fresh module memory. */
export function packForest(memory: ArrayBuffer, layout: ForestScoringLayout, w: ForestWasmLayout): void {
  const i32 = new Int32Array(memory);
  const f32 = new Float32Array(memory);
  for (let i = 0; i < layout.feature.length; i++) {
    i32[4 * i] = 4 * layout.feature[i];
    f32[4 * i + 1] = layout.threshold[i];
    i32[4 * i + 2] = NODE_BYTES * layout.left[i];
  }
  new Float64Array(memory, w.paths, layout.feature.length).set(layout.leafPathLength);
  for (let t = 0; t < layout.trees; t++) {
    i32[w.trees / 4 + 2 * t] = NODE_BYTES * layout.roots[t];
    i32[w.trees / 4 + 2 * t + 1] = layout.depths[t];
  }
}

export function generateForestWasm(layout: ForestScoringLayout, w: ForestWasmLayout): Uint8Array<ArrayBuffer> {
  const rowBytes = 4 * w.features;
  const treesEnd = w.trees + 8 * layout.trees;
  // Locals: 0 rows (param), 1 row pointer, 2 end of rows, 3 sum pointer, 4 tree pointer, 5 steps left, then the lanes' nodes and sums.
  const [row, rowEnd, out, tree, steps] = [1, 2, 3, 4, 5];
  const node = (k: number) => 6 + k;
  const sum = (k: number) => 6 + LANES + k;
  const lanes = Array.from({ length: LANES }, (_, k) => k);
  const c = new WasmCode();
  c.i32Const(w.input).localSet(row);
  c.localGet(0).i32Const(LANES - 1).i32Add().i32Const(Math.log2(LANES)).i32ShrU().i32Const(LANES * rowBytes).i32Mul().i32Const(w.input).i32Add().localSet(rowEnd);
  c.i32Const(w.output).localSet(out);
  c.block();
  c.localGet(row).localGet(rowEnd).i32LtU().i32Eqz().brIf(0); // no rows
  c.loop(); // groups of LANES rows
  for (const k of lanes) c.f64Const(0).localSet(sum(k));
  c.i32Const(w.trees).localSet(tree);
  c.loop(); // trees
  c.localGet(tree).i32Load(0);
  for (const k of lanes.slice(1)) c.localTee(node(k));
  c.localSet(node(0));
  c.localGet(tree).i32Load(4).localSet(steps);
  c.block();
  c.localGet(steps).i32Eqz().brIf(0); // a single-leaf tree
  c.loop(); // steps: node = left + (!(x[feature] < threshold) << 4)
  for (const k of lanes) {
    c.localGet(node(k)).i32Load(8);
    c.localGet(row).localGet(node(k)).i32Load(0).i32Add().f32Load(k * rowBytes);
    c.localGet(node(k)).f32Load(4).f32Lt().i32Eqz().i32Const(4).i32Shl().i32Add().localSet(node(k));
  }
  c.localGet(steps).i32Const(1).i32Sub().localTee(steps).brIf(0);
  c.end();
  c.end();
  for (const k of lanes) c.localGet(sum(k)).localGet(node(k)).i32Const(1).i32ShrU().f64Load(w.paths).f64Add().localSet(sum(k));
  c.localGet(tree).i32Const(8).i32Add().localTee(tree).i32Const(treesEnd).i32LtU().brIf(0);
  c.end();
  for (const k of lanes) c.localGet(out).localGet(sum(k)).f64Store(8 * k);
  c.localGet(out).i32Const(8 * LANES).i32Add().localSet(out);
  c.localGet(row).i32Const(LANES * rowBytes).i32Add().localTee(row).localGet(rowEnd).i32LtU().brIf(0);
  c.end();
  c.end();
  return buildModule({
    memory: { name: 'memory', pages: w.pages },
    functions: [{ name: 'run', params: [ValType.i32], results: [], locals: [...Array(5 + LANES).fill(ValType.i32), ...Array(LANES).fill(ValType.f64)], body: c.finish() }],
  });
}
