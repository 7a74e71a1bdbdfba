/** DataRowCounter must number rows exactly as RecordParser does, or exports would pair the wrong lines. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DataRowCounter } from '../../src/lib/data-rows';
import { RecordParser } from '../../src/lib/record-parser';
import { FEATURES } from '../../src/lib/schema';
import { syntheticRecords, toHeaderCsv, toNslKddText } from '../fixtures/synthetic-records';

function rowsOf(text: string): string[][] {
  return Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false }).data;
}

/** Row numbers the parser accepts, and the ones the counter gives to the same raw rows. */
function numbering(text: string) {
  const accepted: number[] = [];
  const parser = new RecordParser(4, (b) => accepted.push(...b.rowNumbers.subarray(0, b.rowCount)));
  const counter = new DataRowCounter();
  const counted: { row: number; first: string }[] = [];
  for (const fields of rowsOf(text)) {
    parser.pushRow(fields);
    const row = counter.next(fields);
    if (row > 0) counted.push({ row, first: fields[0] });
  }
  parser.finish();
  return { accepted, counted, counter };
}

describe('DataRowCounter', () => {
  it('numbers a headerless file like RecordParser, blank and bad rows included', () => {
    const lines = toNslKddText(syntheticRecords(12, 3)).trimEnd().split('\n');
    lines[3] = '1,2,3'; // rejected: row 4
    lines.splice(6, 0, ''); // a blank line: row 7
    const text = `\n\n${lines.join('\n')}\n`; // two leading blank lines are not rows
    const { accepted, counted, counter } = numbering(text);
    const countedRows = counted.filter((c) => c.first !== '1' || c.row !== 4).map((c) => c.row);
    for (const row of accepted) expect(countedRows).toContain(row);
    expect(accepted).not.toContain(4);
    expect(accepted).not.toContain(7);
    // The counter sees the same data rows in the same places: row 4 is the ragged one.
    expect(counted.find((c) => c.row === 4)?.first).toBe('1');
    expect(counted.find((c) => c.row === 7)?.first).toBe('');
    expect(counter.hasHeader).toBe(false);
    expect(counter.columns).toEqual([...FEATURES.map((f) => f.name), 'label', 'difficulty']);
  });

  it('skips the header and keeps its names as written', () => {
    const columns = [...FEATURES.map((f) => f.name), 'label', 'difficulty', 'note'];
    const text = `\uFEFF${toHeaderCsv(syntheticRecords(5, 4), columns)}`;
    const { accepted, counted, counter } = numbering(text);
    expect(counted.map((c) => c.row).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(accepted).toEqual([1, 2, 3, 4, 5]);
    expect(counter.hasHeader).toBe(true);
    expect(counter.columns).toEqual(columns);
  });
});
