import { describe, it, expect } from 'vitest';
import {
  PREPROCESSOR_FORMAT,
  PREPROCESSOR_VERSION,
  fitPreprocessor,
  preprocessorFromJSON,
  type PreprocessorJSON,
} from '../../../src/lib/features/preprocessor.ts';
import { allocateBatch, type RecordBatch } from '../../../src/lib/ingest/record-batch.ts';
import { RecordParser } from '../../../src/lib/ingest/csv/record-parser.ts';
import { CATEGORICAL_COUNT, FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES, SCHEMA_HASH, VOCABULARIES } from '../../../src/lib/schema/schema.ts';
import { syntheticRecords } from '../../../scripts/lib/synthetic-records.ts';

// Positions in NUMERIC_FEATURES (the 41 features minus protocol_type, service, flag), by hand.
const DURATION = 0;
const SRC_BYTES = 1;
const LOGGED_IN = 8;
const COUNT = 19;
const SAME_SRV_RATE = 25;

// Vocabulary indices (schema order, from the README lists).
const ICMP = 0;
const TCP = 1;
const UDP = 2;
const FTP = 19;
const HTTP = 24;
const PRIVATE = 49;
const SMTP = 54;
const RSTO = 2;
const S0 = 5;
const SF = 9;

interface HandRow {
  duration?: number;
  srcBytes?: number;
  loggedIn?: number;
  count?: number;
  sameSrvRate?: number;
  protocol: number;
  service: number;
  flag: number;
}

function handBatch(rows: HandRow[]): RecordBatch {
  const b = allocateBatch(rows.length);
  rows.forEach((r, i) => {
    const n = i * NUMERIC_COUNT;
    b.numeric[n + DURATION] = r.duration ?? 0;
    b.numeric[n + SRC_BYTES] = r.srcBytes ?? 0;
    b.numeric[n + LOGGED_IN] = r.loggedIn ?? 0;
    b.numeric[n + COUNT] = r.count ?? 0;
    b.numeric[n + SAME_SRV_RATE] = r.sameSrvRate ?? 0;
    b.categorical.set([r.protocol, r.service, r.flag], i * CATEGORICAL_COUNT);
    b.rowNumbers[i] = i + 1;
    b.labels[i] = -1;
    b.difficulty[i] = -1;
  });
  b.rowCount = rows.length;
  return b;
}

const E = Math.E;
/** Training rows: src_bytes 0, e-1, e²-1 (log1p: 0, 1, 2); count 0, 3, 15 (log1p: 0, ln 4, 2 ln 4); rate 0.2, 0.6, 1. */
const TRAIN = handBatch([
  { duration: 5, srcBytes: 0, loggedIn: 0, count: 0, sameSrvRate: 0.2, protocol: TCP, service: HTTP, flag: SF },
  { duration: 5, srcBytes: E - 1, loggedIn: 1, count: 3, sameSrvRate: 0.6, protocol: UDP, service: PRIVATE, flag: S0 },
  { duration: 5, srcBytes: E * E - 1, loggedIn: 1, count: 15, sameSrvRate: 1, protocol: TCP, service: SMTP, flag: SF },
]);

// Output columns for TRAIN: 38 numeric, then protocol (tcp, udp, unknown), service (http, private, smtp, unknown),
// flag (S0, SF, unknown) — seen values in schema order.
const COL = {
  'protocol_type=tcp': 38,
  'protocol_type=udp': 39,
  'protocol_type=<unknown>': 40,
  'service=http': 41,
  'service=private': 42,
  'service=smtp': 43,
  'service=<unknown>': 44,
  'flag=S0': 45,
  'flag=SF': 46,
  'flag=<unknown>': 47,
};
const WIDTH = 48;

function rowOf(x: Float32Array, r: number, width = WIDTH): Float32Array {
  return x.subarray(r * width, (r + 1) * width);
}

function onesIn(row: Float32Array, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < row.length; i++) if (row[i] === 1) out.push(i);
  return out;
}

