/** DataRowCounter must number rows exactly as RecordParser does, or exports would pair the wrong lines. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecords, splitRows } from '../../../../src/lib/ingest/csv/csv-reader';
import { DataRowCounter, DataRowSink } from '../../../../src/lib/ingest/csv/data-rows';
import { RecordParser } from '../../../../src/lib/ingest/csv/record-parser';
import { FEATURES, NUMERIC_COUNT } from '../../../../src/lib/schema/schema';
import { HOSTILE_CORPUS, writeCorpus } from '../../../../scripts/lib/hostile-corpus';
import { syntheticRecords, toHeaderCsv, toNslKddText } from '../../../../scripts/lib/synthetic-records';

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

describe('DataRowSink through splitRows (how the worker re-reads a file)', () => {
  /**
   * Every row readRecords accepted is handed over again under the same number, with the same first
   * field; rows it could not tokenise are skipped under theirs. Over the whole hostile corpus.
   */
  it('numbers every readable corpus file as readRecords does, in pieces of any size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tal-data-rows-'));
    const paths = await writeCorpus(dir, HOSTILE_CORPUS.filter((c) => !('error' in c.expected) && c.name !== 'million-rows.csv').map((c) => c.name));
    expect(paths.size).toBe(13);
    for (const [name, file] of paths) {
      const bytes = readFileSync(file);
      for (const chunkBytes of [1 << 20, 333]) {
        const accepted = new Map<number, number>();
        await readRecords(new Blob([bytes]), {
          chunkBytes,
          onBatch: (b) => {
            for (let i = 0; i < b.rowCount; i++) accepted.set(b.rowNumbers[i], b.numeric[i * NUMERIC_COUNT]);
          },
        });
        const reread = new Map<number, number>();
        const sink = new DataRowSink((row, fields) => {
          reread.set(row, Number(fields[sink.counter.hasHeader ? sink.counter.columns!.indexOf('duration') : 0]));
          return true;
        });
        await splitRows(new Blob([bytes]), sink, { chunkBytes });
        const mismatched = [...accepted].filter(([row, duration]) => reread.get(row) !== duration);
        expect(mismatched, `${name}, pieces of ${chunkBytes}`).toEqual([]);
      }
    }
  });

  it('stops reading when onRow gives false', async () => {
    const text = toNslKddText(syntheticRecords(5000, 9));
    const seen: number[] = [];
    const sink = new DataRowSink((row) => (seen.push(row), row < 10));
    let pieces = 0;
    await splitRows(text, sink, { chunkBytes: 1000, afterPiece: () => (pieces++, !sink.stopped) });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(pieces).toBe(2); // row 10 ends in the second piece of 1,000 characters; the other ~700 are not read
  });
});
