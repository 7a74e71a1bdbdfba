/**
 * Probes of the pretrained model's attack knowledge, for learning a baseline without labels: model
 * inputs made from baseline records with one to three columns changed (a numeric column to any value
 * of its scaled range, a categorical column to any of its values). The frozen pretrained stage 1
 * scores them; what it calls an attack (a SYN-error rate of 1, a burst of connections, failed logins
 * on a record otherwise like the baseline) becomes a training example of an attack, so the adapted
 * model keeps flagging what the pretrained one knew while it learns that the baseline itself is normal.
 * Working in the model's input space keeps every changed value inside the range the model was trained on.
 */
import type { PreprocessorJSON } from '../features/preprocessor';
import { NUMERIC_COUNT } from '../schema/schema';
import { randomInt, type Rng } from '../util/random';

/** Column groups of the model input: one per numeric column, one block of one-hot slots per categorical column. */
export interface InputColumns {
  width: number;
  /** [start, length] of each categorical column's one-hot block (its unknown slot included). */
  categoricalBlocks: [number, number][];
}

export function inputColumns(json: PreprocessorJSON): InputColumns {
  const categoricalBlocks: [number, number][] = [];
  let start = NUMERIC_COUNT;
  for (const c of json.categorical) {
    categoricalBlocks.push([start, c.values.length + 1]);
    start += c.values.length + 1;
  }
  return { width: json.featureCount, categoricalBlocks };
}

/** `count` probes from random rows of `x` ([rows, width]), each with 1 to `maxChanges` columns changed, and the row each came from. */
export function perturbedInputs(x: Float32Array, rows: number, columns: InputColumns, count: number, rng: Rng, maxChanges = 3): { x: Float32Array; source: Int32Array } {
  const { width, categoricalBlocks } = columns;
  const groups = NUMERIC_COUNT + categoricalBlocks.length;
  const out = new Float32Array(count * width);
  const sources = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    const source = (sources[p] = randomInt(rows, rng));
    const o = p * width;
    out.set(x.subarray(source * width, (source + 1) * width), o);
    const changes = 1 + randomInt(maxChanges, rng);
    for (let c = 0; c < changes; c++) {
      const g = randomInt(groups, rng);
      if (g < NUMERIC_COUNT) out[o + g] = rng();
      else {
        const [start, length] = categoricalBlocks[g - NUMERIC_COUNT];
        out.fill(0, o + start, o + start + length);
        out[o + start + randomInt(length, rng)] = 1;
      }
    }
  }
  return { x: out, source: sources };
}
