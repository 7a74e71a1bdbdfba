/**
 * The reader's defences, whatever the chunking: a row longer than MAX_ROW_CHARS and a quote that is
 * never closed are each one rejected row, and reading goes on after them; a file that is not text,
 * or has only a header, is refused with one message.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords, type CsvInput } from '../../../../src/lib/ingest/csv/csv-reader';
import { FileFormatError } from '../../../../src/lib/ingest/csv/column-layout';
import { MAX_ROW_CHARS, TOO_LONG_REASON, type ParseSummary } from '../../../../src/lib/ingest/csv/record-parser';
import type { RecordBatch } from '../../../../src/lib/ingest/record-batch';
import { FEATURES } from '../../../../src/lib/schema/schema';
import { syntheticRecords, toNslKddText } from '../../../../scripts/lib/synthetic-records';

const UNCLOSED = 'a quoted field opens in this row and is never closed; reading went on at the next line';

function recordLines(count: number, seed: number): string[] {
  return toNslKddText(syntheticRecords(count, seed)).trimEnd().split('\n');
}

/** Field 3 (service) of a headerless line replaced. */
function withService(line: string, service: string): string {
  const fields = line.split(',');
  fields[2] = service;
  return fields.join(',');
}

async function read(input: CsvInput, chunkBytes?: number): Promise<{ summary: ParseSummary; rows: number[] }> {
  const rows: number[] = [];
  const summary = await readRecords(input, {
    chunkBytes,
    batchSize: 64,
    onBatch: (b: RecordBatch) => void rows.push(...b.rowNumbers.subarray(0, b.rowCount)),
  });
  return { summary, rows };
}

const range = (n: number, skip: number[]) => Array.from({ length: n }, (_, i) => i + 1).filter((r) => !skip.includes(r));
const rejectsOf = (s: ParseSummary) => s.rejects.map((r) => [r.row, r.kind, r.reason]);

describe('an over-long row', () => {
  const lines = recordLines(12, 3);
  lines[4] = withService(lines[4], 'y'.repeat(3 * MAX_ROW_CHARS));

  for (const eol of ['\n', '\r\n', '\r']) {
    // Chunk sizes that put a chunk edge inside the long row, on its line break, and between \r and \n.
    for (const chunkBytes of [0, 997, 4096, 65_536, lines.slice(0, 5).join(eol).length + 1]) {
      it(`is rejected and skipped (line ending ${JSON.stringify(eol)}, chunks of ${chunkBytes || 'all'})`, async () => {
        const { summary, rows } = await read(lines.join(eol) + eol, chunkBytes);
        expect(rejectsOf(summary)).toEqual([[5, 'too-long', TOO_LONG_REASON]]);
        expect(summary.rowsRead).toBe(12);
        expect(rows).toEqual(range(12, [5]));
      });
    }
  }

  it('is rejected the same way from a Blob and from a Node stream of small chunks', async () => {
    const text = lines.join('\n') + '\n';
    const fromBlob = await read(new Blob([text]), 50_000);
    const fromStream = await read(Readable.from([Buffer.from(text)], { objectMode: false }));
    for (const { summary, rows } of [fromBlob, fromStream]) {
      expect(rejectsOf(summary)).toEqual([[5, 'too-long', TOO_LONG_REASON]]);
      expect(rows).toEqual(range(12, [5]));
    }
  });

  it('as the last row without a final line break', async () => {
    const last = [...lines.slice(0, 3), withService(lines[3], 'z'.repeat(MAX_ROW_CHARS))];
    for (const chunkBytes of [0, 1000]) {
      const { summary, rows } = await read(last.join('\n'), chunkBytes);
      expect(rejectsOf(summary)).toEqual([[4, 'too-long', TOO_LONG_REASON]]);
      expect(rows).toEqual([1, 2, 3]);
    }
  });

  it('as the first row makes the file unreadable', async () => {
    for (const chunkBytes of [0, 4096]) {
      await expect(read('q'.repeat(MAX_ROW_CHARS + 1) + '\n' + lines.join('\n'), chunkBytes)).rejects.toThrow(
        new FileFormatError('The first row cannot be read: it is longer than 65,536 characters, so this is not a file of connection records.'),
      );
    }
  });

  it('a row of exactly MAX_ROW_CHARS characters is still read', async () => {
    const line = withService(lines[0], 'w');
    const padded = withService(lines[0], 'w'.repeat(MAX_ROW_CHARS - line.length + 1));
    expect(padded.length).toBe(MAX_ROW_CHARS);
    const { summary } = await read([lines[1], padded].join('\n'), 1000);
    expect(summary.rejects).toEqual([]);
    expect(summary.unseenValues.map((u) => u.firstRow)).toEqual([2]);
  });
});

