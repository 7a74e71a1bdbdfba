/**
 * Turns extracted records (captures, conn.log) into RecordBatches with their identity. Each record goes
 * through the CSV path's RecordParser as the row `npm run extract` writes for it, so a capture scores
 * exactly like its extracted CSV, and vocabularies, unseen values and the summary come from one place.
 */
import type { ExtractedRecord } from './connections/connection';
import { RecordParser } from './csv/record-parser';
import { allocateIdentity, formatTs, IDENTITY_COLUMNS, type IdentityColumns } from './record-identity';
import type { RecordBatch } from './record-batch';
import type { ParseSummary } from './summary';
import { featureValues, NSL_KDD_FEATURE_NAMES } from './traffic/extracted-record';
import { formatNumber } from './traffic/record-csv';

/** The columns of an extracted record, as `npm run extract` writes them: the 41 features, then who and when. */
export const EXTRACTED_RECORD_COLUMNS: readonly string[] = [...NSL_KDD_FEATURE_NAMES, ...IDENTITY_COLUMNS];

/** A record as the text fields `npm run extract` writes (features, then identity). */
export function recordFields(r: ExtractedRecord): string[] {
  const fields = featureValues(r).map((v) => (typeof v === 'number' ? formatNumber(v) : v));
  const id = r.identity;
  fields.push(formatTs(id.ts), id.origH, String(id.origP), id.respH, String(id.respP));
  return fields;
}

export class ExtractedRecordBatcher {
  private readonly parser: RecordParser;
  /** Identities of rows pushed but not yet in an emitted batch; `pendingFirstRow` is the row of the first. */
  private pending: ExtractedRecord[] = [];
  private pendingFirstRow = 1;
  private readonly fields: string[] = new Array(NSL_KDD_FEATURE_NAMES.length);
  private readonly values: (number | string)[] = new Array(NSL_KDD_FEATURE_NAMES.length);

  /** `onFields`: each record's text fields (features and identity) as it is pushed, for `npm run extract`. */
  constructor(
    batchSize: number,
    onBatch: (batch: RecordBatch) => void,
    private readonly onFields?: (fields: string[]) => void,
  ) {
    this.parser = new RecordParser(batchSize, (batch) => onBatch(this.withIdentity(batch)));
    this.parser.pushRow(NSL_KDD_FEATURE_NAMES);
  }

  get counts() {
    return this.parser.counts;
  }

  push(record: ExtractedRecord): void {
    if (this.onFields) this.onFields(recordFields(record));
    const values = featureValues(record, this.values);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      this.fields[i] = typeof v === 'number' ? formatNumber(v) : v;
    }
    this.pending.push(record);
    this.parser.pushRow(this.fields);
  }

  /** Emits the records so far as a batch now (see ReadOptions.live). */
  flush(): void {
    this.parser.flush();
  }

  finish(): ParseSummary {
    return { ...this.parser.finish(), hasIdentity: true };
  }

  /** The batch with the identity of each of its rows (found by row number: a rejected row has none). */
  private withIdentity(batch: RecordBatch): RecordBatch {
    const n = batch.rowCount;
    const identity: IdentityColumns = allocateIdentity(n);
    for (let i = 0; i < n; i++) {
      const r = this.pending[batch.rowNumbers[i] - this.pendingFirstRow];
      identity.ts[i] = r.identity.ts;
      identity.origH[i] = r.identity.origH;
      identity.origP[i] = r.identity.origP;
      identity.respH[i] = r.identity.respH;
      identity.respP[i] = r.identity.respP;
      identity.packets[i] = r.packets;
    }
    const last = n > 0 ? batch.rowNumbers[n - 1] : this.pendingFirstRow - 1;
    this.pending = this.pending.slice(last + 1 - this.pendingFirstRow);
    this.pendingFirstRow = last + 1;
    return { ...batch, identity };
  }
}