describe('fitPreprocessor on a hand-made batch', () => {
  const p = fitPreprocessor([TRAIN]);

  it('has 38 + Σ(seen values + 1) features: 38 + 3 + 4 + 3 = 48', () => {
    expect(p.featureCount).toBe(WIDTH);
    expect(p.json.featureCount).toBe(WIDTH);
    expect(p.featureNames).toHaveLength(WIDTH);
  });

  it('names numeric columns first, then one-hot slots of seen values in schema order plus <unknown>', () => {
    expect(p.featureNames.slice(0, 38)).toEqual(NUMERIC_FEATURES);
    for (const [name, col] of Object.entries(COL)) expect(p.featureNames[col]).toBe(name);
    expect(p.featureNames.indexOf('service=http')).toBe(41);
    expect(p.featureNames).not.toContain('service=ftp');
    expect(p.featureNames).not.toContain('protocol_type=icmp');
  });

  it('records the fitted state in versioned JSON with the schema hash', () => {
    expect(p.json.format).toBe(PREPROCESSOR_FORMAT);
    expect(p.json.version).toBe(PREPROCESSOR_VERSION);
    expect(p.json.schemaHash).toBe(SCHEMA_HASH);
    expect(p.json.categorical).toEqual([
      { name: 'protocol_type', values: ['tcp', 'udp'] },
      { name: 'service', values: ['http', 'private', 'smtp'] },
      { name: 'flag', values: ['S0', 'SF'] },
    ]);
    expect(p.json.numeric).toHaveLength(38);
  });

  it('log-scales counts and bytes only (not rates or binary flags)', () => {
    const log1p = new Map(p.json.numeric.map((n) => [n.name, n.log1p]));
    expect(log1p.get('src_bytes')).toBe(true);
    expect(log1p.get('count')).toBe(true);
    expect(log1p.get('dst_host_count')).toBe(true);
    expect(log1p.get('logged_in')).toBe(false);
    expect(log1p.get('same_srv_rate')).toBe(false);
    const expectedLog = FEATURES.filter((f) => f.kind === 'numeric').map((f) => f.name);
    expect(p.json.numeric.filter((n) => n.log1p).map((n) => n.name)).toEqual(expectedLog);
  });

  it('stores min/max of src_bytes after log1p: 0 and 2', () => {
    const src = p.json.numeric[SRC_BYTES];
    expect(src.name).toBe('src_bytes');
    expect(src.min).toBe(0);
    expect(src.max).toBeCloseTo(2, 6);
  });

  it('min-max scales log1p(src_bytes) 0, e-1, e²-1 to 0, 0.5, 1', () => {
    const x = p.transform(TRAIN);
    expect(x).toHaveLength(3 * WIDTH);
    expect(rowOf(x, 0)[SRC_BYTES]).toBe(0);
    expect(rowOf(x, 1)[SRC_BYTES]).toBeCloseTo(0.5, 6);
    expect(rowOf(x, 2)[SRC_BYTES]).toBeCloseTo(1, 6);
  });

  it('min-max scales log1p(count) 0, 3, 15 to 0, 0.5, 1', () => {
    const x = p.transform(TRAIN);
    expect(rowOf(x, 0)[COUNT]).toBe(0);
    expect(rowOf(x, 1)[COUNT]).toBeCloseTo(0.5, 6);
    expect(rowOf(x, 2)[COUNT]).toBeCloseTo(1, 6);
  });

  it('scales a rate column linearly: 0.2, 0.6, 1 to 0, 0.5, 1', () => {
    const x = p.transform(TRAIN);
    expect(rowOf(x, 0)[SAME_SRV_RATE]).toBeCloseTo(0, 6);
    expect(rowOf(x, 1)[SAME_SRV_RATE]).toBeCloseTo(0.5, 6);
    expect(rowOf(x, 2)[SAME_SRV_RATE]).toBeCloseTo(1, 6);
    expect(rowOf(x, 1)[LOGGED_IN]).toBe(1);
  });

  it('maps a constant column to 0 without NaN, even for a new value', () => {
    const x = p.transform(handBatch([{ duration: 1000, protocol: TCP, service: HTTP, flag: SF }]));
    expect(p.json.numeric[DURATION]).toMatchObject({ name: 'duration', min: Math.log1p(5), max: Math.log1p(5) });
    expect(rowOf(x, 0)[DURATION]).toBe(0);
    expect(rowOf(x, 0)[3]).toBe(0); // land: always 0 in training
    expect(x.some((v) => Number.isNaN(v))).toBe(false);
  });

  it('sets the one-hot slot of each categorical value', () => {
    const x = p.transform(TRAIN);
    expect(onesIn(rowOf(x, 0), 38)).toEqual([COL['protocol_type=tcp'], COL['service=http'], COL['flag=SF']]);
    expect(onesIn(rowOf(x, 1), 38)).toEqual([COL['protocol_type=udp'], COL['service=private'], COL['flag=S0']]);
    expect(onesIn(rowOf(x, 2), 38)).toEqual([COL['protocol_type=tcp'], COL['service=smtp'], COL['flag=SF']]);
    // Exactly three ones in the categorical part of every row.
    for (let r = 0; r < 3; r++) expect(rowOf(x, r).subarray(38).reduce((s, v) => s + v, 0)).toBe(3);
  });

  it('clips values beyond the training range to [0, 1]', () => {
    const test = handBatch([
      { srcBytes: E ** 3 - 1, count: 255, sameSrvRate: 0.1, protocol: TCP, service: HTTP, flag: SF },
      { srcBytes: 1e30, count: 1e6, sameSrvRate: 0, protocol: TCP, service: HTTP, flag: SF },
    ]);
    const x = p.transform(test);
    expect(rowOf(x, 0)[SRC_BYTES]).toBe(1);
    expect(rowOf(x, 0)[COUNT]).toBe(1);
    expect(rowOf(x, 0)[SAME_SRV_RATE]).toBe(0);
    expect(rowOf(x, 1)[SRC_BYTES]).toBe(1);
    expect(rowOf(x, 1)[COUNT]).toBe(1);
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('sends an unseen service index (≥ 70) and a schema value not seen in training to service=<unknown>', () => {
    const test = handBatch([
      { protocol: TCP, service: 70, flag: SF }, // a value the reader appended after the 70 known ones
      { protocol: TCP, service: 75, flag: SF },
      { protocol: TCP, service: FTP, flag: SF }, // in the schema, absent from training
      { protocol: ICMP, service: HTTP, flag: RSTO }, // protocol and flag absent from training
      { protocol: TCP, service: -1, flag: SF },
    ]);
    const x = p.transform(test);
    expect(onesIn(rowOf(x, 0), 38)).toEqual([COL['protocol_type=tcp'], COL['service=<unknown>'], COL['flag=SF']]);
    expect(onesIn(rowOf(x, 1), 38)).toEqual([COL['protocol_type=tcp'], COL['service=<unknown>'], COL['flag=SF']]);
    expect(onesIn(rowOf(x, 2), 38)).toEqual([COL['protocol_type=tcp'], COL['service=<unknown>'], COL['flag=SF']]);
    expect(onesIn(rowOf(x, 3), 38)).toEqual([COL['protocol_type=<unknown>'], COL['service=http'], COL['flag=<unknown>']]);
    expect(onesIn(rowOf(x, 4), 38)).toEqual([COL['protocol_type=tcp'], COL['service=<unknown>'], COL['flag=SF']]);
  });

  it('ignores unseen indices (≥ vocabulary size) when fitting', () => {
    const withUnseen = handBatch([
      { protocol: TCP, service: HTTP, flag: SF },
      { protocol: TCP, service: 70, flag: SF },
    ]);
    const q = fitPreprocessor([withUnseen]);
    expect(q.json.categorical[1].values).toEqual(['http']);
    expect(q.featureCount).toBe(38 + 2 + 2 + 2);
  });

  it('writes into a reusable output buffer, zeroing stale values', () => {
    const out = new Float32Array(10 * WIDTH).fill(7);
    const x = p.transform(TRAIN, out);
    expect(x).toHaveLength(3 * WIDTH);
    expect(x.buffer).toBe(out.buffer);
    expect(x).toEqual(p.transform(TRAIN));
    const small = new Float32Array(WIDTH);
    expect(p.transform(TRAIN, small)).toHaveLength(3 * WIDTH);
  });

  it('fits across several batches as over their concatenation', () => {
    const a = handBatch([{ srcBytes: 0, protocol: TCP, service: HTTP, flag: SF }]);
    const b = handBatch([{ srcBytes: E * E - 1, protocol: UDP, service: SMTP, flag: S0 }]);
    const q = fitPreprocessor([a, b]);
    expect(q.json.numeric[SRC_BYTES].min).toBe(0);
    expect(q.json.numeric[SRC_BYTES].max).toBeCloseTo(2, 6);
    expect(q.json.categorical.map((c) => c.values)).toEqual([['tcp', 'udp'], ['http', 'smtp'], ['S0', 'SF']]);
  });
});

describe('fitPreprocessor on parsed synthetic records', () => {
  it('has 38 + Σ(distinct values + 1) features and finite outputs in [0, 1]', () => {
    const records = syntheticRecords(200, 21);
    const batches: RecordBatch[] = [];
    const parser = new RecordParser(64, (b) => batches.push(b));
    for (const r of records) parser.pushRow([...r.fields, r.label, String(r.difficulty)]);
    expect(parser.finish().rowsAccepted).toBe(200);
    const p = fitPreprocessor(batches);
    const distinct = [1, 2, 3].map((i) => new Set(records.map((r) => r.fields[i])).size);
    expect(p.featureCount).toBe(38 + distinct.reduce((s, d) => s + d + 1, 0));
    const services = new Set(records.map((r) => r.fields[2]));
    expect(new Set(p.json.categorical[1].values)).toEqual(services);
    const x = p.transform(batches[0]);
    expect(x).toHaveLength(64 * p.featureCount);
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Row 0's one-hot: the slot named after its service is set.
    expect(x[p.featureNames.indexOf(`service=${records[0].fields[2]}`)]).toBe(1);
    expect(x[p.featureNames.indexOf(`flag=${records[0].fields[3]}`)]).toBe(1);
  });

  it('fits an empty training set to 41 features without NaN', () => {
    const p = fitPreprocessor([]);
    expect(p.featureCount).toBe(38 + 1 + 1 + 1);
    const x = p.transform(handBatch([{ srcBytes: 100, sameSrvRate: 0.5, protocol: TCP, service: HTTP, flag: SF }]));
    expect(x.some((v) => Number.isNaN(v))).toBe(false);
    expect(onesIn(x, 38)).toEqual([38, 39, 40]);
  });
});

describe('preprocessorFromJSON', () => {
  const p = fitPreprocessor([TRAIN]);
  const test = handBatch([
    { srcBytes: 10, count: 2, sameSrvRate: 0.3, protocol: UDP, service: 70, flag: SF },
    { srcBytes: 3000, count: 9, sameSrvRate: 0.9, protocol: TCP, service: PRIVATE, flag: S0 },
  ]);
  const clone = (): PreprocessorJSON => JSON.parse(JSON.stringify(p.json));

  it('round-trips through JSON text to an identical transform', () => {
    const q = preprocessorFromJSON(JSON.parse(JSON.stringify(p.json)));
    expect(q.featureCount).toBe(p.featureCount);
    expect(q.featureNames).toEqual(p.featureNames);
    expect(q.json).toEqual(p.json);
    expect(q.transform(test)).toEqual(p.transform(test));
    expect(q.transform(TRAIN)).toEqual(p.transform(TRAIN));
  });

  it('rejects a different schema hash', () => {
    const j = clone();
    j.schemaHash = SCHEMA_HASH === '00000000' ? '00000001' : '00000000';
    expect(() => preprocessorFromJSON(j)).toThrow(/schema hash/);
  });

  it('rejects a different version', () => {
    const j = clone();
    j.version = PREPROCESSOR_VERSION + 1;
    expect(() => preprocessorFromJSON(j)).toThrow(`version ${PREPROCESSOR_VERSION + 1} is not supported`);
  });

  it('rejects a featureCount that does not match the columns', () => {
    const j = clone();
    j.featureCount = WIDTH + 1;
    expect(() => preprocessorFromJSON(j)).toThrow(/featureCount 49 does not match its columns \(48\)/);
  });

  it('rejects something that is not a preprocessor', () => {
    expect(() => preprocessorFromJSON(null)).toThrow(/not a preprocessor/);
    expect(() => preprocessorFromJSON({ format: 'other' })).toThrow(/not a preprocessor/);
    expect(() => preprocessorFromJSON('{}')).toThrow(/Invalid preprocessor/);
  });

  it('rejects a wrong numeric column list, a non-finite range and a value outside the schema', () => {
    const short = clone();
    short.numeric.pop();
    expect(() => preprocessorFromJSON(short)).toThrow(/numeric columns/);
    const renamed = clone();
    renamed.numeric[1].name = 'source_bytes';
    expect(() => preprocessorFromJSON(renamed)).toThrow(/source_bytes/);
    const infinite = clone();
    (infinite.numeric[1] as { max: unknown }).max = null; // what JSON makes of Infinity
    expect(() => preprocessorFromJSON(infinite)).toThrow(/non-finite/);
    const unknownValue = clone();
    unknownValue.categorical[1].values.push('quic');
    unknownValue.featureCount += 1;
    expect(() => preprocessorFromJSON(unknownValue)).toThrow(/quic/);
  });

  it('keeps the schema vocabularies it validates against', () => {
    expect(VOCABULARIES.service).toHaveLength(70);
    expect(VOCABULARIES.service[HTTP]).toBe('http');
    expect(VOCABULARIES.service[PRIVATE]).toBe('private');
    expect(VOCABULARIES.service[SMTP]).toBe('smtp');
    expect(VOCABULARIES.service[FTP]).toBe('ftp');
    expect(VOCABULARIES.flag[S0]).toBe('S0');
    expect(VOCABULARIES.flag[SF]).toBe('SF');
    expect(VOCABULARIES.flag[RSTO]).toBe('RSTO');
    expect(NUMERIC_FEATURES[SAME_SRV_RATE]).toBe('same_srv_rate');
    expect(NUMERIC_FEATURES[COUNT]).toBe('count');
    expect(NUMERIC_FEATURES[LOGGED_IN]).toBe('logged_in');
  });
});
