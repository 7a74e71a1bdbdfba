import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { RecordParser, type ParseSummary } from '../../../../src/lib/ingest/csv/record-parser.ts';
import { readRecords } from '../../../../src/lib/ingest/csv/csv-reader.ts';
import { FileFormatError } from '../../../../src/lib/ingest/csv/column-layout.ts';
import type { RecordBatch } from '../../../../src/lib/ingest/record-batch.ts';
import { FEATURES, FEATURE_INDEX, NUMERIC_COUNT } from '../../../../src/lib/schema/schema.ts';
import { syntheticRecords, toHeaderCsv, toNslKddText } from '../../../../scripts/lib/synthetic-records.ts';

/** First data line of KDDTrain+.txt: 41 features, label, difficulty. */
const KDD_LINE =
  '0,tcp,ftp_data,SF,491,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0.00,0.00,0.00,0.00,1.00,0.00,0.00,150,25,0.17,0.03,0.17,0.00,0.00,0.00,0.05,0.00,normal,20';
const KDD_FIELDS = KDD_LINE.split(',');

/** That line's 38 non-categorical values in NUMERIC_FEATURES order, worked out by hand. */
const KDD_NUMERIC = [
  0, // duration
  491, 0, // src_bytes, dst_bytes
  0, 0, 0, 0, 0, // land, wrong_fragment, urgent, hot, num_failed_logins
  0, 0, 0, 0, 0, 0, 0, 0, 0, // logged_in, num_compromised, root_shell, su_attempted, num_root, num_file_creations, num_shells, num_access_files, num_outbound_cmds
  0, 0, // is_host_login, is_guest_login
  2, 2, // count, srv_count
  0, 0, 0, 0, 1, 0, 0, // serror..srv_diff_host rates
  150, 25, // dst_host_count, dst_host_srv_count
  0.17, 0.03, 0.17, 0, 0, 0, 0.05, 0, // dst_host_* rates
];

// Vocabulary indices (schema order) worked out from the README lists.
const TCP = 1;
const FTP_DATA = 20;
const HTTP = 24;
const SF = 9;
const REJ = 1;

/** The KDD line with some features (by name), the label and/or the difficulty replaced. */
function row(changes: Record<string, string> = {}, label = 'normal', difficulty = '20'): string[] {
  const fields = [...KDD_FIELDS];
  for (const [name, value] of Object.entries(changes)) {
    const i = FEATURE_INDEX.get(name);
    if (i === undefined) throw new Error(`no feature ${name}`);
    fields[i] = value;
  }
  fields[41] = label;
  fields[42] = difficulty;
  return fields;
}

function parseRows(rows: readonly (readonly string[])[], batchSize = 1000): { summary: ParseSummary; batches: RecordBatch[] } {
  const batches: RecordBatch[] = [];
  const parser = new RecordParser(batchSize, (b) => batches.push(b));
  for (const r of rows) parser.pushRow(r);
  return { summary: parser.finish(), batches };
}

function expectCounts(s: ParseSummary, read: number, accepted: number, rejected: number): void {
  expect({ rowsRead: s.rowsRead, rowsAccepted: s.rowsAccepted, rowsRejected: s.rowsRejected }).toEqual({
    rowsRead: read,
    rowsAccepted: accepted,
    rowsRejected: rejected,
  });
  expect(s.rowsRead).toBe(s.rowsAccepted + s.rowsRejected);
}

const rejectedRows = (s: ParseSummary) => s.rejects.map((r) => [r.row, r.kind]);
const allRowNumbers = (batches: RecordBatch[]) => batches.flatMap((b) => [...b.rowNumbers.subarray(0, b.rowCount)]);

async function read(text: string, batchSize = 1000, chunkBytes?: number) {
  const batches: RecordBatch[] = [];
  const summary = await readRecords(text, { batchSize, chunkBytes, onBatch: (b) => void batches.push(b) });
  return { summary, batches };
}

