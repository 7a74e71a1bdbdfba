/**
 * The fine-tuning experiment's samples: a seeded shuffle of a file's rows, the first `fraction`
 * "the user's own labelled traffic" (fine-tuned on), the rest (in file order) held back to measure
 * on. Row indices only, so the Node test (records) and the page test (text lines) take the same rows.
 */
import { createRng, shuffleInPlace } from '../../src/lib/util/random';

export interface LabelledSample {
  tune: Int32Array;
  rest: Int32Array;
}

export function labelledSample(rowCount: number, fraction: number, seed: number): LabelledSample {
  const order = shuffleInPlace(Int32Array.from({ length: rowCount }, (_, i) => i), createRng(seed));
  const cut = Math.round(rowCount * fraction);
  const inTune = new Uint8Array(rowCount);
  for (let k = 0; k < cut; k++) inTune[order[k]] = 1;
  const tune = order.slice(0, cut).sort();
  const rest = Int32Array.from({ length: rowCount - cut });
  for (let i = 0, k = 0; i < rowCount; i++) if (!inTune[i]) rest[k++] = i;
  return { tune, rest };
}
