/**
 * All scored rows of a file in flat typed arrays (what predict, evaluate and the app keep), plus
 * each row's true category when the file is labelled (index into CATEGORIES, −1 when unlabelled or
 * an unknown attack name, which is counted apart).
 */
import { trueCategories } from '../schema/true-category';
import type { ScoredBatch } from './pipeline';
import type { RecordBatch } from '../ingest/record-batch';

export interface ScoredRecords extends ScoredBatch {
  /** True category index per row, or −1. */
  trueCategory: Int8Array;
  /** Index into the file's label vocabulary, or −1. */
  label: Int32Array;
}

export class ScoredRecordsBuilder {
  private parts: { scored: ScoredBatch; label: Int32Array }[] = [];

  add(scored: ScoredBatch, batch: RecordBatch): void {
    this.parts.push({ scored, label: batch.labels.slice(0, batch.rowCount) });
  }

  /** `labelVocabulary` is the reader's (its known names first), kept for callers that print labels. */
  build(_labelVocabulary: readonly string[]): ScoredRecords {
    const n = this.parts.reduce((s, p) => s + p.scored.rowCount, 0);
    const out: ScoredRecords = {
      rowCount: n,
      rowNumbers: new Uint32Array(n),
      score: new Float32Array(n),
      anomaly: new Uint8Array(n),
      category: new Uint8Array(n),
      categoryScore: new Float32Array(n),
      ifScore: new Float32Array(n),
      hybridScore: new Float32Array(n),
      trueCategory: new Int8Array(n),
      label: new Int32Array(n),
    };
    let at = 0;
    for (const { scored, label } of this.parts) {
      out.rowNumbers.set(scored.rowNumbers, at);
      out.score.set(scored.score, at);
      out.anomaly.set(scored.anomaly, at);
      out.category.set(scored.category, at);
      out.categoryScore.set(scored.categoryScore, at);
      out.ifScore.set(scored.ifScore, at);
      out.hybridScore.set(scored.hybridScore, at);
      out.label.set(label, at);
      out.trueCategory.set(trueCategories(label), at);
      at += scored.rowCount;
    }
    return out;
  }
}
