/**
 * The fused dense stack: Input[F] → (the strided conv front → Flatten)? → Dense(relu)… → a head
 * Dense(≤ 4 units, sigmoid) or Dense(4, softmax) — the hybrid DNN and stage 2 — its wasm memory
 * and weight packing. Each layer's weights are blocked as in fused-stage1-layout.ts (packBlocked);
 * the head is padded with zero columns to one whole vector, so its activation runs on f32x4 like
 * the rest and only its real units are written out. The conv front's output, [steps, filters2]
 * row-major, is already Flatten's order.
 */
import { packBlocked } from '../wasm/blocked-weights';
import type { StridedConvFront } from '../strided-conv-structure';

export type DenseHead = 'sigmoid' | 'softmax';

export interface DenseStackDims {
  inputs: number;
  conv: StridedConvFront | null;
  /** Units per layer: hidden (ReLU) ones a multiple of 4, the head 1–4 (softmax: 4). */
  units: number[];
  head: DenseHead;
}

export interface DenseStackLayout {
  dims: DenseStackDims;
  /** Inputs of the first Dense layer (the conv front's outputs when there is one). */
  denseInputs: number;
  /** Conv positions after each conv layer. */
  positions1: number;
  steps: number;
  conv: { weights1: number; bias1: number; weights2: number; bias2: number; out1: number; out2: number } | null;
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

/** The layers' weights in tfjs's layouts: conv kernels [k, in, out], Dense kernels [in, units], biases. */
export interface DenseStackWeights {
  conv: { kernel1: Float32Array; bias1: Float32Array; kernel2: Float32Array; bias2: Float32Array } | null;
  kernels: Float32Array[];
  biases: Float32Array[];
}

function convSupported(features: number, c: StridedConvFront): boolean {
  const ints = Object.values(c).every((v) => Number.isInteger(v) && v > 0);
  return ints && features % c.kernel1 === 0 && (features / c.kernel1) % c.kernel2 === 0 && c.filters1 % 4 === 0 && c.filters2 % 4 === 0;
}

export function denseStackSupported(d: DenseStackDims): boolean {
  const ints = [d.inputs, ...d.units].every((v) => Number.isInteger(v) && v > 0);
  const last = d.units[d.units.length - 1];
  const head = d.head === 'sigmoid' ? last <= 4 : d.head === 'softmax' && last === 4;
  return ints && d.units.length >= 1 && d.units.slice(0, -1).every((u) => u % 4 === 0) && head && (!d.conv || convSupported(d.inputs, d.conv));
}

export function denseStackLayout(dims: DenseStackDims, chunkRows = 2048): DenseStackLayout {
  if (!denseStackSupported(dims)) throw new Error(`fused dense stack: unsupported dims ${JSON.stringify(dims)}`);
  let at = 0;
  const region = (floats: number) => {
    const start = at;
    at += Math.ceil(floats / 4) * 16;
    return start;
  };
  const c = dims.conv;
  const positions1 = c ? dims.inputs / c.kernel1 : 0;
  const steps = c ? positions1 / c.kernel2 : 0;
  const conv = c && {
    weights1: region(c.kernel1 * c.filters1),
    bias1: region(c.filters1),
    weights2: region(c.kernel2 * c.filters1 * c.filters2),
    bias2: region(c.filters2),
    out1: region(positions1 * c.filters1),
    out2: region(steps * c.filters2),
  };
  const denseInputs = c ? steps * c.filters2 : dims.inputs;
  const padded = dims.units.map((u) => Math.ceil(u / 4) * 4);
  const ins = [denseInputs, ...dims.units.slice(0, -1)];
  const weights = padded.map((p, l) => region(ins[l] * p));
  const biases = padded.map((p) => region(p));
  const activations = padded.map((p) => region(p));
  const input = region(chunkRows * dims.inputs);
  const output = region(chunkRows * dims.units[dims.units.length - 1]);
  return { dims, denseInputs, positions1, steps, conv, padded, weights, biases, activations, input, output, chunkRows, pages: Math.ceil(at / 65536) };
}

/** [rows, units] → [rows, padded] with zero columns. */
function padColumns(w: Float32Array, rows: number, units: number, padded: number): Float32Array {
  if (units === padded) return w;
  const out = new Float32Array(rows * padded);
  for (let k = 0; k < rows; k++) out.set(w.subarray(k * units, (k + 1) * units), k * padded);
  return out;
}

export function packDenseStackWeights(mem: Float32Array, layout: DenseStackLayout, w: DenseStackWeights): void {
  const { dims, padded, conv } = layout;
  if (conv && dims.conv && w.conv) {
    const c = dims.conv;
    packBlocked(mem, conv.weights1, w.conv.kernel1, c.kernel1, c.filters1);
    mem.set(w.conv.bias1, conv.bias1 / 4);
    // Conv1D kernel [k, in, out] is already [k·in, out].
    packBlocked(mem, conv.weights2, w.conv.kernel2, c.kernel2 * c.filters1, c.filters2);
    mem.set(w.conv.bias2, conv.bias2 / 4);
  }
  const ins = [layout.denseInputs, ...dims.units.slice(0, -1)];
  padded.forEach((p, l) => {
    packBlocked(mem, layout.weights[l], padColumns(w.kernels[l], ins[l], dims.units[l], p), ins[l], p);
    mem.fill(0, layout.biases[l] / 4, layout.biases[l] / 4 + p);
    mem.set(w.biases[l], layout.biases[l] / 4);
  });
}
