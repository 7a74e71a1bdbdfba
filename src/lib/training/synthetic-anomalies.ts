/**
 * Synthetic anomalies for training stage 1: records whose every column is drawn independently from
 * a different normal record (samples of the product of the normal marginals). Each value is
 * plausible on its own, but the combination is not normal traffic, so a classifier that must reject
 * them learns the shape of "normal" rather than only the signatures of the attacks it was shown,
 * which is what unseen attacks need. Labels are left at −1; the caller marks them as attacks.
 */
import { allocateBatch, type RecordBatch } from '../ingest/record-batch';
import { randomInt, type Rng } from '../util/random';
import { CATEGORICAL_COUNT, NUMERIC_COUNT } from '../schema/schema';

export function productOfMarginals(source: RecordBatch, donors: ArrayLike<number>, count: number, rng: Rng): RecordBatch {
  if (donors.length === 0) throw new Error('productOfMarginals: no donor rows');
  const out = allocateBatch(count);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < NUMERIC_COUNT; j++) {
      out.numeric[r * NUMERIC_COUNT + j] = source.numeric[donors[randomInt(donors.length, rng)] * NUMERIC_COUNT + j];
    }
    for (let k = 0; k < CATEGORICAL_COUNT; k++) {
      out.categorical[r * CATEGORICAL_COUNT + k] = source.categorical[donors[randomInt(donors.length, rng)] * CATEGORICAL_COUNT + k];
    }
    out.labels[r] = -1;
    out.difficulty[r] = -1;
  }
  out.rowCount = count;
  return out;
}
