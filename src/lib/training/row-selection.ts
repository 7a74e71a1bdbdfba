/** Picking rows out of flat typed arrays: shared by training and fine-tuning. */

/** Indices i where pred(a[i]) holds. */
export function indicesWhere(a: ArrayLike<number>, pred: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (pred(a[i])) out.push(i);
  return out;
}

/** The given rows of a row-major [rows, width] matrix, in that order. */
export function gatherRows(x: Float32Array, rows: readonly number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, k) => out.set(x.subarray(r * width, (r + 1) * width), k * width));
  return out;
}