describe('RecordParser: accepted rows', () => {
  it('accepts valid headerless rows and reports the layout', () => {
    const { summary, batches } = parseRows([row(), row(), row()]);
    expectCounts(summary, 3, 3, 0);
    expect(summary.rejects).toEqual([]);
    expect(summary.rejectCounts).toEqual({});
    expect(summary.hasHeader).toBe(false);
    expect(summary.hasLabels).toBe(true);
    expect(summary.hasDifficulty).toBe(true);
    expect(summary.ignoredColumns).toEqual([]);
    expect(allRowNumbers(batches)).toEqual([1, 2, 3]);
  });

  it('stores the numeric, categorical, label and difficulty values of a known row', () => {
    const { summary, batches } = parseRows([row()]);
    expect(batches).toHaveLength(1);
    const b = batches[0];
    expect(b.rowCount).toBe(1);
    expect(b.numeric).toEqual(Float32Array.from(KDD_NUMERIC));
    expect(b.numeric.length).toBe(NUMERIC_COUNT);
    expect([...b.categorical]).toEqual([TCP, FTP_DATA, SF]);
    expect(summary.vocabularies.protocol_type[TCP]).toBe('tcp');
    expect(summary.vocabularies.service[FTP_DATA]).toBe('ftp_data');
    expect(summary.vocabularies.flag[SF]).toBe('SF');
    expect(b.labels[0]).toBe(0); // KNOWN_LABELS starts with normal
    expect(summary.labelVocabulary[b.labels[0]]).toBe('normal');
    expect(b.difficulty[0]).toBe(20);
    expect(b.rowNumbers[0]).toBe(1);
  });

  it('maps a differently-cased known value to the schema value, not to an unseen one', () => {
    const { summary, batches } = parseRows([row({ service: 'HTTP', flag: 'rej', protocol_type: 'TCP' })]);
    expectCounts(summary, 1, 1, 0);
    expect([...batches[0].categorical]).toEqual([TCP, HTTP, REJ]);
    expect(summary.unseenValues).toEqual([]);
    expect(summary.vocabularies.service).toHaveLength(70);
  });

  it('accepts boundary values: rate 0 and 1, binary 0 and 1, a large count, values with spaces', () => {
    const { summary, batches } = parseRows([
      row({ serror_rate: '1', same_srv_rate: '0', land: '1', logged_in: '0', src_bytes: '1e9' }),
      row({ src_bytes: ' 42 ', dst_host_count: '255' }),
    ]);
    expectCounts(summary, 2, 2, 0);
    const n0 = batches[0].numeric.subarray(0, NUMERIC_COUNT);
    expect(n0[1]).toBe(1e9); // src_bytes
    expect(n0[3]).toBe(1); // land
    expect(n0[21]).toBe(1); // serror_rate
    const n1 = batches[0].numeric.subarray(NUMERIC_COUNT, 2 * NUMERIC_COUNT);
    expect(n1[1]).toBe(42);
    expect(n1[28]).toBe(255); // dst_host_count
  });

  it('reads a 41-field file without labels or difficulty', () => {
    const { summary, batches } = parseRows([KDD_FIELDS.slice(0, 41), KDD_FIELDS.slice(0, 41)]);
    expectCounts(summary, 2, 2, 0);
    expect(summary.hasLabels).toBe(false);
    expect(summary.hasDifficulty).toBe(false);
    expect([...batches[0].labels]).toEqual([-1, -1]);
    expect([...batches[0].difficulty]).toEqual([-1, -1]);
    expect(summary.labelCounts).toEqual([]);
    expect(summary.categoryCounts).toEqual({});
  });
});

describe('RecordParser: rejected rows', () => {
  it('rejects a ragged row (too few and too many fields) and goes on', () => {
    const { summary, batches } = parseRows([row(), row().slice(0, 42), row(), [...row(), 'extra'], row()]);
    expectCounts(summary, 5, 3, 2);
    expect(rejectedRows(summary)).toEqual([
      [2, 'field-count'],
      [4, 'field-count'],
    ]);
    expect(summary.rejects[0].reason).toContain('43');
    expect(summary.rejects[0].reason).toContain('42');
    expect(summary.rejectCounts).toEqual({ 'field-count': 2 });
    expect(allRowNumbers(batches)).toEqual([1, 3, 5]);
  });

  it('rejects non-numeric text, NaN and ±Infinity as not-a-number', () => {
    const { summary, batches } = parseRows([
      row({ src_bytes: 'abc' }),
      row({ duration: 'NaN' }),
      row({ count: 'Infinity' }),
      row({ dst_bytes: '-Infinity' }),
      row({ hot: '12x' }),
      row(),
    ]);
    expectCounts(summary, 6, 1, 5);
    expect(rejectedRows(summary)).toEqual([
      [1, 'not-a-number'],
      [2, 'not-a-number'],
      [3, 'not-a-number'],
      [4, 'not-a-number'],
      [5, 'not-a-number'],
    ]);
    expect(summary.rejects[0].reason).toContain('src_bytes');
    expect(summary.rejects[0].reason).toContain('abc');
    expect(summary.rejects[2].reason).toContain('count');
    expect(allRowNumbers(batches)).toEqual([6]);
  });

  it('rejects a value too large for float32 (1e308, 3.5e38) but keeps 3e38', () => {
    const { summary, batches } = parseRows([row({ src_bytes: '1e308' }), row({ dst_bytes: '3.5e38' }), row({ dst_bytes: '3e38' })]);
    expectCounts(summary, 3, 1, 2);
    expect(rejectedRows(summary)).toEqual([
      [1, 'out-of-range'],
      [2, 'out-of-range'],
    ]);
    expect(summary.rejects[0].reason).toContain('src_bytes');
    expect(Number.isFinite(batches[0].numeric[2])).toBe(true);
    expect(batches[0].numeric[2]).toBe(Math.fround(3e38));
  });

  it('rejects a negative value, a rate above 1 and a non-0/1 binary as out-of-range', () => {
    const { summary } = parseRows([
      row({ duration: '-1' }),
      row({ same_srv_rate: '1.5' }),
      row({ land: '2' }),
      row({ logged_in: '0.5' }),
      row({ dst_host_rerror_rate: '-0.01' }),
      row(),
    ]);
    expectCounts(summary, 6, 1, 5);
    expect(rejectedRows(summary)).toEqual([
      [1, 'out-of-range'],
      [2, 'out-of-range'],
      [3, 'out-of-range'],
      [4, 'out-of-range'],
      [5, 'out-of-range'],
    ]);
    expect(summary.rejects[1].reason).toContain('same_srv_rate');
    expect(summary.rejects[2].reason).toContain('land');
    expect(summary.rejectCounts).toEqual({ 'out-of-range': 5 });
  });

  it('rejects an empty or blank value, numeric or categorical', () => {
    const { summary } = parseRows([row({ src_bytes: '' }), row({ service: '' }), row({ flag: '   ' }), row()]);
    expectCounts(summary, 4, 1, 3);
    expect(rejectedRows(summary)).toEqual([
      [1, 'empty-value'],
      [2, 'empty-value'],
      [3, 'empty-value'],
    ]);
    expect(summary.rejects[1].reason).toContain('service');
  });

  it('rejects an empty label and a bad difficulty', () => {
    const { summary } = parseRows([row({}, ''), row({}, 'normal', 'hard'), row({}, 'normal', '1.5'), row({}, 'normal', '')]);
    expectCounts(summary, 4, 0, 4);
    expect(rejectedRows(summary)).toEqual([
      [1, 'empty-value'],
      [2, 'not-a-number'],
      [3, 'not-a-number'],
      [4, 'empty-value'],
    ]);
  });

  it('counts an empty line in the middle as a rejected row but not the final line break', () => {
    const { summary, batches } = parseRows([row(), [''], row(), ['']]);
    expectCounts(summary, 3, 2, 1);
    expect(rejectedRows(summary)).toEqual([[2, 'empty-line']]);
    expect(allRowNumbers(batches)).toEqual([1, 3]);
  });

  it('does not count blank lines before the first record', () => {
    const { summary, batches } = parseRows([[''], [''], row(), row()]);
    expectCounts(summary, 2, 2, 0);
    expect(allRowNumbers(batches)).toEqual([1, 2]);
  });

  it('does not commit the unseen values or label of a rejected row', () => {
    const { summary } = parseRows([row({ service: 'brand_new', src_bytes: '-5' }, 'zeroday'), row()]);
    expectCounts(summary, 2, 1, 1);
    expect(summary.unseenValues).toEqual([]);
    expect(summary.vocabularies.service).toHaveLength(70);
    expect(summary.labelCounts).toEqual([{ label: 'normal', category: 'normal', count: 1 }]);
  });

  it('keeps a reject count for every kind', () => {
    const { summary } = parseRows([row({ src_bytes: 'x' }), row({ land: '7' }), row().slice(1), row({ hot: '' }), [''], row(), ['']]);
    expectCounts(summary, 6, 1, 5);
    expect(summary.rejectCounts).toEqual({
      'not-a-number': 1,
      'out-of-range': 1,
      'field-count': 1,
      'empty-value': 1,
      'empty-line': 1,
    });
  });
});

