import { describe, it, expect } from 'vitest';
import { RecordParser, type ParseSummary } from '../../src/lib/record-parser.ts';
import { readRecords } from '../../src/lib/csv-reader.ts';
import { FileFormatError } from '../../src/lib/column-layout.ts';
import type { RecordBatch } from '../../src/lib/record-batch.ts';
import { FEATURES, FEATURE_INDEX, NUMERIC_COUNT } from '../../src/lib/schema.ts';
import { syntheticRecords, toHeaderCsv, toNslKddText } from '../fixtures/synthetic-records.ts';

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
