/**
 * The two files of "Try the demo" (vite.config.ts builds them into dist/demo/): the demo capture
 * (scripts/lib/demo-traffic.ts) and its records as `npm run extract` writes them, with a `label`
 * column of NSL-KDD attack names, decided by who talked to whom (demoScenarioOf), never by a model.
 *
 * Labels: the flood is `neptune` (NSL-KDD's SYN flood) and the FTP logins `guess_passwd`. The scan is
 * `portsweep`: in the DARPA 1998 data NSL-KDD comes from, portsweep is the sweep through many ports of
 * one host to see which services it runs (what nmap -sS of one server is), while `satan` is a
 * vulnerability scanner probing known weaknesses and `ipsweep` / `nmap` map many hosts.
 */
import { captureSource } from '../../src/lib/ingest/pcap/capture-source';
import { csvField, RECORD_CSV_HEADER } from '../../src/lib/ingest/traffic/record-csv';
import { demoCapture, demoScenarioOf, type DemoScenario } from './demo-traffic';

export const DEMO_CAPTURE_NAME = 'demo-capture.pcap';
export const DEMO_RECORDS_NAME = 'demo-records.csv';

export const NSL_KDD_LABEL_OF: Record<DemoScenario, string> = {
  normal: 'normal',
  'port-scan': 'portsweep',
  'syn-flood': 'neptune',
  'password-guessing': 'guess_passwd',
};

/** Where orig_h and resp_h sit in a record's fields: after the 41 features and ts. */
const ORIG_H = 42;
const RESP_H = 44;

/** The capture's records as text fields (41 features, then ts, orig_h, orig_p, resp_h, resp_p), in the app's own order. */
export async function captureRecordFields(capture: Uint8Array): Promise<string[][]> {
  const rows: string[][] = [];
  async function* once() {
    yield capture;
  }
  await captureSource.read(once(), { onBatch: () => {}, onRecordFields: (fields) => void rows.push(fields) });
  return rows;
}

export function scenarioOfFields(fields: readonly string[]): DemoScenario {
  return demoScenarioOf(fields[ORIG_H], fields[RESP_H]);
}

/** The records as a CSV: `npm run extract`'s header and rows, each with its label. */
export function labelledRecordsCsv(records: readonly string[][]): string {
  const lines = records.map((fields) => `${fields.map(csvField).join(',')},${NSL_KDD_LABEL_OF[scenarioOfFields(fields)]}`);
  return `${RECORD_CSV_HEADER},label\n${lines.join('\n')}\n`;
}

export interface DemoFiles {
  capture: Uint8Array;
  recordsCsv: string;
  /** Records per scenario, for the page's description and the tests. */
  counts: Record<DemoScenario, number>;
}

export async function demoFiles(seed?: number): Promise<DemoFiles> {
  const capture = demoCapture(seed);
  const records = await captureRecordFields(capture);
  const counts: Record<DemoScenario, number> = { normal: 0, 'port-scan': 0, 'syn-flood': 0, 'password-guessing': 0 };
  for (const fields of records) counts[scenarioOfFields(fields)]++;
  return { capture, recordsCsv: labelledRecordsCsv(records), counts };
}