describe('RecordParser: a header row', () => {
  it('is not counted as a data row; row numbers start at 1 after it', () => {
    const header = [...FEATURES.map((f) => f.name), 'label', 'difficulty'];
    const { summary, batches } = parseRows([header, row(), row({ src_bytes: 'bad' }), row()]);
    expect(summary.hasHeader).toBe(true);
    expectCounts(summary, 3, 2, 1);
    expect(rejectedRows(summary)).toEqual([[2, 'not-a-number']]);
    expect(allRowNumbers(batches)).toEqual([1, 3]);
  });

  it('throws FileFormatError when the first row is neither a header nor 41-43 fields', () => {
    const parser = new RecordParser(10, () => {});
    expect(() => parser.pushRow(KDD_FIELDS.slice(0, 40))).toThrow(FileFormatError);
  });
});

describe('RecordParser: labels, categories and unseen values', () => {
  it("normalises KDD'99 labels with a trailing dot and any case", () => {
    const { summary, batches } = parseRows([row({}, 'smurf.'), row({}, 'Smurf'), row({}, 'normal.'), row({}, 'NEPTUNE.')]);
    expectCounts(summary, 4, 4, 0);
    const labels = [...batches[0].labels].map((i) => summary.labelVocabulary[i]);
    expect(labels).toEqual(['smurf', 'smurf', 'normal', 'neptune']);
    expect(summary.labelCounts).toEqual([
      { label: 'smurf', category: 'DoS', count: 2 },
      { label: 'normal', category: 'normal', count: 1 },
      { label: 'neptune', category: 'DoS', count: 1 },
    ]);
    expect(summary.categoryCounts).toEqual({ DoS: 3, normal: 1 });
    expect(summary.unseenValues).toEqual([]);
  });

  it('counts labels by name and category, most frequent first', () => {
    const labels = ['normal', 'satan', 'normal', 'guess_passwd', 'normal', 'satan', 'rootkit', 'ipsweep'];
    const { summary } = parseRows(labels.map((l) => row({}, l)));
    expect(summary.labelCounts[0]).toEqual({ label: 'normal', category: 'normal', count: 3 });
    expect(summary.labelCounts[1]).toEqual({ label: 'satan', category: 'Probe', count: 2 });
    expect(summary.labelCounts).toHaveLength(5);
    expect(summary.labelCounts.reduce((s, l) => s + l.count, 0)).toBe(8);
    expect(summary.categoryCounts).toEqual({ normal: 3, Probe: 3, R2L: 1, U2R: 1 });
  });

  it('counts an unknown label under "unknown attack" and reports it as unseen', () => {
    const { summary, batches } = parseRows([row(), row({}, 'zeroday'), row({}, 'neptune2'), row({}, 'ZeroDay.')]);
    expectCounts(summary, 4, 4, 0);
    expect(summary.categoryCounts).toEqual({ normal: 1, 'unknown attack': 3 });
    expect(summary.labelCounts).toContainEqual({ label: 'zeroday', category: 'unknown attack', count: 2 });
    expect(summary.labelCounts).toContainEqual({ label: 'neptune2', category: 'unknown attack', count: 1 });
    expect(summary.labelVocabulary.slice(40)).toEqual(['zeroday', 'neptune2']);
    expect([...batches[0].labels]).toEqual([0, 40, 41, 40]);
    expect(summary.unseenValues).toEqual([
      { column: 'label', value: 'zeroday', count: 2, firstRow: 2 },
      { column: 'label', value: 'neptune2', count: 1, firstRow: 3 },
    ]);
  });

  it('keeps an unseen service, gives it the next index and reports count and first row', () => {
    const { summary, batches } = parseRows([
      row(),
      row({ service: 'quic' }),
      row({ src_bytes: 'x', service: 'quic' }), // rejected: does not count
      row({ service: 'quic', flag: 'XX' }),
      row({ service: 'HTTP' }),
    ]);
    expectCounts(summary, 5, 4, 1);
    expect(summary.vocabularies.service).toHaveLength(71);
    expect(summary.vocabularies.service[70]).toBe('quic');
    expect(summary.vocabularies.flag).toHaveLength(12);
    expect(summary.vocabularies.flag[11]).toBe('XX');
    const b = batches[0];
    expect([...b.categorical]).toEqual([TCP, FTP_DATA, SF, TCP, 70, SF, TCP, 70, 11, TCP, HTTP, SF]);
    expect(summary.unseenValues).toEqual([
      { column: 'service', value: 'quic', count: 2, firstRow: 2 },
      { column: 'flag', value: 'XX', count: 1, firstRow: 4 },
    ]);
  });
});

