/**
 * The demo of "Try the demo" (scripts/lib/demo-files.ts): the same bytes every time, its CSV holds
 * exactly the capture's records as the app reads them, and each label is its record's scenario.
 */
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/lib/ingest';
import { CATEGORICAL_COUNT, NUMERIC_COUNT } from '../../src/lib/schema/schema';
import { RECORD_CSV_HEADER } from '../../src/lib/ingest/traffic/record-csv';
import { captureRecordFields, demoFiles, NSL_KDD_LABEL_OF, scenarioOfFields } from '../../scripts/lib/demo-files';
import { DEMO_SCENARIOS } from '../../scripts/lib/demo-traffic';

describe('the demo', async () => {
  const demo = await demoFiles();
  const lines = demo.recordsCsv.trimEnd().split('\n');

  it('is deterministic: the same capture and CSV twice', async () => {
    const again = await demoFiles();
    expect(Buffer.from(again.capture).equals(Buffer.from(demo.capture))).toBe(true);
    expect(again.recordsCsv).toBe(demo.recordsCsv);
  });

  it('is small, and every scenario has records', () => {
    expect(demo.capture.length).toBeLessThan(400_000);
    for (const scenario of DEMO_SCENARIOS) expect(demo.counts[scenario], scenario).toBeGreaterThan(10);
    expect(lines.length - 1).toBe(Object.values(demo.counts).reduce((a, b) => a + b, 0));
  });

  it("holds the capture's records, as `npm run extract` writes them, each with its scenario's label", async () => {
    expect(lines[0]).toBe(`${RECORD_CSV_HEADER},label`);
    const records = await captureRecordFields(demo.capture);
    expect(lines.length - 1).toBe(records.length);
    records.forEach((fields, i) => {
      const row = lines[i + 1].split(',');
      expect(row.slice(0, -1)).toEqual(fields);
      expect(row.at(-1)).toBe(NSL_KDD_LABEL_OF[scenarioOfFields(fields)]);
    });
  });

  it('reads through the app as the same records: the CSV and the capture give the same feature values', async () => {
    const read = async (input: Blob) => {
      const rows: { numeric: number[]; categorical: number[] }[] = [];
      const summary = await readInput(input, {
        onBatch: (b) => {
          for (let i = 0; i < b.rowCount; i++) {
            rows.push({
              numeric: [...b.numeric.subarray(i * NUMERIC_COUNT, (i + 1) * NUMERIC_COUNT)],
              categorical: [...b.categorical.subarray(i * CATEGORICAL_COUNT, (i + 1) * CATEGORICAL_COUNT)],
            });
          }
        },
      });
      return { summary, rows };
    };
    const fromCsv = await read(new Blob([demo.recordsCsv]));
    const fromCapture = await read(new Blob([new Uint8Array(demo.capture)]));
    expect(fromCsv.summary.rowsRejected).toBe(0);
    expect(fromCsv.summary.ignoredColumns).toEqual(['ts', 'orig_h', 'orig_p', 'resp_h', 'resp_p']);
    expect(fromCsv.rows).toEqual(fromCapture.rows);
  });
});
