/**
 * Turns extracted records (captures, conn.log) into RecordBatches with their identity. Each record goes
 * through the CSV path's RecordParser as the values its `npm run extract` row reads back as (rates
 * rounded as written, see valueAsWritten), not as text: formatting every record and parsing it again
 * was most of the cost. So a capture scores exactly like its extracted CSV, and validation,
 * vocabularies, unseen values and the summary come from one place (a value the parser's values entry
 * does not take goes through the text row, so even a reject reads the same).
 */
import type { ExtractedRecord, RecordIdentity } from './connections/connection';
import { RecordParser } from './csv/record-parser';
import { allocateIdentity, type IdentityColumns } from './record-identity';
import type { RecordBatch } from './record-batch';
import type { ParseSummary } from './summary';
import { featureValues, NSL_KDD_FEATURE_NAMES } from './traffic/extracted-record';
import { EXTRACTED_RECORD_COLUMNS, formatNumber, recordFields, valueAsWritten } from './traffic/record-csv';


export { EXTRACTED_RECORD_COLUMNS, recordFields };

export class ExtractedRecordBatcher {
  private readonly parser: RecordParser;
  /**
   * Identity and packets of rows pushed but not yet in an emitted batch; `pendingFirstRow` is the row of
   * the first. Only these are kept, not the records (whose feature objects would otherwise live until
   * their batch is full).
   */
  private pendingIdentity: RecordIdentity[] = [];
  private pendingPackets: number[] = [];
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
      if (typeof v === 'number') values[i] = valueAsWritten(v);
    }
    this.pendingIdentity.push(record.identity);
    this.pendingPackets.push(record.packets);
    if (!this.parser.pushValues(values)) this.parser.pushRow(this.textFields(record));
  }

  /** The record's feature fields as `npm run extract` writes them (for a row the values entry does not take). */
  private textFields(record: ExtractedRecord): string[] {
    const values = featureValues(record, this.values);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      this.fields[i] = typeof v === 'number' ? formatNumber(v) : v;
    }
    return this.fields;
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
      const at = batch.rowNumbers[i] - this.pendingFirstRow;
      const id = this.pendingIdentity[at];
      identity.ts[i] = id.ts;
      identity.origH[i] = id.origH;
      identity.origP[i] = id.origP;
      identity.respH[i] = id.respH;
      identity.respP[i] = id.respP;
      identity.packets[i] = this.pendingPackets[at];
    }
    const last = n > 0 ? batch.rowNumbers[n - 1] : this.pendingFirstRow - 1;
    this.pendingIdentity = this.pendingIdentity.slice(last + 1 - this.pendingFirstRow);
    this.pendingPackets = this.pendingPackets.slice(last + 1 - this.pendingFirstRow);
    this.pendingFirstRow = last + 1;
    return { ...batch, identity };
  }
}
