/** Streams a CSV file through the shared pipeline and keeps every row's scores (for evaluate and bench). */
import { createReadStream, statSync } from 'node:fs';
import { readInput } from '../../src/lib/ingest';
import type { ModelBundle } from '../../src/lib/models/model-bundle';
import { scoreBatch } from '../../src/lib/scoring/pipeline';
import type { ParseSummary } from '../../src/lib/ingest/csv/record-parser';
import { ScoredRecordsBuilder, type ScoredRecords } from '../../src/lib/scoring/scored-records';

export async function scoreFile(bundle: ModelBundle, path: string): Promise<{ summary: ParseSummary; records: ScoredRecords; seconds: number }> {
  const started = performance.now();
  const builder = new ScoredRecordsBuilder();
  const summary = await readInput(createReadStream(path), {
    totalBytes: statSync(path).size,
    onBatch: async (batch) => builder.add(await scoreBatch(bundle, batch), batch),
  });
  return { summary, records: builder.build(summary.labelVocabulary), seconds: (performance.now() - started) / 1000 };
}
