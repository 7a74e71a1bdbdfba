/**
 * The threshold slider's scale: positions 0..SCALE_STEPS on log-odds from 1e-4 to 1 − 1e-6, so the
 * region where capture scores pile up (0.99–0.99999) gets as many steps as 0.1–0.9 (a linear slider
 * in 0.001 steps had ten positions between 0.99 and 1). Pure.
 */
export const SCALE_STEPS = 1000;
const LOW = Math.log(1e-4 / (1 - 1e-4));
const HIGH = Math.log((1 - 1e-6) / 1e-6);

/** The threshold at slider position `position` (0..SCALE_STEPS). */
export function thresholdAt(position: number): number {
  const z = LOW + (Math.min(SCALE_STEPS, Math.max(0, position)) / SCALE_STEPS) * (HIGH - LOW);
  return 1 / (1 + Math.exp(-z));
}

/** The nearest slider position of threshold `t` (0 and 1 go to the ends). */
export function positionOf(t: number): number {
  if (!(t > 0)) return 0;
  if (!(t < 1)) return SCALE_STEPS;
  const z = Math.log(t / (1 - t));
  return Math.min(SCALE_STEPS, Math.max(0, Math.round(((z - LOW) / (HIGH - LOW)) * SCALE_STEPS)));
}
