import { describe, expect, it } from 'vitest';
import type { ExtractedRecord } from '../../../../src/lib/ingest/connections/connection';
import { extractRecord } from '../../../../src/lib/ingest/traffic/extracted-record';
import { RECORD_CSV_HEADER, recordCsvLine } from '../../../../src/lib/ingest/traffic/record-csv';
import { TrafficWindows } from '../../../../src/lib/ingest/traffic/traffic-windows';
import { ZeekConnParser } from '../../../../src/lib/ingest/zeek/zeek-conn-parser';

describe('conn.log → records through the traffic windows', () => {
  it('computes the windows in start order although Zeek wrote the rows in end order', () => {
    // A scan of three ports of 10.0.0.9, REJ each, written out of start order, then a later SF.
    const rows = [
      { ts: 1700000001.2, p: 23, s: 'REJ' },
      { ts: 1700000001.0, p: 21, s: 'REJ' },
      { ts: 1700000001.1, p: 22, s: 'REJ' },
      { ts: 1700000004.0, p: 80, s: 'SF' },
    ];
    const text = rows
      .map((r) => JSON.stringify({ ts: r.ts, 'id.orig_h': '10.0.0.5', 'id.orig_p': 40000, 'id.resp_h': '10.0.0.9', 'id.resp_p': r.p, proto: 'tcp', conn_state: r.s, orig_bytes: r.s === 'SF' ? 10 : 0 }))
      .join('\n');
    const w = new TrafficWindows();
    const records: ExtractedRecord[] = [];
    const p = new ZeekConnParser({ onConnection: (c) => records.push(extractRecord(c, w.next(c))) });
    p.pushText(text);
    p.finish();
    expect(records.map((r) => r.features.service)).toEqual(['ftp', 'ssh', 'telnet', 'http']);
    expect(records.map((r) => r.traffic.count)).toEqual([1, 2, 3, 1]);
    expect(records.map((r) => r.traffic.rerror_rate)).toEqual([1, 1, 1, 0]);
    expect(records.map((r) => r.traffic.same_srv_rate)).toEqual([1, 1 / 2, 1 / 3, 1]);
    expect(records[3].traffic.dst_host_count).toBe(4);
    expect(records[3].traffic.dst_host_rerror_rate).toBe(3 / 4);
    expect(RECORD_CSV_HEADER.split(',')).toHaveLength(46);
    expect(recordCsvLine(records[2])).toBe(
      '0,tcp,telnet,REJ,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,' +
        '3,1,0,0,1,1,0.333333,0.666667,0,' +
        '3,1,0.333333,0.666667,1,0,0,0,1,1,' +
        '1700000001.200000,10.0.0.5,40000,10.0.0.9,23',
    );
  });
});