describe('a quote that is never closed', () => {
  const lines = recordLines(10, 4);
  lines[4] = withService(lines[4], '"http');

  for (const chunkBytes of [0, 300, 1000]) {
    it(`rejects that row and reads on at the next line (chunks of ${chunkBytes || 'all'})`, async () => {
      const { summary, rows } = await read(lines.join('\n') + '\n', chunkBytes);
      expect(rejectsOf(summary)).toEqual([[5, 'unclosed-quote', UNCLOSED]]);
      expect(summary.rowsRead).toBe(10);
      expect(rows).toEqual(range(10, [5]));
    });
  }

  it('in the last row', async () => {
    const last = [...lines.slice(0, 4), withService(lines[5], '"http')];
    const { summary, rows } = await read(last.join('\r\n') + '\r\n');
    expect(rejectsOf(summary)).toEqual([[5, 'unclosed-quote', UNCLOSED]]);
    expect(rows).toEqual([1, 2, 3, 4]);
  });

  it('in a long file: rejected once it runs past MAX_ROW_CHARS, and reading goes on at its next line', async () => {
    const many = recordLines(2000, 5);
    many[9] = withService(many[9], '"http');
    const { summary, rows } = await read(many.join('\n') + '\n', 4096);
    expect(rejectsOf(summary)).toEqual([
      [10, 'unclosed-quote', 'a quoted field opens in this row and is not closed within 65,536 characters; reading went on at the next line'],
    ]);
    expect(rows).toEqual(range(2000, [10]));
  });

  it('in the first row makes the file unreadable', async () => {
    await expect(read(`"duration,protocol_type\n${lines.join('\n')}`)).rejects.toThrow(
      'The first row cannot be read: a quoted field in it is never closed, so this is not a file of connection records.',
    );
  });
});

describe('files refused as a whole', () => {
  it('a header with no data rows', async () => {
    const header = [...FEATURES.map((f) => f.name), 'label'].join(',');
    await expect(read(`${header}\n`)).rejects.toThrow(new FileFormatError('The file has a header row but no data rows.'));
  });

  it('binary and UTF-16 content, from a string, a Blob and a Node stream, before any row is read', async () => {
    const bytes = Buffer.concat([Buffer.from('0,tcp,http'), Buffer.from([0]), Buffer.from(toNslKddText(syntheticRecords(5, 6)))]);
    const expected = 'This is not a text file: it holds a zero byte at byte 11, as binary files do.';
    await expect(read(bytes.toString('latin1'))).rejects.toThrow(expected);
    await expect(read(new Blob([bytes]))).rejects.toThrow(expected);
    await expect(read(Readable.from([bytes], { objectMode: false }))).rejects.toThrow(expected);
    const utf16 = Buffer.from(`\uFEFF${toNslKddText(syntheticRecords(5, 6))}`, 'utf16le');
    await expect(read(new Blob([utf16]))).rejects.toThrow(/^The file is UTF-16 text/);
  });
});

describe('a blank line before the final line break', () => {
  it('is one rejected row whether the input is a string, a Blob or a Node stream ending on a chunk edge', async () => {
    const text = `${toNslKddText(syntheticRecords(3, 7))}\n`;
    const half = Buffer.from(text.slice(0, 200));
    const rest = Buffer.from(text.slice(200));
    for (const input of [text, new Blob([text]), Readable.from([half, rest], { objectMode: false })]) {
      const { summary, rows } = await read(input);
      expect(summary.rowsRead).toBe(4);
      expect(rejectsOf(summary)).toEqual([[4, 'empty-line', 'empty line']]);
      expect(rows).toEqual([1, 2, 3]);
    }
  });
});
