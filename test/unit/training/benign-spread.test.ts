import { describe, expect, it } from 'vitest';
import { completedExchanges, SPREAD_RATES, spreadCopies, WINDOW_COUNTS } from '../../../src/lib/training/benign-spread';
import { allocateBatch } from '../../../src/lib/ingest/record-batch';
import { createRng } from '../../../src/lib/util/random';
import { CATEGORICAL_COUNT, CATEGORICAL_FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES, VOCABULARIES } from '../../../src/lib/schema/schema';

const col = (name: string) => NUMERIC_FEATURES.indexOf(name);
const FLAG = CATEGORICAL_FEATURES.indexOf('flag');

/** Rows: 0 SF with bytes both ways, 1 S0 (no reply), 2 SF without reply bytes, 3 SF with bytes both ways. */
function batch() {
  const b = allocateBatch(4);
  b.rowCount = 4;
  const flags = ['SF', 'S0', 'SF', 'SF'];
  const dstBytes = [300, 0, 0, 90];
  for (let r = 0; r < 4; r++) {
    for (let j = 0; j < NUMERIC_COUNT; j++) b.numeric[r * NUMERIC_COUNT + j] = 0.125; // a marker no redraw gives
    b.numeric[r * NUMERIC_COUNT + col('src_bytes')] = 40 + r;
    b.numeric[r * NUMERIC_COUNT + col('dst_bytes')] = dstBytes[r];
    b.numeric[r * NUMERIC_COUNT + col('num_failed_logins')] = r;
    b.categorical[r * CATEGORICAL_COUNT + FLAG] = VOCABULARIES.flag.indexOf(flags[r]);
    b.categorical[r * CATEGORICAL_COUNT] = r; // protocol slot tells the donor
    b.rowNumbers[r] = r + 1;
  }
  return b;
}

describe('spreadCopies', () => {
  it('copies only completed exchanges (SF, bytes both ways)', () => {
    expect(completedExchanges(batch())).toEqual([0, 3]);
    const out = spreadCopies(batch(), 200, createRng(1));
    expect(out.rowCount).toBe(200);
    const donors = new Set(Array.from({ length: 200 }, (_, r) => out.categorical[r * CATEGORICAL_COUNT]));
    expect([...donors].sort()).toEqual([0, 3]);
  });

  it('redraws window counts and spread rates in range, keeps content, bytes and categories, keeps service shares summing to 1', () => {
    const src = batch();
    const out = spreadCopies(src, 500, createRng(2));
    let changedCounts = 0;
    let changedRates = 0;
    for (let r = 0; r < out.rowCount; r++) {
      const o = r * NUMERIC_COUNT;
      const donor = out.categorical[r * CATEGORICAL_COUNT];
      for (const [j, max] of WINDOW_COUNTS) {
        const v = out.numeric[o + j];
        if (v !== 0.125) {
          changedCounts++;
          expect(Number.isInteger(v) && v >= 0 && v <= max).toBe(true);
        }
      }
      for (const j of SPREAD_RATES) {
        const v = out.numeric[o + j];
        if (v !== 0.125) {
          changedRates++;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      for (const [same, other] of [['same_srv_rate', 'diff_srv_rate'], ['dst_host_same_srv_rate', 'dst_host_diff_srv_rate']]) {
        const a = out.numeric[o + col(same)];
        const b = out.numeric[o + col(other)];
        if (a !== 0.125) expect(a + b).toBeCloseTo(1, 5);
        else expect(b).toBe(0.125);
      }
      expect(out.numeric[o + col('num_failed_logins')]).toBe(donor);
      expect(out.numeric[o + col('src_bytes')]).toBe(40 + donor);
      expect(out.numeric[o + col('serror_rate')]).toBe(0.125);
      expect(out.categorical[r * CATEGORICAL_COUNT + FLAG]).toBe(VOCABULARIES.flag.indexOf('SF'));
      expect(out.labels[r]).toBe(-1);
    }
    // Each column is redrawn with probability 1/2: about half of 2,000 counts and 1,500 rates.
    expect(changedCounts).toBeGreaterThan(850);
    expect(changedCounts).toBeLessThan(1150);
    expect(changedRates).toBeGreaterThan(600);
    expect(changedRates).toBeLessThan(900);
  });

  it('is seeded, and gives none when the baseline has no completed exchange', () => {
    expect(spreadCopies(batch(), 20, createRng(5)).numeric).toEqual(spreadCopies(batch(), 20, createRng(5)).numeric);
    const noExchange = batch();
    for (let r = 0; r < 4; r++) noExchange.numeric[r * NUMERIC_COUNT + col('dst_bytes')] = 0;
    expect(spreadCopies(noExchange, 20, createRng(5)).rowCount).toBe(0);
  });
});
