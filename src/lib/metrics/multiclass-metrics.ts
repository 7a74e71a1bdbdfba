/**
 * Multiclass metrics from a K×K confusion matrix (rows = actual, columns = predicted).
 * Ratios with a zero denominator (0/0) are defined as 0, as in binary-metrics.
 */

export interface MulticlassMetrics {
  /** trace / total; 0 for an empty matrix. */
  accuracy: number;
  /** Per class: diagonal / column sum. */
  precision: number[];
  /** Per class: diagonal / row sum. */
  recall: number[];
  /** Per class: 2·diagonal / (row sum + column sum). */
  f1: number[];
  /** Per class: row sum (how many samples actually are that class). */
  support: number[];
  /**
   * Mean per-class F1 over the classes that occur at all: support > 0 OR predicted at least once.
   * A class absent from both the truth and the predictions has nothing to score (its F1 would be 0/0),
   * so averaging it in as 0 would punish a test slice merely for lacking, say, U2R rows.
   * This equals sklearn's f1_score(average='macro') when `labels` is left to default to the classes seen.
   */
  macroF1: number;
}

function ratio(n: number, d: number): number {
  return d === 0 ? 0 : n / d;
}

export function multiclassMetrics(matrix: readonly (readonly number[])[]): MulticlassMetrics {
  const k = matrix.length;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError(`confusion matrix must be square: ${k} rows, a row of ${row.length}`);
  }
  const support = new Array<number>(k).fill(0);
  const predictedCount = new Array<number>(k).fill(0);
  let total = 0;
  let correct = 0;
  for (let a = 0; a < k; a++) {
    for (let p = 0; p < k; p++) {
      const n = matrix[a][p];
      support[a] += n;
      predictedCount[p] += n;
      total += n;
    }
    correct += matrix[a][a];
  }

  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  let f1Sum = 0;
  let classesSeen = 0;
  for (let c = 0; c < k; c++) {
    const hits = matrix[c][c];
    precision.push(ratio(hits, predictedCount[c]));
    recall.push(ratio(hits, support[c]));
    f1.push(ratio(2 * hits, support[c] + predictedCount[c]));
    if (support[c] > 0 || predictedCount[c] > 0) {
      f1Sum += f1[c];
      classesSeen++;
    }
  }

  return { accuracy: ratio(correct, total), precision, recall, f1, support, macroF1: ratio(f1Sum, classesSeen) };
}
