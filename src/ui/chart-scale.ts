/** Axis ticks for bar charts: 0 up to a "nice" maximum (1, 2 or 5 × 10^k steps). */
export function niceTicks(max: number, approxCount = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / approxCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Integer multiples avoid accumulating floating-point error in the tick values.
  for (let i = 0; i * step <= top + step / 2; i++) ticks.push(i * step);
  return ticks;
}
