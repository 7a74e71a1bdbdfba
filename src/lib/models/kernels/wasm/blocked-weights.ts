/**
 * Weights stored in blocks of up to BLOCK_VECTORS output vectors (16 outputs: 4 accumulators, the most
 * V8's register allocator keeps in registers next to the 4 weight vectors loaded per input; 8 spilled
 * and ran at half the speed): a block's weights row by row, blocks one after another, so a generated
 * kernel streams a layer's weights with one pointer (wasm-emit.ts reads them so). Shared by every
 * generated kernel.
 */

export const BLOCK_VECTORS = 4;

/** Vector counts of the blocks covering `vectors` output vectors: full blocks, then the rest. */
export function blockSizes(vectors: number, perBlock = BLOCK_VECTORS): number[] {
  const sizes = new Array(Math.floor(vectors / perBlock)).fill(perBlock);
  if (vectors % perBlock) sizes.push(vectors % perBlock);
  return sizes;
}

/** A [rows, outputs] matrix into blocks: per block, per row, that block's outputs (mem in floats). */
export function packBlocked(mem: Float32Array, at: number, w: Float32Array, rows: number, outputs: number): void {
  let o = at / 4;
  let first = 0;
  for (const vectors of blockSizes(outputs / 4)) {
    const width = vectors * 4;
    for (let k = 0; k < rows; k++) mem.set(w.subarray(k * outputs + first, k * outputs + first + width), o + k * width);
    o += rows * width;
    first += width;
  }
}
