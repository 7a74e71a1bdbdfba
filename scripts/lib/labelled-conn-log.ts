/**
 * A labelled Zeek conn.log (datasets/ctu-normal: Zeek's columns, then `label` and `detailedlabel`):
 * the records as the product reads them (the label columns are not Zeek's and are ignored there), and
 * each record's label, joined back by its identity (start time, addresses, ports). Evaluation only.
 */
import { readFileSync } from 'node:fs';
import type { RecordBatch } from '../../src/lib/ingest/record-batch';
import { readRecords } from './baseline-measurement';

export type FlowLabel = 'Benign' | 'Malicious' | 'Background';

export interface LabelledConnLog {
  batch: RecordBatch;
  /** Per record of `batch`. */
  labels: FlowLabel[];
}

const key = (ts: number, origH: string, origP: number, respH: string, respP: number) => `${ts}|${origH}|${origP}|${respH}|${respP}`;

export async function readLabelledConnLog(path: string): Promise<LabelledConnLog> {
  const bytes = new Uint8Array(readFileSync(path));
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  const fields = lines.find((l) => l.startsWith('#fields'))?.split('\t').slice(1);
  if (!fields) throw new Error(`${path}: no #fields line`);
  const at = (name: string) => {
    const i = fields.indexOf(name);
    if (i < 0) throw new Error(`${path}: no ${name} column`);
    return i;
  };
  const [ts, oh, op, rh, rp, label] = ['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'label'].map(at);
  // Several connections may share an identity: their labels queue in file order.
  const byKey = new Map<string, FlowLabel[]>();
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    const k = key(Number(f[ts]), f[oh], Number(f[op]), f[rh], Number(f[rp]));
    const l = f[label] as FlowLabel;
    if (l !== 'Benign' && l !== 'Malicious' && l !== 'Background') throw new Error(`${path}: unknown label ${f[label]}`);
    const q = byKey.get(k);
    if (q) q.push(l);
    else byKey.set(k, [l]);
  }
  const batch = await readRecords(bytes);
  const id = batch.identity;
  if (!id) throw new Error(`${path}: the records carry no identity`);
  const labels: FlowLabel[] = [];
  for (let i = 0; i < batch.rowCount; i++) {
    const l = byKey.get(key(id.ts[i], id.origH[i], id.origP[i], id.respH[i], id.respP[i]))?.shift();
    if (!l) throw new Error(`${path}: record ${i + 1} matches no labelled line`);
    labels.push(l);
  }
  return { batch, labels };
}
