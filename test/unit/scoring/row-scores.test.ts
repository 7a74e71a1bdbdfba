/**
 * The app keeps stage 2's outputs for every row and decides flags at any threshold later; that must
 * give exactly what the pipeline (and `npm run predict`) gives at the same threshold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfNode } from '../../../scripts/lib/tf-node';
import { loadModelsFromDir } from '../../../scripts/lib/models-node';
import { MODELS_DIR } from '../../../scripts/lib/read-file';
import { readRecords } from '../../../src/lib/ingest/csv/csv-reader';
import type { ModelBundle } from '../../../src/lib/models/model-bundle';
import { scoreBatch } from '../../../src/lib/scoring/pipeline';
import { concatBatches, type RecordBatch } from '../../../src/lib/ingest/record-batch';
import { decideAtThreshold } from '../../../src/lib/scoring/row-scores';
import { scoreAllRows } from '../../../src/lib/scoring/score-all-rows';
import { syntheticRecords, toNslKddText } from '../../../scripts/lib/synthetic-records';

describe('decideAtThreshold', () => {
  it('flags at score ≥ threshold and hides stage 2 on unflagged rows', () => {
    const s = {
      rowCount: 3,
      rowNumbers: Uint32Array.of(4, 7, 9),
      score: Float32Array.of(0.2, 0.5, 0.9),
      stage2Category: Uint8Array.of(3, 1, 2),
      stage2Score: Float32Array.of(0.6, 0.7, 0.8),
      ifScore: Float32Array.of(0.4, 0.5, 0.6),
      hybridScore: Float32Array.of(0.1, 0.2, 0.3),
    };
    const d = decideAtThreshold(s, 0.5, 1, 3);
    expect(Array.from(d.rowNumbers)).toEqual([7, 9]);
    expect(Array.from(d.anomaly)).toEqual([1, 1]);
    expect(Array.from(d.category)).toEqual([1, 2]);
    const all = decideAtThreshold(s, 0.6);
    expect(Array.from(all.anomaly)).toEqual([0, 0, 1]);
    expect(Array.from(all.category)).toEqual([0, 0, 2]);
    expect(Number.isNaN(all.categoryScore[0])).toBe(true);
    expect(all.categoryScore[2]).toBeCloseTo(0.8, 6);
  });
});

describe('scoreAllRows + decideAtThreshold on the shipped models', () => {
  let bundle: ModelBundle;
  let batch: RecordBatch;

  beforeAll(async () => {
    await initTfNode('wasm');
    bundle = await loadModelsFromDir(MODELS_DIR);
    const batches: RecordBatch[] = [];
    await readRecords(toNslKddText(syntheticRecords(600, 31)), { onBatch: (b) => void batches.push(b) });
    batch = concatBatches(batches);
  });

  it('equals scoreBatch at the model threshold and at others', async () => {
    const all = await scoreAllRows(bundle, batch);
    for (const threshold of [bundle.manifest.stage1.threshold, 0.05, 0.5, 0.95]) {
      const expected = await scoreBatch(bundle, batch, { threshold });
      const got = decideAtThreshold(all, threshold);
      expect(Array.from(got.rowNumbers)).toEqual(Array.from(expected.rowNumbers));
      expect(Array.from(got.anomaly)).toEqual(Array.from(expected.anomaly));
      expect(Array.from(got.category)).toEqual(Array.from(expected.category));
      for (const key of ['score', 'categoryScore', 'ifScore', 'hybridScore'] as const) {
        got[key].forEach((v, i) => {
          if (Number.isNaN(expected[key][i])) expect(v).toBeNaN();
          else expect(Math.abs(v - expected[key][i])).toBeLessThan(1e-6);
        });
      }
    }
  });
});
