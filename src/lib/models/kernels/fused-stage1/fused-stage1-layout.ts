/**
 * Where the fused stage 1 kernel keeps everything in its wasm memory, and how the layers' weights
 * are packed there. Each product is computed in blocks of up to 4 output vectors (16 outputs: 4
 * accumulators, the most V8's register allocator keeps in registers next to the 4 weight vectors
 * loaded per input; 8 spilled and ran at half the speed); a block's weights are stored row by row
 * as its vectors and blocks one after another, so the kernel streams all of a layer's weights with
 * one pointer. An LSTM block is one group of 4 units with its four gates side by side (i, f, c, o),
 * so the cell update for those units follows its block's product while the gate sums are still in
 * registers; input and recurrent kernels are one stacked matrix, rows [x_t; h].
 */
import { BLOCK_VECTORS, blockSizes, packBlocked } from '../wasm/blocked-weights';

/** The shape of a stage 1 CNN + LSTM: features → conv (kernel = stride) → conv → LSTM → dense(1). */
export interface Stage1Dims {
  features: number;
  kernel1: number;
  filters1: number;
  kernel2: number;
  filters2: number;
  units: number;
}

/** The layers' weights in tfjs's own layouts (Conv1D kernel [k, in, out]; LSTM gates i, f, c, o). */
export interface Stage1Weights {
  conv1Kernel: Float32Array;
  conv1Bias: Float32Array;
  conv2Kernel: Float32Array;
  conv2Bias: Float32Array;
  lstmKernel: Float32Array;
  lstmRecurrentKernel: Float32Array;
  lstmBias: Float32Array;
  denseKernel: Float32Array;
  denseBias: Float32Array;
}

/** Byte offsets of every region; all 16-byte aligned. */
export interface Stage1Layout {
  dims: Stage1Dims;
  /** Conv positions after each layer (= LSTM steps after the second). */
  positions1: number;
  steps: number;
  conv1Weights: number;
  conv1Bias: number;
  conv2Weights: number;
  conv2Bias: number;
  lstmWeights: number;
  lstmBias: number;
  denseWeights: number;
  denseBias: number;
  conv1Out: number;
  conv2Out: number;
  h0: number;
  h1: number;
  cell: number;
  input: number;
  output: number;
  /** Rows the input and output regions hold. */
  chunkRows: number;
  pages: number;
}

/** The dims the kernel handles: exact strides (no padding) and whole vectors everywhere. */
export function dimsSupported(d: Stage1Dims): boolean {
  const positive = Object.values(d).every((v) => Number.isInteger(v) && v > 0);
  return (
    positive &&
    d.features % d.kernel1 === 0 &&
    (d.features / d.kernel1) % d.kernel2 === 0 &&
    d.filters1 % 4 === 0 &&
    d.filters2 % 4 === 0 &&
    d.units % 4 === 0
  );
}

export function stage1Layout(dims: Stage1Dims, chunkRows = 2048): Stage1Layout {
  if (!dimsSupported(dims)) throw new Error(`fused stage 1: unsupported dims ${JSON.stringify(dims)}`);
  const positions1 = dims.features / dims.kernel1;
  const steps = positions1 / dims.kernel2;
  let at = 0;
  const region = (floats: number) => {
    const start = at;
    at += Math.ceil(floats / 4) * 16;
    return start;
  };
  const lstmRows = dims.filters2 + dims.units;
  const layout = {
    dims,
    positions1,
    steps,
    conv1Weights: region(dims.kernel1 * dims.filters1),
    conv1Bias: region(dims.filters1),
    conv2Weights: region(dims.kernel2 * dims.filters1 * dims.filters2),
    conv2Bias: region(dims.filters2),
    lstmWeights: region(lstmRows * 4 * dims.units),
    lstmBias: region(4 * dims.units),
    denseWeights: region(dims.units),
    denseBias: region(1),
    conv1Out: region(positions1 * dims.filters1),
    conv2Out: region(steps * dims.filters2),
    h0: region(dims.units),
    h1: region(dims.units),
    cell: region(dims.units),
    input: region(chunkRows * dims.features),
    output: region(chunkRows),
    chunkRows,
    pages: 0,
  };
  layout.pages = Math.ceil(at / 65536);
  return layout;
}

/** LSTM output column of packed position `j` within block `b` (groups of 4 units, gates side by side). */
function lstmColumn(units: number, blockFirstGroup: number, groups: number, j: number): number {
  const gate = Math.floor(j / (4 * groups));
  const inGate = j % (4 * groups);
  return gate * units + blockFirstGroup * 4 + inGate;
}

/** Writes the weights into the kernel's memory (a Float32Array over all of it). */
export function packStage1Weights(mem: Float32Array, layout: Stage1Layout, w: Stage1Weights): void {
  const d = layout.dims;
  packBlocked(mem, layout.conv1Weights, w.conv1Kernel, d.kernel1, d.filters1);
  mem.set(w.conv1Bias, layout.conv1Bias / 4);
  // Conv1D kernel [k, in, out] is already [k·in, out]: row k·in + c multiplies input (position k, channel c).
  packBlocked(mem, layout.conv2Weights, w.conv2Kernel, d.kernel2 * d.filters1, d.filters2);
  mem.set(w.conv2Bias, layout.conv2Bias / 4);
  const gates = 4 * d.units;
  const rows = d.filters2 + d.units;
  let o = layout.lstmWeights / 4;
  let b = layout.lstmBias / 4;
  let firstGroup = 0;
  for (const vectors of blockSizes(gates / 4)) {
    const groups = vectors / 4;
    const width = vectors * 4;
    for (let k = 0; k < rows; k++) {
      const source = k < d.filters2 ? w.lstmKernel : w.lstmRecurrentKernel;
      const row = k < d.filters2 ? k : k - d.filters2;
      for (let j = 0; j < width; j++) mem[o + k * width + j] = source[row * gates + lstmColumn(d.units, firstGroup, groups, j)];
    }
    for (let j = 0; j < width; j++) mem[b + j] = w.lstmBias[lstmColumn(d.units, firstGroup, groups, j)];
    o += rows * width;
    b += width;
    firstGroup += groups;
  }
  mem.set(w.denseKernel, layout.denseWeights / 4);
  mem[layout.denseBias / 4] = w.denseBias[0];
}
