/**
 * Test helper: a generated capture read by the app's reader, its records as the incidents library
 * takes them, with stage 1's score and stage 2's category chosen by the test (a rule on who talked to
 * whom), so the tests check grouping and naming, not the shipped models.
 */
import { readInput } from '../../../src/lib/ingest';
import type { RecordBatch } from '../../../src/lib/ingest/record-batch';
import { CATEGORIES, type AttackCategory } from '../../../src/lib/schema/categories';
import { factsOfBatch, flaggedRecords, type FlaggedRecord } from '../../../src/lib/incidents';

export interface Flagging {
  /** The score stage 1 gives a record (flagged at ≥ 0.5). */
  score(origH: string, respH: string, row: number): number;
  /** The category stage 2 gives it. */
  category(origH: string, respH: string, row: number): AttackCategory;
}

export async function flaggedOfCapture(capture: Uint8Array, flagging: Flagging): Promise<{ flagged: FlaggedRecord[]; records: number }> {
  const batches: RecordBatch[] = [];
  const summary = await readInput(new Blob([capture as BlobPart]), { onBatch: (b) => void batches.push(b) });
  const flagged: FlaggedRecord[] = [];
  let offset = 0;
  for (const batch of batches) {
    const id = batch.identity!;
    const n = batch.rowCount;
    const score = new Float32Array(n);
    const stage2Category = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = flagging.score(id.origH[i], id.respH[i], batch.rowNumbers[i]);
      stage2Category[i] = CATEGORIES.indexOf(flagging.category(id.origH[i], id.respH[i], batch.rowNumbers[i]));
    }
    flagged.push(
      ...flaggedRecords(
        {
          length: n,
          rowNumbers: batch.rowNumbers,
          score,
          stage2Category,
          facts: factsOfBatch(batch),
          identity: { ts: id.ts, origP: id.origP, respP: id.respP, packets: id.packets, origH: (i) => id.origH[i], respH: (i) => id.respH[i] },
          vocabularies: summary.vocabularies,
        },
        0.5,
        offset,
      ),
    );
    offset += n;
  }
  return { flagged, records: offset };
}
