/**
 * Confusion matrices from label/prediction arrays.
 * A negative actual label means "unlabeled" (e.g. a capture without ground truth) and is skipped.
 */

export interface BinaryConfusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** K×K counts, rows = actual class, columns = predicted class. Rows with actual < 0 are skipped. */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classCount: number,
): number[][] {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} entries, predicted ${predicted.length}`);
  }
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    if (a < 0) continue;
    const p = predicted[i];
    // A class index outside 0..K-1 is a caller bug; counting it silently would skew every metric.
    if (!isClassIndex(a, classCount) || !isClassIndex(p, classCount)) {
      throw new RangeError(`entry ${i}: actual ${a} / predicted ${p} is not a class index below ${classCount}`);
    }
    matrix[a][p]++;
  }
  return matrix;
}

/**
 * Binary counts with 1 (any value > 0) = attack/positive and 0 = normal/negative.
 * Entries whose actual label is < 0 (or NaN) are unlabeled and skipped.
 */
export function binaryConfusion(actual: ArrayLike<number>, predicted: ArrayLike<number>): BinaryConfusion {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} entries, predicted ${predicted.length}`);
  }
  const counts: BinaryConfusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    if (!(a >= 0)) continue;
    const predictedPositive = predicted[i] > 0;
    if (a > 0) {
      if (predictedPositive) counts.tp++;
      else counts.fn++;
    } else if (predictedPositive) counts.fp++;
    else counts.tn++;
  }
  return counts;
}

function isClassIndex(v: number, classCount: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < classCount;
}