describe('RecordParser: batches', () => {
  it('emits full batches of batchSize and a trimmed last batch', () => {
    const rows = Array.from({ length: 7 }, (_, i) => row({ duration: String(i * 10) }));
    const { summary, batches } = parseRows(rows, 3);
    expectCounts(summary, 7, 7, 0);
    expect(batches.map((b) => b.rowCount)).toEqual([3, 3, 1]);
    expect(batches.map((b) => b.rowNumbers.length)).toEqual([3, 3, 1]);
    expect(batches[2].numeric.length).toBe(NUMERIC_COUNT);
    expect(batches[2].categorical.length).toBe(3);
    expect(allRowNumbers(batches)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // duration is numeric column 0: 0, 10, ..., 60
    const durations = batches.flatMap((b) => Array.from({ length: b.rowCount }, (_, r) => b.numeric[r * NUMERIC_COUNT]));
    expect(durations).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('fills batches with accepted rows only, keeping their file row numbers', () => {
    const rows = [row(), row({ land: '3' }), row(), row(), row({ src_bytes: '' }), row()];
    const { batches } = parseRows(rows, 2);
    expect(batches.map((b) => b.rowCount)).toEqual([2, 2]);
    expect([...batches[0].rowNumbers]).toEqual([1, 3]);
    expect([...batches[1].rowNumbers]).toEqual([4, 6]);
  });

  it('emits no batch when no row is accepted', () => {
    const { summary, batches } = parseRows([row({ land: '3' })], 4);
    expectCounts(summary, 1, 0, 1);
    expect(batches).toEqual([]);
  });
});

describe('readRecords (CSV text)', () => {
  it('reads synthetic headerless NSL-KDD text: all rows, exact label counts', async () => {
    const records = syntheticRecords(250, 11);
    const { summary, batches } = await read(toNslKddText(records), 64);
    expectCounts(summary, 250, 250, 0);
    expect(batches.map((b) => b.rowCount)).toEqual([64, 64, 64, 58]);
    expect(allRowNumbers(batches)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const expected = new Map<string, number>();
    for (const r of records) expected.set(r.label, (expected.get(r.label) ?? 0) + 1);
    const got = new Map(summary.labelCounts.map((l) => [l.label, l.count]));
    expect(got).toEqual(expected);
    // Row 1 matches the first record field for field.
    const rec = records[0];
    const numericFields = rec.fields.filter((_, i) => FEATURES[i].kind !== 'categorical').map(Number);
    expect(batches[0].numeric.subarray(0, NUMERIC_COUNT)).toEqual(Float32Array.from(numericFields));
    expect(batches[0].difficulty[0]).toBe(rec.difficulty);
  });

  it('reads the same values from a header CSV with shuffled and extra columns', async () => {
    const records = syntheticRecords(40, 5);
    const columns = ['id', 'difficulty', ...[...FEATURES].reverse().map((f) => f.name), 'label'];
    const a = await read(toNslKddText(records));
    const b = await read(toHeaderCsv(records, columns));
    expect(b.summary.hasHeader).toBe(true);
    expect(b.summary.ignoredColumns).toEqual(['id']);
    expectCounts(b.summary, 40, 40, 0);
    expect(b.batches[0].numeric).toEqual(a.batches[0].numeric);
    expect(b.batches[0].categorical).toEqual(a.batches[0].categorical);
    expect(b.batches[0].labels).toEqual(a.batches[0].labels);
    expect(b.batches[0].difficulty).toEqual(a.batches[0].difficulty);
  });

  it('treats the final line break as no row, and a file without one the same', async () => {
    const withBreak = await read(`${KDD_LINE}\n${KDD_LINE}\n`);
    const without = await read(`${KDD_LINE}\n${KDD_LINE}`);
    expectCounts(withBreak.summary, 2, 2, 0);
    expectCounts(without.summary, 2, 2, 0);
  });

  it('rejects an empty line in the middle with its row number', async () => {
    const { summary, batches } = await read(`${KDD_LINE}\n\n${KDD_LINE}\n${KDD_LINE}\n`);
    expectCounts(summary, 4, 3, 1);
    expect(rejectedRows(summary)).toEqual([[2, 'empty-line']]);
    expect(allRowNumbers(batches)).toEqual([1, 3, 4]);
  });

  it('reads CRLF line endings like LF ones', async () => {
    const records = syntheticRecords(30, 9);
    const lf = await read(toNslKddText(records, '\n'));
    const crlf = await read(toNslKddText(records, '\r\n'));
    expectCounts(crlf.summary, 30, 30, 0);
    expect(crlf.batches[0].numeric).toEqual(lf.batches[0].numeric);
    expect(crlf.batches[0].labels).toEqual(lf.batches[0].labels);
    expect(crlf.batches[0].difficulty).toEqual(lf.batches[0].difficulty);
    expect(crlf.summary.unseenValues).toEqual([]);
  });

  it('reads CRLF text in tiny chunks (line breaks split across chunks)', async () => {
    const records = syntheticRecords(30, 9);
    const { summary } = await read(toNslKddText(records, '\r\n'), 8, 37);
    expectCounts(summary, 30, 30, 0);
    expect(summary.unseenValues).toEqual([]);
  });

  it('accepts row 1 of a headerless file that starts with a byte-order mark', async () => {
    const { summary, batches } = await read(`\uFEFF${KDD_LINE}\n${KDD_LINE}\n`);
    expect(summary.hasHeader).toBe(false);
    expectCounts(summary, 2, 2, 0);
    expect(allRowNumbers(batches)).toEqual([1, 2]);
    expect(batches[0].numeric.subarray(0, NUMERIC_COUNT)).toEqual(Float32Array.from(KDD_NUMERIC));
  });

  it('accepts row 1 when the BOM reaches the parser (RecordParser fed directly)', () => {
    const first = [...KDD_FIELDS];
    first[0] = '\uFEFF' + first[0];
    const { summary } = parseRows([first, row()]);
    expectCounts(summary, 2, 2, 0);
  });

  it('reads a header file that starts with a byte-order mark', async () => {
    const records = syntheticRecords(5, 2);
    const csv = '\uFEFF' + toHeaderCsv(records, [...FEATURES.map((f) => f.name), 'label']);
    const { summary } = await read(csv);
    expect(summary.hasHeader).toBe(true);
    expect(summary.ignoredColumns).toEqual([]);
    expectCounts(summary, 5, 5, 0);
  });

  it("reads KDD'99-style labels with a trailing dot", async () => {
    const text = [row({}, 'smurf.'), row({}, 'normal.'), row({}, 'back.')].map((r) => r.join(',')).join('\n') + '\n';
    const { summary } = await read(text);
    expectCounts(summary, 3, 3, 0);
    expect(summary.categoryCounts).toEqual({ DoS: 2, normal: 1 });
    expect(summary.unseenValues).toEqual([]);
  });

  it('reports mixed bad rows with exact row numbers', async () => {
    const lines = [
      KDD_LINE,
      row({ src_bytes: 'NaN' }).join(','),
      row({ same_srv_rate: '1.5' }).join(','),
      KDD_FIELDS.slice(0, 30).join(','),
      row({ service: 'gopher2' }, 'mystery').join(','),
      '',
      row({ land: '2' }).join(','),
      KDD_LINE,
    ];
    const { summary } = await read(lines.join('\n') + '\n');
    expectCounts(summary, 8, 3, 5);
    expect(rejectedRows(summary)).toEqual([
      [2, 'not-a-number'],
      [3, 'out-of-range'],
      [4, 'field-count'],
      [6, 'empty-line'],
      [7, 'out-of-range'],
    ]);
    expect(summary.unseenValues).toEqual([
      { column: 'service', value: 'gopher2', count: 1, firstRow: 5 },
      { column: 'label', value: 'mystery', count: 1, firstRow: 5 },
    ]);
    expect(summary.categoryCounts).toEqual({ normal: 2, 'unknown attack': 1 });
  });

  it('rejects an empty string as an empty file', async () => {
    await expect(read('')).rejects.toThrow(FileFormatError);
    await expect(read('')).rejects.toThrow(/empty/);
  });

  it('rejects a file of blank lines only as an empty file', async () => {
    await expect(read('\n\n  \n')).rejects.toThrow(/empty/);
  });

  it('rejects a file whose first row has 44 fields with a FileFormatError', async () => {
    await expect(read(`${KDD_LINE},extra\n`)).rejects.toThrow(FileFormatError);
  });

  it('rejects with an AbortError when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const batches: RecordBatch[] = [];
    const promise = readRecords(toNslKddText(syntheticRecords(10, 1)), { signal: controller.signal, onBatch: (b) => void batches.push(b) });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toEqual([]);
  });

  it('stops with an AbortError when cancelled while reading', async () => {
    const controller = new AbortController();
    let delivered = 0;
    const promise = readRecords(toNslKddText(syntheticRecords(500, 4)), {
      batchSize: 10,
      chunkBytes: 2048,
      signal: controller.signal,
      onBatch: () => {
        delivered++;
        if (delivered === 2) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(delivered).toBeLessThan(50);
  });

  it('awaits an async onBatch: one batch at a time, in row order', async () => {
    const records = syntheticRecords(300, 8);
    let active = 0;
    let maxActive = 0;
    const firstRows: number[] = [];
    const summary = await readRecords(toNslKddText(records), {
      batchSize: 25,
      chunkBytes: 1500,
      onBatch: async (b) => {
        active++;
        maxActive = Math.max(maxActive, active);
        firstRows.push(b.rowNumbers[0]);
        await new Promise((r) => setTimeout(r, firstRows.length % 3));
        active--;
      },
    });
    expectCounts(summary, 300, 300, 0);
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
    expect(firstRows).toEqual(Array.from({ length: 12 }, (_, i) => 1 + 25 * i));
  });

  it('reports progress ending at the full size with the final counts', async () => {
    const text = toNslKddText(syntheticRecords(50, 3));
    const progress: { bytesRead: number; totalBytes: number; rowsRead: number }[] = [];
    const summary = await readRecords(text, { batchSize: 16, chunkBytes: 1000, onBatch: () => {}, onProgress: (p) => progress.push(p) });
    expectCounts(summary, 50, 50, 0);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ bytesRead: text.length, totalBytes: text.length, rowsRead: 50, rowsAccepted: 50, rowsRejected: 0 });
    for (const p of progress) expect(p.bytesRead).toBeLessThanOrEqual(text.length);
  });
});

/** Everything a parse produces, with the batches' arrays as bytes (so float values compare bitwise). */
function outcome(summary: ParseSummary, batches: RecordBatch[]) {
  const bytes = (a: ArrayBufferView) => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];
  return {
    summary,
    batches: batches.map((b) => ({
      rowCount: b.rowCount,
      rowNumbers: [...b.rowNumbers],
      numeric: bytes(b.numeric),
      categorical: [...b.categorical],
      labels: [...b.labels],
      difficulty: [...b.difficulty],
    })),
  };
}

/**
 * Lines through pushLine as the reader feeds quote-free text: each line inside a longer text, with
 * that text's bytes when it is all ASCII (`ascii`), else without.
 */
function parseLines(lines: readonly string[], ascii: boolean, batchSize = 7) {
  const batches: RecordBatch[] = [];
  const parser = new RecordParser(batchSize, (b) => batches.push(b));
  for (const line of lines) {
    const text = `0,1\n${line}\n2`;
    const bytes = new TextEncoder().encode(text);
    parser.pushLine(text, ascii && bytes.length === text.length ? bytes : null, 4, 4 + line.length);
  }
  return outcome(parser.finish(), batches);
}

/** The same lines through pushRow, split as papaparse splits quote-free text. */
function parseSplitLines(lines: readonly string[], batchSize = 7) {
  const batches: RecordBatch[] = [];
  const parser = new RecordParser(batchSize, (b) => batches.push(b));
  for (const line of lines) parser.pushRow(line.split(','));
  return outcome(parser.finish(), batches);
}

/** Results (or the error) of the papaparse-only reader this one replaced: Papa.parse in chunk mode, rows to pushRow. */
function papaparseReference(text: string, batchSize: number, chunkBytes: number): Promise<ReturnType<typeof outcome> | { error: string }> {
  const batches: RecordBatch[] = [];
  const parser = new RecordParser(batchSize, (b) => batches.push(b));
  return new Promise((resolve) => {
    Papa.parse<string[]>(text, {
      delimiter: ',',
      skipEmptyLines: false,
      chunkSize: chunkBytes,
      chunk: (results: Papa.ParseResult<string[]>, handle: Papa.Parser) => {
        try {
          results.data.forEach((fields) => parser.pushRow(fields));
        } catch (error) {
          handle.abort();
          resolve({ error: String(error) });
        }
      },
      complete: (results: Papa.ParseResult<string[]> | undefined) => {
        if (!results?.meta?.aborted) resolve(outcome(parser.finish(), batches));
      },
    });
  });
}

const line = (changes: Record<string, string> = {}, label = 'normal', difficulty = '20') => row(changes, label, difficulty).join(',');

/** Rows that exercise every way out of the fast path, between ordinary ones. */
const TRICKY_LINES = [
  line(),
  line({ src_bytes: ' 42 ' }),
  line({ src_bytes: '\t7' }),
  line({ src_bytes: '+5' }),
  line({ duration: '-0' }),
  line({ src_bytes: '1e3' }),
  line({ src_bytes: '.5' }),
  line({ src_bytes: '5.' }),
  line({ src_bytes: '.' }),
  line({ src_bytes: '1.2.3' }),
  line({ src_bytes: '0x10' }),
  line({ src_bytes: '00012' }),
  line({ src_bytes: '０' }),
  line({ src_bytes: '123456789012345' }),
  line({ src_bytes: '1234567890123456' }),
  line({ src_bytes: '9007199254740993' }),
  line({ src_bytes: '0.1234567890123' }),
  line({ src_bytes: '12345678901234.5' }),
  line({ src_bytes: '1e39' }),
  line({ src_bytes: 'NaN' }),
  line({ src_bytes: '' }),
  line({ src_bytes: '   ' }),
  line({ same_srv_rate: '1.00' }),
  line({ same_srv_rate: '1.01' }),
  line({ same_srv_rate: '0.999' }),
  line({ same_srv_rate: '1.0000000000001' }),
  line({ land: '1.0' }),
  line({ land: '2' }),
  line({ land: '0.5' }),
  line({ protocol_type: ' tcp' }),
  line({ protocol_type: 'TCP' }),
  line({ protocol_type: '' }),
  line({ service: 'brand_new' }),
  line({ service: 'brand_new' }),
  line({ service: 'HTTP' }),
  line({ service: 'http\u00a0' }),
  line({ flag: 'sf' }),
  line({}, 'normal.'),
  line({}, 'NORMAL'),
  line({}, ' smurf. '),
  line({}, 'smurf\r'),
  line({}, ''),
  line({}, ' '),
  line({}, 'zeroday'),
  line({}, 'normal', '21'),
  line({}, 'normal', '021'),
  line({}, 'normal', '1.0'),
  line({}, 'normal', '32767'),
  line({}, 'normal', '32768'),
  line({}, 'normal', ' 20'),
  line({}, 'normal', '20\r'),
  line({}, 'normal', ''),
  KDD_FIELDS.slice(0, 42).join(','),
  `${KDD_LINE},extra`,
  `${KDD_LINE},`,
  '',
  '   ',
  ',',
  line(),
  '',
];

describe('RecordParser.pushLine (the reader\'s fast path) gives exactly what pushRow gives', () => {
  it('for rows that leave the fast path in every way, headerless', () => {
    const expected = parseSplitLines(TRICKY_LINES);
    expect(expected.summary.rowsRejected).toBeGreaterThan(20);
    expect(expected.summary.unseenValues.length).toBeGreaterThan(0);
    expect(parseLines(TRICKY_LINES, true)).toEqual(expected);
    expect(parseLines(TRICKY_LINES, false)).toEqual(expected);
  });

  it('for a first row with a byte-order mark, leading blank lines and a header with shuffled and extra columns', () => {
    const bom = ['', `\uFEFF${KDD_LINE}`, ...TRICKY_LINES];
    expect(parseLines(bom, true)).toEqual(parseSplitLines(bom));
    const columns = ['id', 'difficulty', ...[...FEATURES].reverse().map((f) => f.name), 'label'];
    const order = [-1, 42, ...FEATURES.map((_, i) => 40 - i), 41];
    const shuffle = (l: string) => {
      const f = l.split(',');
      return f.length === 43 ? order.map((i) => (i < 0 ? 'x' : f[i])).join(',') : l;
    };
    const header = [columns.join(','), ...TRICKY_LINES.map(shuffle)];
    const expected = parseSplitLines(header);
    expect(expected.summary.hasHeader).toBe(true);
    expect(expected.summary.ignoredColumns).toEqual(['id']);
    expect(parseLines(header, true)).toEqual(expected);
  });

  it('stores every plain decimal exactly as Number() then float32 would', () => {
    const texts: string[] = [];
    // Every value the small-decimal table holds (m < 1024 with 1 to 3 decimals), and integers.
    for (let k = 0; k <= 3; k++) {
      for (let m = 0; m < 1024; m++) {
        const digits = String(m).padStart(k + 1, '0');
        texts.push(k === 0 ? digits : `${digits.slice(0, -k)}.${digits.slice(-k)}`);
      }
    }
    // Random plain decimals of up to 16 characters, the point anywhere (or nowhere).
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(rnd() * 16);
      let t = '';
      for (let j = 0; j < length; j++) t += String(Math.floor(rnd() * 10));
      const point = Math.floor(rnd() * (length + 2)) - 1;
      if (point >= 0 && point <= length) t = `${t.slice(0, point)}.${t.slice(point)}`;
      texts.push(t);
    }
    const lines = texts.map((t) => line({ src_bytes: t }));
    const { summary, batches } = parseLines(lines, true, 1 << 14);
    expect(summary.rowsRejected).toBe(texts.filter((t) => t === '.').length);
    const stored = new Float32Array(new Uint8Array(batches[0].numeric).buffer);
    const accepted = texts.filter((t) => t !== '.');
    expect(accepted.map((_, r) => stored[r * NUMERIC_COUNT + 1])).toEqual(accepted.map((t) => Math.fround(Number(t))));
    expect(parseLines(lines, true, 1 << 14)).toEqual(parseSplitLines(lines, 1 << 14));
  });
});

describe('readRecords gives exactly what papaparse chunk by chunk gave', () => {
  const synthetic = toNslKddText(syntheticRecords(300, 21));
  const inputs: [string, string][] = [
    ['synthetic rows', synthetic],
    ['rows that leave the fast path', TRICKY_LINES.join('\n')],
    ['CRLF line endings', toNslKddText(syntheticRecords(120, 3), '\r\n')],
    ['CR line endings', toNslKddText(syntheticRecords(120, 3), '\r')],
    ['a byte-order mark and no final line break', `\uFEFF${KDD_LINE}\n${KDD_LINE}`],
    [
      'quoted fields in some chunks (papaparse\'s full parser) and none in others',
      [...synthetic.split('\n').slice(0, 100), line({ service: '"http"' }), `"${KDD_FIELDS[0]}",${KDD_FIELDS.slice(1).join(',')}`, line({ service: '"a,b"' }), line({ service: '"multi\nline"' }), ...synthetic.split('\n').slice(100)].join('\n'),
    ],
    ['a header row', toHeaderCsv(syntheticRecords(50, 4), ['label', ...FEATURES.map((f) => f.name), 'extra'])],
  ];
  for (const [name, text] of inputs) {
    it(`for ${name}, in any chunk size`, async () => {
      for (const chunkBytes of [1 << 20, 4096, 333, 37]) {
        // One difference, on purpose: papaparse guesses the line ending from its first chunk even when
        // that chunk holds none (then '\n': a CR file becomes one row); the reader waits for one.
        const guessable = /[\r\n]/.test(text.slice(0, chunkBytes));
        const expected = await papaparseReference(text, 16, guessable ? chunkBytes : 1 << 20);
        const got = await read(text, 16, chunkBytes).then(
          ({ summary, batches }) => outcome(summary, batches),
          (error) => ({ error: String(error) }),
        );
        expect(got).toEqual(expected);
      }
    });
  }

  it('reads a Blob (UTF-8, byte-order mark dropped) like the same text', async () => {
    const text = `${TRICKY_LINES.join('\r\n')}\r\n${toNslKddText(syntheticRecords(300, 21), '\r\n')}`;
    for (const chunkBytes of [1 << 20, 1000, 37]) {
      const expected = await read(text, 16, chunkBytes);
      const batches: RecordBatch[] = [];
      const progress: number[] = [];
      const blob = new Blob([`\uFEFF${text}`]);
      const summary = await readRecords(blob, { batchSize: 16, chunkBytes, onBatch: (b) => void batches.push(b), onProgress: (p) => progress.push(p.bytesRead) });
      expect(outcome(summary, batches)).toEqual(outcome(expected.summary, expected.batches));
      expect(progress[progress.length - 1]).toBe(blob.size);
    }
  });

  it('reads invalid and multi-byte UTF-8 from a Blob or a Node stream like the decoded text', async () => {
    const utf8 = (t: string) => Buffer.from(t);
    const parts = [
      utf8(`${line()}\n${line({ service: 'h\u00e9llo' })}\n0,tcp,h`),
      Buffer.from([0xff, 0xfe]), // service "h\ufffd\ufffd"
      utf8(`,SF,${KDD_FIELDS.slice(4).join(',')}\n0,tcp,http,SF,4`),
      Buffer.from([0x80]), // src_bytes "4\ufffd2"
      utf8(`2,${KDD_FIELDS.slice(5).join(',')}\n${line()}\n`),
    ];
    const bytes = Buffer.concat(parts);
    const expected = await read(new TextDecoder().decode(bytes), 16);
    expect(expected.summary.rowsRejected).toBe(1);
    expect(expected.summary.unseenValues.map((u) => u.value)).toEqual(['h\u00e9llo', 'h\ufffd\ufffd']);
    const fromBlob: RecordBatch[] = [];
    const blobSummary = await readRecords(new Blob([bytes]), { batchSize: 16, onBatch: (b) => void fromBlob.push(b) });
    expect(outcome(blobSummary, fromBlob)).toEqual(outcome(expected.summary, expected.batches));
    const fromStream: RecordBatch[] = [];
    const streamSummary = await readRecords(Readable.from([bytes]), { batchSize: 16, onBatch: (b) => void fromStream.push(b) });
    expect(outcome(streamSummary, fromStream)).toEqual(outcome(expected.summary, expected.batches));
  });

  it('reads a Node stream whose chunks split lines, CRLF pairs and numbers', async () => {
    const text = toNslKddText(syntheticRecords(200, 6), '\r\n');
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7) % 97 + 1) pieces.push(bytes.subarray(at, at + size));
    const batches: RecordBatch[] = [];
    const summary = await readRecords(Readable.from(pieces), { batchSize: 16, onBatch: (b) => void batches.push(b) });
    const expected = await read(text, 16);
    expect(outcome(summary, batches)).toEqual(outcome(expected.summary, expected.batches));
  });

  it('pauses a Node stream while an async onBatch runs, and delivers batches in order', async () => {
    const records = syntheticRecords(400, 8);
    const lines = toNslKddText(records).split(/(?<=\n)/);
    let pulled = 0;
    const stream = new Readable({
      read() {
        this.push(pulled < lines.length ? lines[pulled++] : null);
      },
      highWaterMark: 1,
    });
    const pulledAtBatch: number[] = [];
    const firstRows: number[] = [];
    const summary = await readRecords(stream, {
      batchSize: 50,
      onBatch: async (b) => {
        firstRows.push(b.rowNumbers[0]);
        const before = pulled;
        await new Promise((r) => setTimeout(r, 5));
        pulledAtBatch.push(pulled - before);
      },
    });
    expectCounts(summary, 400, 400, 0);
    expect(firstRows).toEqual(Array.from({ length: 8 }, (_, i) => 1 + 50 * i));
    // While a batch is being taken the stream is read at most a few chunks further.
    expect(Math.max(...pulledAtBatch)).toBeLessThanOrEqual(8);
  });

  it('rejects with a FileFormatError when the stream fails', async () => {
    let sent = false;
    const stream = new Readable({
      read() {
        if (!sent) {
          sent = true;
          this.push(`${KDD_LINE}\n`);
        } else this.destroy(new Error('disk gone'));
      },
    });
    const promise = readRecords(stream, { onBatch: () => {} });
    await expect(promise).rejects.toThrow(FileFormatError);
    await expect(promise).rejects.toThrow('The file could not be read: disk gone');
  });

  it('stops a Node stream or a Blob with an AbortError when cancelled while reading', async () => {
    const text = toNslKddText(syntheticRecords(500, 4));
    const pieces = Array.from({ length: Math.ceil(text.length / 2048) }, (_, i) => Buffer.from(text.slice(i * 2048, (i + 1) * 2048)));
    for (const input of [() => Readable.from(pieces), () => new Blob([text])]) {
      const controller = new AbortController();
      let delivered = 0;
      const promise = readRecords(input(), {
        batchSize: 10,
        chunkBytes: 2048,
        signal: controller.signal,
        onBatch: () => {
          delivered++;
          if (delivered === 2) controller.abort();
        },
      });
      await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
      expect(delivered).toBeLessThan(50);
    }
  });

  it('reports an empty Blob or stream as an empty file', async () => {
    await expect(readRecords(new Blob([]), { onBatch: () => {} })).rejects.toThrow(/empty/);
    await expect(readRecords(Readable.from([]), { onBatch: () => {} })).rejects.toThrow(/empty/);
  });
});
