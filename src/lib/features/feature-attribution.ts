/**
 * Per-feature attribution of a model score: gradient × input for each model input column, summed
 * back into the original features (the one-hot columns `service=http`, `service=ftp`, … all count
 * for `service`). Positive contributions push the score up (towards "attack"). Pure.
 */

export interface FeatureAttribution {
  /** Original feature name (`src_bytes`, `service`, …). */
  feature: string;
  contribution: number;
}

/** The original feature a model column belongs to: `service=http` → `service`. */
export function featureOfColumn(column: string): string {
  const eq = column.indexOf('=');
  return eq < 0 ? column : column.slice(0, eq);
}

/** Largest |contribution| first; equal magnitudes keep the model's column order. */
export function attributionByFeature(
  columns: readonly string[],
  input: ArrayLike<number>,
  gradient: ArrayLike<number>,
): FeatureAttribution[] {
  if (input.length !== columns.length || gradient.length !== columns.length) {
    throw new RangeError(`${columns.length} columns, but ${input.length} inputs and ${gradient.length} gradients`);
  }
  const sums = new Map<string, number>();
  for (let j = 0; j < columns.length; j++) {
    const feature = featureOfColumn(columns[j]);
    sums.set(feature, (sums.get(feature) ?? 0) + input[j] * gradient[j]);
  }
  return [...sums].map(([feature, contribution]) => ({ feature, contribution })).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}
