/** Scoring with an Isolation Forest: the generated WebAssembly walk where it compiles, else the JS one (bit-identical). */
import { forestPathSums } from './forest-block-scorer';
import { assertMatrix, averagePathLength, type IsolationForestModel } from './forest-model';
import { forestScoringLayout } from './forest-scoring-layout';
import { forestWasmPathSums } from './forest-wasm-scorer';

/**
 * Anomaly scores s(x) = 2^(-E[h(x)] / c(ψ)) for each row of the row-major matrix `x`
 * ([rows, features]); in (0, 1], higher is more anomalous, ≈ 0.5 means nothing stands out.
 * Writes into `out` when given (length ≥ rows) and returns it. If the model was fitted on a
 * single row (c(ψ) = 0) every score is 0.5.
 */
export function scoreIsolationForest(
  model: IsolationForestModel,
  x: Float32Array,
  rows: number,
  features: number,
  out?: Float32Array,
): Float32Array {
  const fn = 'scoreIsolationForest';
  assertMatrix(fn, x, rows, features);
  if (features !== model.features) {
    throw new Error(`${fn}: model expects ${model.features} features, got ${features}`);
  }
  const result = out ?? new Float32Array(rows);
  if (result.length < rows) {
    throw new Error(`${fn}: out has length ${result.length}, fewer than rows = ${rows}`);
  }

  const cPsi = averagePathLength(model.sampleSize);
  if (cPsi === 0) {
    result.fill(0.5, 0, rows);
    return result;
  }
  // s = 2^(-sum / (trees * c)) = exp(sum * k)
  const k = -Math.LN2 / (model.trees * cPsi);
  const sums = new Float64Array(rows);
  const wasm = forestWasmPathSums(model);
  if (wasm) wasm(x, rows, sums);
  else forestPathSums(forestScoringLayout(model), x, rows, features, sums);
  for (let r = 0; r < rows; r++) result[r] = Math.exp(sums[r] * k);
  return result;
}
