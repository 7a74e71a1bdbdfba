/**
 * Scores a batch through the shared pipeline with stage 2 on every row, so a threshold can be moved
 * later without running a model again (see row-scores.ts). Stage 2 is cheap: on all rows instead of
 * the flagged ones it adds about 5 % to the time of a batch.
 */
import type { ModelBundle } from '../models/model-bundle';
import { scoreBatch } from './pipeline';
import type { RecordBatch } from '../ingest/record-batch';
import type { RowScores } from './row-scores';

export async function scoreAllRows(bundle: ModelBundle, batch: RecordBatch, options: { tensorBatch?: number } = {}): Promise<RowScores> {
  // At −∞ every row counts as flagged, so scoreBatch runs stage 2 on all of them.
  const s = await scoreBatch(bundle, batch, { threshold: -Infinity, tensorBatch: options.tensorBatch });
  return {
    rowCount: s.rowCount,
    rowNumbers: s.rowNumbers,
    score: s.score,
    stage2Category: s.category,
    stage2Score: s.categoryScore,
    ifScore: s.ifScore,
    hybridScore: s.hybridScore,
  };
}
