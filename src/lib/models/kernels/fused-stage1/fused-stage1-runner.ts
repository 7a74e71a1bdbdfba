/**
 * The fused stage 1 kernel, compiled and ready: one instance per dims (its memory holds one model's
 * weights at a time), fed input rows in chunks the size of its input region (compiled synchronously,
 * see wasm-api.ts; a refused compile reads as "not available").
 */
import { generateFusedStage1 } from './fused-stage1-wasm';
import { instantiate, type WasmInstance } from '../wasm/wasm-api';
import { packStage1Weights, stage1Layout, type Stage1Dims, type Stage1Layout, type Stage1Weights } from './fused-stage1-layout';

type Stage1Instance = WasmInstance<{ run: (rows: number) => void }>;

export class FusedStage1Runner {
  private readonly memory: Float32Array;
  private readonly runRows: (rows: number) => void;

  private constructor(
    readonly layout: Stage1Layout,
    instance: Stage1Instance,
  ) {
    // The memory's size is fixed (minimum = maximum pages), so this view never detaches.
    this.memory = new Float32Array(instance.exports.memory.buffer);
    this.runRows = instance.exports.run;
  }

  /** null where the engine lacks WebAssembly SIMD (the module does not validate) or refuses to compile it. */
  static create(dims: Stage1Dims): FusedStage1Runner | null {
    const layout = stage1Layout(dims);
    const instance = instantiate<{ run: (rows: number) => void }>(generateFusedStage1(layout));
    return instance && new FusedStage1Runner(layout, instance);
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
