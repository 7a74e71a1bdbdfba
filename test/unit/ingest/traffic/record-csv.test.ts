import { describe, expect, it } from 'vitest';
import type { ExtractedRecord } from '../../../../src/lib/ingest/connections/connection';
import { extractRecord, featureValues, NSL_KDD_FEATURE_NAMES } from '../../../../src/lib/ingest/traffic/extracted-record';
import { csvField, formatNumber, RECORD_CSV_HEADER, recordCsvLine } from '../../../../src/lib/ingest/traffic/record-csv';
import { TrafficWindows } from '../../../../src/lib/ingest/traffic/traffic-windows';
import { makeConnection } from './make-connection';

function sampleRecord(): ExtractedRecord {
  const w = new TrafficWindows();
  const a = makeConnection({ ts: 1_700_000_000.5, respH: '10.0.0.2', service: 'http', flag: 'S0' });
  w.next(a);
  w.next(makeConnection({ ts: 1_700_000_000.6, respH: '10.0.0.2', service: 'ftp' }));
  const c = makeConnection({ ts: 1_700_000_001.25, respH: '10.0.0.2', origH: '10.0.0.1', origP: 51234, respP: 80, service: 'http' });
  c.features.duration = 3;
  c.features.src_bytes = 215;
  c.features.dst_bytes = 45076;
  c.features.logged_in = 1;
  return extractRecord(c, w.next(c));
}

describe('featureValues', () => {
  it('gives the 41 features in NSL-KDD column order', () => {
    const v = featureValues(sampleRecord());
    expect(v).toHaveLength(41);
    expect(v.slice(0, 12)).toEqual([3, 'tcp', 'http', 'SF', 215, 45076, 0, 0, 0, 0, 0, 1]);
    // count 3 (all to 10.0.0.2), srv_count 2, serror 1/3, srv_serror 1/2, rerror 0, 0, same_srv 2/3, diff 1/3, srv_diff_host 0
    expect(v.slice(22, 31)).toEqual([3, 2, 1 / 3, 1 / 2, 0, 0, 2 / 3, 1 / 3, 0]);
    // H: the two earlier records came from port 40000, this one from 51234.
    expect(v.slice(31, 41)).toEqual([3, 2, 2 / 3, 1 / 3, 1 / 3, 0, 1 / 3, 1 / 2, 0, 0]);
  });

  it('names match the schema names in order', () => {
    expect(NSL_KDD_FEATURE_NAMES[0]).toBe('duration');
    expect(NSL_KDD_FEATURE_NAMES[22]).toBe('count');
    expect(NSL_KDD_FEATURE_NAMES[40]).toBe('dst_host_srv_rerror_rate');
    expect(new Set(NSL_KDD_FEATURE_NAMES).size).toBe(41);
  });
});

describe('record CSV', () => {
  it('header: the 41 features then the identity columns', () => {
    const cols = RECORD_CSV_HEADER.split(',');
    expect(cols).toHaveLength(46);
    expect(cols.slice(0, 4)).toEqual(['duration', 'protocol_type', 'service', 'flag']);
    expect(cols.slice(41)).toEqual(['ts', 'orig_h', 'orig_p', 'resp_h', 'resp_p']);
  });

  it('writes integers as integers, rates with at most 6 decimals, ts with 6', () => {
    expect(recordCsvLine(sampleRecord())).toBe(
      '3,tcp,http,SF,215,45076,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,' +
        '3,2,0.333333,0.5,0,0,0.666667,0.333333,0,' +
        '3,2,0.666667,0.333333,0.333333,0,0.333333,0.5,0,0,' +
        '1700000001.250000,10.0.0.1,51234,10.0.0.2,80',
    );
  });

  it('formats numbers', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(0.25)).toBe('0.25');
    expect(formatNumber(0.9999999)).toBe('1');
    expect(formatNumber(1e-7)).toBe('0');
    expect(formatNumber(1e-6)).toBe('0.000001');
    expect(formatNumber(123456789)).toBe('123456789');
  });

  it('quotes a field only when it holds a comma, quote or line break', () => {
    expect(csvField('2001:db8::1')).toBe('2001:db8::1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('keeps IPv6 addresses unquoted', () => {
    const r = sampleRecord();
    r.identity.origH = '2001:db8::1';
    r.identity.respH = 'fe80::2';
    expect(recordCsvLine(r).endsWith(',2001:db8::1,51234,fe80::2,80')).toBe(true);
  });
});
