/**
 * Normal examples for learning a baseline: copies of the baseline's completed exchanges (flag SF, bytes
 * both ways) with their time- and host-window columns redrawn. Modern clients spread one service over
 * many hosts and open many connections in a burst (a resolver probing a hundred DNS servers, an app
 * polling its CDN), so on a network the models have not seen, busy windows around a completed exchange
 * say little. Floods and scans are not completed exchanges (S0, REJ, no reply bytes), so what the
 * pretrained model knows of them is untouched; copies of a short baseline would otherwise teach that
 * only the window counts it happened to contain are normal (measured: README "Learning your network's
 * normal"). Content columns (logins, files) are kept as they are.
 */
import { allocateBatch, type RecordBatch } from '../ingest/record-batch';
import { CATEGORICAL_COUNT, CATEGORICAL_FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES, VOCABULARIES } from '../schema/schema';
import { randomInt, type Rng } from '../util/random';

const column = (name: string) => {
  const j = NUMERIC_FEATURES.indexOf(name);
  if (j < 0) throw new Error(`${name} is not a numeric column`);
  return j;
};

/** Window counts and their largest values in NSL-KDD (2-s windows count to 511, host windows to 255). */
export const WINDOW_COUNTS: readonly [number, number][] = [
  [column('count'), 511],
  [column('srv_count'), 511],
  [column('dst_host_count'), 255],
  [column('dst_host_srv_count'), 255],
];
/** Rates of how a window spreads over hosts, services and source ports. */
export const SPREAD_RATES: readonly number[] = ['srv_diff_host_rate', 'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate'].map(column);
/** Pairs that add up to 1: same service vs other services, in the time window and the host window. */
const SERVICE_SHARES: readonly [number, number][] = [
  [column('same_srv_rate'), column('diff_srv_rate')],
  [column('dst_host_same_srv_rate'), column('dst_host_diff_srv_rate')],
];

const SRC_BYTES = column('src_bytes');
const DST_BYTES = column('dst_bytes');
const FLAG = CATEGORICAL_FEATURES.indexOf('flag');
const SF = VOCABULARIES.flag.indexOf('SF');

/** Rows of `batch` that are completed exchanges: flag SF and bytes in both directions. */
export function completedExchanges(batch: RecordBatch): number[] {
  const rows: number[] = [];
  for (let r = 0; r < batch.rowCount; r++) {
    if (batch.categorical[r * CATEGORICAL_COUNT + FLAG] === SF && batch.numeric[r * NUMERIC_COUNT + SRC_BYTES] > 0 && batch.numeric[r * NUMERIC_COUNT + DST_BYTES] > 0) rows.push(r);
  }
  return rows;
}

/** A count in [0, max], uniform on the log scale the preprocessor reads it on. */
const logUniformCount = (max: number, rng: Rng) => Math.round(Math.expm1(rng() * Math.log1p(max)));
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * `count` copies of random completed exchanges of `batch`, each window column redrawn with probability
 * `share` (counts log-uniform up to NSL-KDD's largest, rates uniform; a same/other service pair stays
 * summing to 1). Labels are −1 (the caller trains them as normal). Empty when there are no completed exchanges.
 */
export function spreadCopies(batch: RecordBatch, count: number, rng: Rng, share = 0.5): RecordBatch {
  const donors = completedExchanges(batch);
  const n = donors.length === 0 ? 0 : count;
  const out = allocateBatch(n);
  for (let r = 0; r < n; r++) {
    const from = donors[randomInt(donors.length, rng)];
    const o = r * NUMERIC_COUNT;
    out.numeric.set(batch.numeric.subarray(from * NUMERIC_COUNT, (from + 1) * NUMERIC_COUNT), o);
    out.categorical.set(batch.categorical.subarray(from * CATEGORICAL_COUNT, (from + 1) * CATEGORICAL_COUNT), r * CATEGORICAL_COUNT);
    for (const [j, max] of WINDOW_COUNTS) if (rng() < share) out.numeric[o + j] = logUniformCount(max, rng);
    for (const j of SPREAD_RATES) if (rng() < share) out.numeric[o + j] = round6(rng());
    for (const [same, other] of SERVICE_SHARES) {
      if (rng() < share) {
        const v = round6(rng());
        out.numeric[o + same] = v;
        out.numeric[o + other] = round6(1 - v);
      }
    }
    out.labels[r] = -1;
    out.difficulty[r] = -1;
    out.rowNumbers[r] = batch.rowNumbers[from];
  }
  out.rowCount = n;
  return out;
}
