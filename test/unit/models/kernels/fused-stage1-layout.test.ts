/**
 * The kernel's memory plan: which dims it takes, aligned regions that do not overlap and fit the
 * pages, and where packing puts each weight (blocks of 4 vectors; LSTM gates of 4 units side by side).
 */
import { describe, expect, it } from 'vitest';
import { dimsSupported, packStage1Weights, stage1Layout, type Stage1Dims, type Stage1Weights } from '../../../../src/lib/models/kernels/fused-stage1/fused-stage1-layout';
import { blockSizes } from '../../../../src/lib/models/kernels/wasm/blocked-weights';

const SHIPPED: Stage1Dims = { features: 125, kernel1: 5, filters1: 16, kernel2: 5, filters2: 32, units: 32 };

describe('dims', () => {
  it('takes exact strides and whole vectors only', () => {
    expect(dimsSupported(SHIPPED)).toBe(true);
    expect(dimsSupported({ ...SHIPPED, features: 126 })).toBe(false); // 126/5 is not whole: 'same' would pad
    expect(dimsSupported({ ...SHIPPED, kernel2: 4 })).toBe(false); // 25 positions, stride 4
    expect(dimsSupported({ ...SHIPPED, filters1: 18 })).toBe(false);
    expect(dimsSupported({ ...SHIPPED, units: 30 })).toBe(false);
    expect(dimsSupported({ ...SHIPPED, units: 0 })).toBe(false);
  });

  it('splits outputs into blocks of 4 vectors and a tail', () => {
    expect(blockSizes(8)).toEqual([4, 4]);
    expect(blockSizes(5)).toEqual([4, 1]);
    expect(blockSizes(3)).toEqual([3]);
  });
});

describe('stage1Layout', () => {
  it('gives 16-byte aligned, disjoint regions inside its pages', () => {
    const l = stage1Layout(SHIPPED, 100);
    const regions: [number, number][] = [
      [l.conv1Weights, 5 * 16],
      [l.conv1Bias, 16],
      [l.conv2Weights, 80 * 32],
      [l.conv2Bias, 32],
      [l.lstmWeights, 64 * 128],
      [l.lstmBias, 128],
      [l.denseWeights, 32],
      [l.denseBias, 1],
      [l.conv1Out, 25 * 16],
      [l.conv2Out, 5 * 32],
      [l.h0, 32],
      [l.h1, 32],
      [l.cell, 32],
      [l.input, 100 * 125],
      [l.output, 100],
    ];
    regions.forEach(([start], i) => expect(start % 16, `region ${i}`).toBe(0));
    const sorted = [...regions].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][0] + 4 * sorted[i - 1][1]);
    const [lastStart, lastFloats] = sorted[sorted.length - 1];
    expect(l.pages * 65536).toBeGreaterThanOrEqual(lastStart + 4 * lastFloats);
    expect([l.positions1, l.steps]).toEqual([25, 5]);
  });
});

describe('packStage1Weights', () => {
  // Every weight its own index + 1 (within its tensor) and a tensor tag, so each packed value names its source.
  const dims: Stage1Dims = { features: 12, kernel1: 2, filters1: 20, kernel2: 2, filters2: 4, units: 8 };
  const tagged = (n: number, tag: number) => Float32Array.from({ length: n }, (_, i) => tag * 1000 + i + 1);
  const w: Stage1Weights = {
    conv1Kernel: tagged(2 * 20, 1),
    conv1Bias: tagged(20, 2),
    conv2Kernel: tagged(2 * 20 * 4, 3),
    conv2Bias: tagged(4, 4),
    lstmKernel: tagged(4 * 32, 5),
    lstmRecurrentKernel: tagged(8 * 32, 6),
    lstmBias: tagged(32, 7),
    denseKernel: tagged(8, 8),
    denseBias: tagged(1, 9),
  };
  const layout = stage1Layout(dims, 4);
  const mem = new Float32Array(layout.pages * 16384);
  packStage1Weights(mem, layout, w);

  it('conv kernels in blocks of 16 outputs, row by row, then the tail block', () => {
    const at = layout.conv1Weights / 4;
    // Block 0: rows k = 0, 1 of outputs 0..15; then the tail block (outputs 16..19) for both rows.
    expect(Array.from(mem.subarray(at, at + 16))).toEqual(Array.from(w.conv1Kernel.subarray(0, 16)));
    expect(Array.from(mem.subarray(at + 16, at + 32))).toEqual(Array.from(w.conv1Kernel.subarray(20, 36)));
    expect(Array.from(mem.subarray(at + 32, at + 40))).toEqual([1017, 1018, 1019, 1020, 1037, 1038, 1039, 1040]);
    expect(Array.from(mem.subarray(layout.conv1Bias / 4, layout.conv1Bias / 4 + 20))).toEqual(Array.from(w.conv1Bias));
  });

  it('LSTM blocks of 4 units with gates i, f, c, o side by side, input rows then recurrent rows', () => {
    const at = layout.lstmWeights / 4;
    const rows = 4 + 8;
    const column = (gate: number, unit: number) => gate * 8 + unit; // in tfjs's [in, 4·units] layout
    for (const block of [0, 1]) {
      for (const k of [0, 3, 4, 11]) {
        const packed = Array.from(mem.subarray(at + block * rows * 16 + k * 16, at + block * rows * 16 + (k + 1) * 16));
        const expected = [0, 1, 2, 3].flatMap((gate) =>
          [0, 1, 2, 3].map((u) => (k < 4 ? w.lstmKernel[k * 32 + column(gate, block * 4 + u)] : w.lstmRecurrentKernel[(k - 4) * 32 + column(gate, block * 4 + u)])),
        );
        expect(packed, `block ${block} row ${k}`).toEqual(expected);
      }
      const bias = Array.from(mem.subarray(layout.lstmBias / 4 + block * 16, layout.lstmBias / 4 + block * 16 + 16));
      expect(bias).toEqual([0, 1, 2, 3].flatMap((gate) => [0, 1, 2, 3].map((u) => w.lstmBias[column(gate, block * 4 + u)])));
    }
    expect(mem[layout.denseBias / 4]).toBe(9001);
  });
});
