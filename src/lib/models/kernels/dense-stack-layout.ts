/**
 * The fused dense stack (e.g. the hybrid DNN): Input[F] → Dense(relu)… → Dense(≤ 4 units, sigmoid),
 * its wasm memory and weight packing. Each layer's weights are blocked as in fused-stage1-layout.ts
 * (packBlocked); the last layer is padded with zero columns to one whole vector, so its sigmoid runs
 * on f32x4 like the rest and only its real units are written out.
 */
import { packBlocked } from './fused-stage1-layout';

export interface DenseStackDims {
  inputs: number;
  /** Units per layer: hidden (ReLU) ones a multiple of 4, the last (sigmoid) 1–4. */
  units: number[];
}

export interface DenseStackLayout {
  dims: DenseStackDims;
  /** Units per layer rounded up to whole vectors. */
  padded: number[];
  weights: number[];
  biases: number[];
  /** Each layer's output for the current record. */
  activations: number[];
  input: number;
  output: number;
  chunkRows: number;
  pages: number;
}

/** The layers' weights in tfjs's layout: kernel [in, units], bias [units], layer by layer. */
export interface DenseStackWeights {
  kernels: Float32Array[];
  biases: Float32Array[];
}

export function denseStackSupported(d: DenseStackDims): boolean {
  const ints = [d.inputs, ...d.units].every((v) => Number.isInteger(v) && v > 0);
  const last = d.units[d.units.length - 1];
  return ints && d.units.length >= 1 && d.units.slice(0, -1).every((u) => u % 4 === 0) && last <= 4;
}

export function denseStackLayout(dims: DenseStackDims, chunkRows = 2048): DenseStackLayout {
  if (!denseStackSupported(dims)) throw new Error(`fused dense stack: unsupported dims ${JSON.stringify(dims)}`);
  let at = 0;
  const region = (floats: number) => {
    const start = at;
    at += Math.ceil(floats / 4) * 16;
    return start;
  };
  const padded = dims.units.map((u) => Math.ceil(u / 4) * 4);
  const ins = [dims.inputs, ...dims.units.slice(0, -1)];
  const weights = padded.map((p, l) => region(ins[l] * p));
  const biases = padded.map((p) => region(p));
  const activations = padded.map((p) => region(p));
  const input = region(chunkRows * dims.inputs);
  const output = region(chunkRows * dims.units[dims.units.length - 1]);
  return { dims, padded, weights, biases, activations, input, output, chunkRows, pages: Math.ceil(at / 65536) };
}

/** [rows, units] → [rows, padded] with zero columns. */
function padColumns(w: Float32Array, rows: number, units: number, padded: number): Float32Array {
  if (units === padded) return w;
  const out = new Float32Array(rows * padded);
  for (let k = 0; k < rows; k++) out.set(w.subarray(k * units, (k + 1) * units), k * padded);
  return out;
}

export function packDenseStackWeights(mem: Float32Array, layout: DenseStackLayout, w: DenseStackWeights): void {
  const { dims, padded } = layout;
  const ins = [dims.inputs, ...dims.units.slice(0, -1)];
  padded.forEach((p, l) => {
    packBlocked(mem, layout.weights[l], padColumns(w.kernels[l], ins[l], dims.units[l], p), ins[l], p);
    mem.fill(0, layout.biases[l] / 4, layout.biases[l] / 4 + p);
    mem.set(w.biases[l], layout.biases[l] / 4);
  });
}
