/**
 * Fusing stage 1's attack probability with a novelty score, both first turned into normal
 * surprisals (normal-surprisal.ts): a = stage 1's, n = the novelty detector's. Each fusion is one
 * score, so one threshold control and a ROC curve serve it:
 * - `max` with offset δ: max(a + δ, n). Thresholding it at s is the OR rule "stage 1's surprisal ≥ s − δ
 *   or the novelty surprisal ≥ s": two thresholds whose ratio of normal tail shares is e^δ.
 * - `sum`: a + n, Fisher's combination of the two normal p-values (a row must be unusual on both, or very
 *   unusual on one).
 * - `logistic`: w0 + w1·a + w2·n + w3·a·n, weights fitted on labelled rows (fitLogistic).
 */
export type Fusion =
  | { kind: 'stage1' }
  | { kind: 'novelty' }
  | { kind: 'max'; offset: number }
  | { kind: 'sum' }
  | { kind: 'logistic'; weights: readonly number[] };

export function fusionName(f: Fusion): string {
  switch (f.kind) {
    case 'max':
      return `max(stage1 ${f.offset >= 0 ? '+' : '−'} ${Math.abs(f.offset)}, novelty)`;
    case 'logistic':
      return 'logistic';
    default:
      return f.kind;
  }
}

/** The logistic model's inputs for one row (intercept first). */
export function logisticFeatures(a: number, n: number): number[] {
  return [1, a, n, a * n];
}

export function fuse(f: Fusion, attackSurprisal: ArrayLike<number>, noveltySurprisal: ArrayLike<number>): Float64Array {
  if (attackSurprisal.length !== noveltySurprisal.length) {
    throw new RangeError(`fuse: ${attackSurprisal.length} stage 1 scores but ${noveltySurprisal.length} novelty scores`);
  }
  const out = new Float64Array(attackSurprisal.length);
  for (let i = 0; i < out.length; i++) {
    const a = attackSurprisal[i];
    const n = noveltySurprisal[i];
    switch (f.kind) {
      case 'stage1':
        out[i] = a;
        break;
      case 'novelty':
        out[i] = n;
        break;
      case 'max':
        out[i] = Math.max(a + f.offset, n);
        break;
      case 'sum':
        out[i] = a + n;
        break;
      case 'logistic': {
        // The linear predictor: monotone in the fitted probability, without its saturation to 1.
        const x = logisticFeatures(a, n);
        let z = 0;
        for (let k = 0; k < x.length; k++) z += f.weights[k] * x[k];
        out[i] = z;
        break;
      }
    }
  }
  return out;
}

/**
 * Weighted logistic regression by Newton's method (IRLS) with a small ridge penalty on the
 * non-intercept weights, so separable data still gives finite weights. `x` holds one feature row per
 * sample (intercept included), `y` 0/1, `w` per-sample weights.
 */
export function fitLogistic(x: readonly (readonly number[])[], y: ArrayLike<number>, w: ArrayLike<number>, ridge = 1e-3, iterations = 50): number[] {
  const rows = x.length;
  if (rows === 0) throw new Error('fitLogistic: no rows');
  const d = x[0].length;
  const beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    let weightSum = 0;
    for (let i = 0; i < rows; i++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += beta[k] * x[i][k];
      const p = 1 / (1 + Math.exp(-z));
      const wi = w[i];
      weightSum += wi;
      for (let k = 0; k < d; k++) {
        grad[k] += wi * (p - y[i]) * x[i][k];
        for (let l = 0; l < d; l++) hess[k][l] += wi * p * (1 - p) * x[i][k] * x[i][l];
      }
    }
    for (let k = 1; k < d; k++) {
      grad[k] += ridge * weightSum * beta[k];
      hess[k][k] += ridge * weightSum;
    }
    hess[0][0] += 1e-9 * weightSum;
    const step = solve(hess, grad);
    let change = 0;
    for (let k = 0; k < d; k++) {
      beta[k] -= step[k];
      change = Math.max(change, Math.abs(step[k]));
    }
    if (change < 1e-9) break;
  }
  return beta;
}

/** Solves A·s = b by Gaussian elimination with partial pivoting (A small, symmetric positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    if (m[c][c] === 0) throw new Error('fitLogistic: singular system');
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const s = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = m[r][n];
    for (let k = r + 1; k < n; k++) v -= m[r][k] * s[k];
    s[r] = v / m[r][r];
  }
  return s;
}
