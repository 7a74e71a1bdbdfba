/**
 * The wasm Tile/Unpack/SplitV replacements must move values exactly as tfjs's own kernels do:
 * checked against index-by-index definitions, then through tfjs on wasm against the cpu backend,
 * and through an LSTM (forward and gradient) against the original wasm kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfNode } from '../../../../scripts/lib/tf-node';
import { splitInto, tileInto } from '../../../../src/lib/models/kernels/tfjs-fixes/wasm-copy-kernels';

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
const iota = (n: number) => Float32Array.from({ length: n }, (_, i) => i + 0.5);

/** out[index] = x[index mod shape], axis by axis: Tile's definition. */
function naiveTile(x: Float32Array, shape: number[], reps: number[]): Float32Array {
  const outShape = shape.map((d, i) => d * reps[i]);
  const out = new Float32Array(product(outShape));
  for (let flat = 0; flat < out.length; flat++) {
    let rest = flat;
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const stride = product(outShape.slice(axis + 1));
      const coord = Math.floor(rest / stride) % shape[axis];
      rest %= stride;
      source += coord * product(shape.slice(axis + 1));
    }
    out[flat] = x[source];
  }
  return out;
}

describe('tileInto', () => {
  const cases: [number[], number[]][] = [
    [[8, 1], [1, 32]],
    [[3, 4], [2, 3]],
    [[2, 3, 4], [3, 1, 2]],
    [[5], [4]],
    [[1, 1, 1], [2, 3, 4]],
    [[2, 2], [1, 1]],
  ];
  for (const [shape, reps] of cases) {
    it(`tiles ${JSON.stringify(shape)} by ${JSON.stringify(reps)} as the definition says`, () => {
      const x = iota(product(shape));
      const out = new Float32Array(product(shape.map((d, i) => d * reps[i])));
      tileInto(out, x, shape, reps);
      expect(out).toEqual(naiveTile(x, shape, reps));
    });
  }
});

describe('splitInto', () => {
  it('splits along the first, a middle and the last axis, parts of any size', () => {
    const shape = [3, 10, 20];
    const x = iota(product(shape));
    for (const [axis, sizes] of [[0, [1, 2]], [1, [3, 7]], [1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]], [2, [5, 5, 10]], [2, [20]]] as [number, number[]][]) {
      const outs = sizes.map((s) => new Float32Array(product(shape.map((d, i) => (i === axis ? s : d)))));
      splitInto(outs, x, shape, axis, sizes);
      let start = 0;
      sizes.forEach((s, j) => {
        const expected: number[] = [];
        for (let a = 0; a < shape[0]; a++)
          for (let b = 0; b < shape[1]; b++)
            for (let c = 0; c < shape[2]; c++) {
              const coord = [a, b, c][axis];
              if (coord >= start && coord < start + s) expected.push(x[(a * shape[1] + b) * shape[2] + c]);
            }
        expect(Array.from(outs[j]), `axis ${axis}, part ${j}`).toEqual(expected);
        start += s;
      });
    }
  });
});

describe('registered on the wasm backend', () => {
  beforeAll(async () => {
    await initTfNode('wasm');
  });

  it('gives what the cpu backend gives for tile, unstack and split (float32 and int32)', async () => {
    const run = () =>
      tf.tidy(() => {
        const f = tf.tensor3d(Array.from(iota(2 * 5 * 6)), [2, 5, 6]);
        const i = tf.tensor2d(Array.from({ length: 12 }, (_, k) => k - 3), [3, 4], 'int32');
        return [
          tf.tile(f, [2, 1, 3]),
          tf.tile(i, [3, 2]),
          ...tf.unstack(f, 1),
          ...tf.unstack(i, 0),
          ...tf.split(f, 3, 2),
          ...tf.split(f, [1, -1, 2], 1),
          ...tf.split(i, [3, 1], 1),
        ].map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      });
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = run();
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    expect(onWasm).toEqual(onCpu);
  });

  it('leaves an LSTM\'s output and gradients exactly as the original wasm kernels give them', () => {
    const model = tf.sequential({
      layers: [tf.layers.lstm({ units: 8, inputShape: [5, 4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) })],
    });
    const x = tf.randomUniform([64, 5, 4], 0, 1, 'float32', 3);
    const outputAndGradients = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => (model.apply(x) as tf.Tensor).square().sum() as tf.Scalar);
        return [value, ...Object.values(grads)].map((t) => Array.from(t.dataSync()));
      });
    const fast = outputAndGradients();
    const current = ['Tile', 'Unpack', 'SplitV'].map((name) => tf.getKernel(name, 'wasm')!);
    // The replacements are in place (so this compares two different implementations) ...
    for (const k of current) expect(k.kernelFunc).not.toBe(ORIGINAL_KERNELS.get(k.kernelName)!.kernelFunc);
    // ... and tfjs-backend-wasm's own kernels, registered again for one run, give the same numbers.
    const swap = (configs: tf.KernelConfig[]) => {
      for (const k of configs) {
        tf.unregisterKernel(k.kernelName, 'wasm');
        tf.registerKernel(k);
        // Binds the kernel's wasm function (run at backend start-up, when the replacements were registered instead).
        k.setupFunc?.(tf.backend());
      }
    };
    swap([...ORIGINAL_KERNELS.values()]);
    try {
      expect(outputAndGradients()).toEqual(fast);
    } finally {
      swap(current);
    }
    x.dispose();
    model.dispose();
  });
});

// Captured at import, before initTfNode replaces them (tfjs-backend-wasm registers its kernels when imported).
const ORIGINAL_KERNELS = new Map(['Tile', 'Unpack', 'SplitV'].map((name) => [name, tf.getKernel(name, 'wasm')!] as const));
