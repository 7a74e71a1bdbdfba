/**
 * The fused stage 1 kernel, compiled and ready: one instance per dims (its memory holds one model's
 * weights at a time), fed input rows in chunks the size of its input region. Compiling is
 * synchronous: the module is small, and this runs in a worker or Node (a browser's main thread
 * refuses synchronous compiles over 4 KB, which then reads as "not available").
 */
import { generateFusedStage1 } from './fused-stage1-wasm';
import { packStage1Weights, stage1Layout, type Stage1Dims, type Stage1Layout, type Stage1Weights } from './fused-stage1-layout';

/** The part of the WebAssembly JS API used here, typed locally: src/lib compiles without DOM or Node types. */
interface WasmInstance {
  exports: { memory: { buffer: ArrayBuffer }; run: (rows: number) => void };
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance;
}
const wasmApi = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export class FusedStage1Runner {
  private readonly memory: Float32Array;
  private readonly runRows: (rows: number) => void;

  private constructor(
    readonly layout: Stage1Layout,
    instance: WasmInstance,
  ) {
    // The memory's size is fixed (minimum = maximum pages), so this view never detaches.
    this.memory = new Float32Array(instance.exports.memory.buffer);
    this.runRows = instance.exports.run;
  }

  /** null where the engine lacks WebAssembly SIMD (the module does not validate) or refuses to compile it. */
  static create(dims: Stage1Dims): FusedStage1Runner | null {
    const wasm = wasmApi();
    if (!wasm) return null;
    const layout = stage1Layout(dims);
    const bytes = generateFusedStage1(layout);
    if (!wasm.validate(bytes)) return null;
    try {
      return new FusedStage1Runner(layout, new wasm.Instance(new wasm.Module(bytes)));
    } catch {
      return null;
    }
  }

  setWeights(weights: Stage1Weights): void {
    packStage1Weights(this.memory, this.layout, weights);
  }

  /** Scores `rows` rows of `x` (row-major, `features` wide) into `out`. */
  run(x: Float32Array, rows: number, out: Float32Array): void {
    const { input, output, chunkRows, dims } = this.layout;
    const width = dims.features;
    if (x.length < rows * width || out.length < rows) throw new Error('fused stage 1: arrays shorter than rows');
    for (let start = 0; start < rows; start += chunkRows) {
      const n = Math.min(chunkRows, rows - start);
      this.memory.set(x.subarray(start * width, (start + n) * width), input / 4);
      this.runRows(n);
      out.set(this.memory.subarray(output / 4, output / 4 + n), start);
    }
  }
}
