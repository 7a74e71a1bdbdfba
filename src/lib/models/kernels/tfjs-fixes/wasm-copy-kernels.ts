/**
 * Faster Tile, Unpack and SplitV for tfjs's wasm backend. An LSTM step splits its gate matrix in
 * four (SplitV), the layer unstacks its input into time steps (Unpack) and tiles its zero initial
 * state (Tile); in tfjs-backend-wasm 4.22 these go through a generic strided copy that took ~40 % of
 * stage 1's time (profiled: 100 of 250 ms per 8,192 rows). They only move values, so block copies on
 * the wasm heap give bit-identical results. Inputs whose values are not on the heap (strings) keep
 * the original kernels.
 */
import * as tf from '@tensorflow/tfjs';

type HeapArray = Float32Array | Int32Array | Uint8Array;

interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): HeapArray;
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Tile as block copies: innermost axis first, then each outer axis repeats the block built so far. */
export function tileInto(out: HeapArray, x: HeapArray, shape: readonly number[], reps: readonly number[]): void {
  const rank = shape.length;
  const outShape = shape.map((d, i) => d * reps[i]);
  const fill = (outOffset: number, xOffset: number, axis: number): void => {
    const n = shape[axis];
    if (axis === rank - 1) {
      if (n === 1) out.fill(x[xOffset], outOffset, outOffset + reps[axis]);
      else for (let r = 0; r < reps[axis]; r++) out.set(x.subarray(xOffset, xOffset + n), outOffset + r * n);
      return;
    }
    const outInner = product(outShape.slice(axis + 1));
    const xInner = product(shape.slice(axis + 1));
    for (let i = 0; i < n; i++) fill(outOffset + i * outInner, xOffset + i * xInner, axis + 1);
    const block = n * outInner;
    for (let r = 1; r < reps[axis]; r++) out.copyWithin(outOffset + r * block, outOffset, outOffset + block);
  };
  if (rank === 0) out[0] = x[0];
  else if (out.length > 0) fill(0, 0, 0);
}

/** Copies each part of `x` along `axis` (sizes `sizes`) into `outs`. Unpack is the case of sizes all 1. */
export function splitInto(outs: HeapArray[], x: HeapArray, shape: readonly number[], axis: number, sizes: readonly number[]): void {
  const outer = product(shape.slice(0, axis));
  const inner = product(shape.slice(axis + 1));
  const rowLength = shape[axis] * inner;
  let start = 0;
  sizes.forEach((size, j) => {
    const out = outs[j];
    const length = size * inner;
    if (length === 1) for (let o = 0; o < outer; o++) out[o] = x[o * rowLength + start];
    else if (length < 16) {
      for (let o = 0; o < outer; o++) {
        const from = o * rowLength + start;
        const to = o * length;
        for (let k = 0; k < length; k++) out[to + k] = x[from + k];
      }
    } else for (let o = 0; o < outer; o++) out.set(x.subarray(o * rowLength + start, o * rowLength + start + length), o * length);
    start += length;
  });
}

function splitSizes(dim: number, numOrSizeSplits: number | number[]): number[] {
  if (typeof numOrSizeSplits === 'number') return new Array(numOrSizeSplits).fill(dim / numOrSizeSplits);
  const known = numOrSizeSplits.reduce((a, s) => (s === -1 ? a : a + s), 0);
  return numOrSizeSplits.map((s) => (s === -1 ? dim - known : s));
}

const onHeap = (t: tf.TensorInfo) => t.dtype !== 'string' && t.dtype !== 'complex64';

let registered = false;

/** Replaces the wasm backend's Tile, Unpack and SplitV (once; before or after the backend starts). */
export function registerWasmCopyKernels(): void {
  if (registered) return;
  registered = true;
  const replace = (kernelName: string, kernelFunc: (args: { inputs: tf.NamedTensorInfoMap; attrs: tf.NamedAttrMap; backend: WasmBackend }, original: tf.KernelFunc) => tf.TensorInfo | tf.TensorInfo[]) => {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original) return;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: (args) => kernelFunc(args as unknown as Parameters<typeof kernelFunc>[0], original.kernelFunc),
    });
  };

  replace('Tile', ({ inputs, attrs, backend }, original) => {
    const x = inputs.x!;
    if (!onHeap(x)) return original({ inputs, attrs, backend: backend as unknown as tf.KernelBackend });
    const reps = attrs.reps as number[];
    // Outputs first: allocating may grow the heap, which would detach views taken before.
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype);
    tileInto(backend.typedArrayFromHeap(out), backend.typedArrayFromHeap(x), x.shape, reps);
    return out;
  });

  replace('Unpack', ({ inputs, attrs, backend }, original) => {
    const x = inputs.value!;
    if (!onHeap(x)) return original({ inputs, attrs, backend: backend as unknown as tf.KernelBackend });
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const shape = x.shape.filter((_, i) => i !== axis);
    const outs = Array.from({ length: x.shape[axis] }, () => backend.makeOutput(shape, x.dtype));
    splitInto(
      outs.map((o) => backend.typedArrayFromHeap(o)),
      backend.typedArrayFromHeap(x),
      x.shape,
      axis,
      outs.map(() => 1),
    );
    return outs;
  });

  replace('SplitV', ({ inputs, attrs, backend }, original) => {
    const x = inputs.x!;
    if (!onHeap(x)) return original({ inputs, attrs, backend: backend as unknown as tf.KernelBackend });
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const sizes = splitSizes(x.shape[axis], attrs.numOrSizeSplits as number | number[]);
    const outs = sizes.map((size) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? size : d)), x.dtype));
    splitInto(
      outs.map((o) => backend.typedArrayFromHeap(o)),
      backend.typedArrayFromHeap(x),
      x.shape,
      axis,
      sizes,
    );
    return outs;
  });
}
