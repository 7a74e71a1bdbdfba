/**
 * Thins a monotone curve (a ROC curve has one point per distinct score: up to a million) to what a
 * chart can draw: a point is kept when it lies at least `1 / resolution` (in x or y) from the last
 * kept point, and the first and last points are always kept. On a chart `resolution` pixels wide the
 * drawing does not change visibly. Pure.
 */
export function thinCurve(x: ArrayLike<number>, y: ArrayLike<number>, resolution: number): number[] {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`x has ${n} points, y ${y.length}`);
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const step = 1 / resolution;
  const kept = [0];
  let lx = x[0];
  let ly = y[0];
  for (let i = 1; i < n - 1; i++) {
    if (Math.abs(x[i] - lx) >= step || Math.abs(y[i] - ly) >= step) {
      kept.push(i);
      lx = x[i];
      ly = y[i];
    }
  }
  kept.push(n - 1);
  return kept;
}
