/** Streams a CSV file through the shared pipeline and keeps every row's scores (for evaluate and bench). */
import { createReadStream, statSync } from 'node:fs';
import { readRecords } from '../../src/lib/csv-reader';
import type { ModelBundle } from '../../src/lib/model-bundle';
import { scoreBatch } from '../../src/lib/pipeline';
import type { ParseSummary } from '../../src/lib/record-parser';
import { ScoredRecordsBuilder, type ScoredRecords } from '../../src/lib/scored-records';

export async function scoreFile(bundle: ModelBundle, path: string): Promise<{ summary: ParseSummary; records: ScoredRecords; seconds: number }> {
  const started = performance.now();
  const builder = new ScoredRecordsBuilder();
  const summary = await readRecords(createReadStream(path), {
    totalBytes: statSync(path).size,
    onBatch: async (batch) => builder.add(await scoreBatch(bundle, batch), batch),
  });
  return { summary, records: builder.build(summary.labelVocabulary), seconds: (performance.now() - started) / 1000 };
}
