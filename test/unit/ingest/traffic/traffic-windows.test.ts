import { describe, expect, it } from 'vitest';
import type { TrafficFeatures } from '../../../../src/lib/ingest/connections/connection';
import { TrafficWindows } from '../../../../src/lib/ingest/traffic/traffic-windows';
import { makeConnection, type ConnectionSketch } from './make-connection';

const T0 = 1_700_000_000;

/** Runs the sketches through one engine and returns every record's features. */
function run(sketches: ConnectionSketch[], options?: { maxHosts?: number }): TrafficFeatures[] {
  const w = new TrafficWindows(options);
  return sketches.map((s) => w.next(makeConnection(s)));
}

const last = <T>(xs: T[]): T => xs[xs.length - 1];

describe('TrafficWindows: a record alone', () => {
  it('counts itself in every window', () => {
    const [f] = run([{ ts: T0, respH: '10.0.0.2' }]);
    expect(f).toEqual({
      count: 1, srv_count: 1, serror_rate: 0, srv_serror_rate: 0, rerror_rate: 0, srv_rerror_rate: 0,
      same_srv_rate: 1, diff_srv_rate: 0, srv_diff_host_rate: 0,
      dst_host_count: 1, dst_host_srv_count: 1, dst_host_same_srv_rate: 1, dst_host_diff_srv_rate: 0,
      dst_host_same_src_port_rate: 1, dst_host_srv_diff_host_rate: 0, dst_host_serror_rate: 0,
      dst_host_srv_serror_rate: 0, dst_host_rerror_rate: 0, dst_host_srv_rerror_rate: 0,
    });
  });

  // As KDDTrain+ shows for records with count = 1: the first five flags are SYN errors, the next four REJ errors.
  it.each([
    ['S0', 1, 0], ['S1', 1, 0], ['S2', 1, 0], ['S3', 1, 0], ['SH', 1, 0],
    ['REJ', 0, 1], ['RSTO', 0, 1], ['RSTR', 0, 1], ['RSTOS0', 0, 1],
    ['SF', 0, 0], ['OTH', 0, 0],
  ])('flag %s: serror %d, rerror %d in all four windows', (flag, serror, rerror) => {
    const [f] = run([{ ts: T0, respH: '10.0.0.2', flag }]);
    expect([f.serror_rate, f.srv_serror_rate, f.dst_host_serror_rate, f.dst_host_srv_serror_rate]).toEqual([serror, serror, serror, serror]);
    expect([f.rerror_rate, f.srv_rerror_rate, f.dst_host_rerror_rate, f.dst_host_srv_rerror_rate]).toEqual([rerror, rerror, rerror, rerror]);
  });
});

describe('TrafficWindows: the 2-second window', () => {
  it('includes a record exactly 2 s older and drops one 2.000001 s older', () => {
    const fs = run([
      { ts: T0, respH: 'A' },
      { ts: T0 + 2, respH: 'A' }, // t − t0 = 2: both in W
      { ts: T0 + 2.000001, respH: 'A' }, // t − t0 = 2.000001: t0 is out; T0+2 and itself
    ]);
    expect(fs.map((f) => f.count)).toEqual([1, 2, 2]);
    expect(fs.map((f) => f.srv_count)).toEqual([1, 2, 2]);
    // H and S are count-based: all three stay.
    expect(fs.map((f) => f.dst_host_count)).toEqual([1, 2, 3]);
  });

  it('holds at the edge for fractional timestamps that do not subtract exactly as doubles', () => {
    // 1700000002.1 − 1700000000.1 is not exactly 2 in binary floating point; in microseconds it is.
    const fs = run([
      { ts: 1700000000.1, respH: 'A' },
      { ts: 1700000002.1, respH: 'A' },
      { ts: 1700000000.3 + 2.000001, respH: 'B' },
    ]);
    expect(fs[1].count).toBe(2);
    expect(fs[1].srv_count).toBe(2);
  });

  it('at equal ts a record sees those given before it, not those after', () => {
    const fs = run([
      { ts: T0, respH: 'A', flag: 'S0' },
      { ts: T0, respH: 'A', flag: 'SF' },
      { ts: T0, respH: 'A', flag: 'REJ' },
    ]);
    expect(fs.map((f) => f.count)).toEqual([1, 2, 3]);
    expect(fs.map((f) => f.serror_rate)).toEqual([1, 1 / 2, 1 / 3]);
    expect(fs.map((f) => f.rerror_rate)).toEqual([0, 0, 1 / 3]);
    expect(fs.map((f) => f.dst_host_count)).toEqual([1, 2, 3]);
  });

  it('same_srv_rate and diff_srv_rate over the host, srv_diff_host_rate over the service', () => {
    const f = last(run([
      { ts: T0, respH: 'A', service: 'http' },
      { ts: T0 + 0.5, respH: 'B', service: 'http' },
      { ts: T0 + 1, respH: 'A', service: 'ftp' },
      { ts: T0 + 1.5, respH: 'A', service: 'http' },
    ]));
    // W to A: http, ftp, http (itself) → count 3, 2 with http.
    expect(f.count).toBe(3);
    expect(f.same_srv_rate).toBe(2 / 3);
    expect(f.diff_srv_rate).toBe(1 / 3);
    // W with http: A, B, A (itself) → srv_count 3, one to another host.
    expect(f.srv_count).toBe(3);
    expect(f.srv_diff_host_rate).toBe(1 / 3);
  });

  it('error rates over count and over srv_count use their own records', () => {
    const f = last(run([
      { ts: T0, respH: 'A', service: 'ftp', flag: 'S0' },
      { ts: T0, respH: 'B', service: 'http', flag: 'REJ' },
      { ts: T0, respH: 'B', service: 'http', flag: 'RSTO' },
      { ts: T0, respH: 'A', service: 'http', flag: 'SF' },
    ]));
    // Host A: S0, SF → serror 1/2, rerror 0. Service http: REJ, RSTO, SF → serror 0, rerror 2/3.
    expect([f.count, f.serror_rate, f.rerror_rate]).toEqual([2, 1 / 2, 0]);
    expect([f.srv_count, f.srv_serror_rate, f.srv_rerror_rate]).toEqual([3, 0, 2 / 3]);
  });

  it('caps count and srv_count at 511 but takes rates over the true counts', () => {
    // 600 records to A at the same instant: 300 S0 then 300 SF.
    const sketches: ConnectionSketch[] = [];
    for (let i = 0; i < 600; i++) sketches.push({ ts: T0, respH: 'A', flag: i < 300 ? 'S0' : 'SF' });
    const fs = run(sketches);
    expect(fs[510].count).toBe(511);
    expect(fs[511].count).toBe(511);
    const f = last(fs);
    expect(f.count).toBe(511);
    expect(f.srv_count).toBe(511);
    expect(f.serror_rate).toBe(300 / 600);
    expect(f.srv_serror_rate).toBe(300 / 600);
    // H and S: the last 255, all SF.
    expect(f.dst_host_count).toBe(255);
    expect(f.dst_host_serror_rate).toBe(0);
    expect(f.dst_host_srv_count).toBe(255);
    expect(f.dst_host_srv_serror_rate).toBe(0);
  });

  it('empties when traffic pauses longer than 2 s', () => {
    const w = new TrafficWindows();
    for (let i = 0; i < 100; i++) w.next(makeConnection({ ts: T0 + i * 0.001, respH: `10.0.${i}.1` }));
    expect(w.windowSize).toBe(100);
    const f = w.next(makeConnection({ ts: T0 + 10, respH: '10.0.0.1' }));
    expect(w.windowSize).toBe(1);
    expect([f.count, f.srv_count, f.dst_host_count, f.dst_host_srv_count]).toEqual([1, 1, 2, 101]);
  });
});

describe('TrafficWindows: host window H', () => {
  it('keeps the last 255 records to the host, with service and source-port shares', () => {
    // Records k = 1..300 to A, 10 s apart (so W never holds two); http for k ≤ 100, ftp after;
    // originator port 1000 + k mod 5.
    const sketches: ConnectionSketch[] = [];
    for (let k = 1; k <= 300; k++) {
      sketches.push({ ts: T0 + 10 * k, respH: 'A', service: k <= 100 ? 'http' : 'ftp', origP: 1000 + (k % 5), flag: k % 3 === 0 ? 'S0' : 'SF' });
    }
    const fs = run(sketches);
    const f = last(fs);
    // H = k 46..300: http 46..100 (55), ftp 101..300 (200); port 1000 at k = 50, 55, …, 300 (51);
    // S0 at multiples of 3 from 48 to 300 (85).
    expect(f.dst_host_count).toBe(255);
    expect(f.dst_host_same_srv_rate).toBe(200 / 255);
    expect(f.dst_host_diff_srv_rate).toBe(55 / 255);
    expect(f.dst_host_same_src_port_rate).toBe(51 / 255);
    expect(f.dst_host_serror_rate).toBe(85 / 255);
    expect(fs[254].dst_host_count).toBe(255);
    expect(fs[253].dst_host_count).toBe(254);
    // S (ftp) = k 101..300, 200 records, all to A.
    expect(f.dst_host_srv_count).toBe(200);
    expect(f.dst_host_srv_diff_host_rate).toBe(0);
    expect(f.count).toBe(1);
  });

  it('counts only records to this host (other hosts do not enter H)', () => {
    const f = last(run([
      { ts: T0, respH: 'A', origP: 5 },
      { ts: T0 + 100, respH: 'B', origP: 5 },
      { ts: T0 + 200, respH: 'A', origP: 6 },
      { ts: T0 + 300, respH: 'A', origP: 5, flag: 'RSTR' },
    ]));
    expect(f.dst_host_count).toBe(3);
    expect(f.dst_host_same_src_port_rate).toBe(2 / 3);
    expect(f.dst_host_rerror_rate).toBe(1 / 3);
  });

  it('forgets the least recently seen host past the bound', () => {
    const fs = run([
      { ts: T0, respH: 'A' },
      { ts: T0 + 10, respH: 'B' },
      { ts: T0 + 20, respH: 'C' }, // 3 hosts > 2: A (least recently seen) is forgotten
      { ts: T0 + 30, respH: 'A' },
      { ts: T0 + 40, respH: 'C' }, // A seen again, so B went when A came back; C is kept
    ], { maxHosts: 2 });
    expect(fs[3].dst_host_count).toBe(1);
    expect(fs[4].dst_host_count).toBe(2);
  });

  it('never forgets a host with a record in the 2-second window', () => {
    const w = new TrafficWindows({ maxHosts: 2 });
    w.next(makeConnection({ ts: T0, respH: 'A' }));
    w.next(makeConnection({ ts: T0 + 0.1, respH: 'B' }));
    w.next(makeConnection({ ts: T0 + 0.2, respH: 'C' }));
    expect(w.hostsKept).toBe(3);
    const f = w.next(makeConnection({ ts: T0 + 0.3, respH: 'A' }));
    expect([f.count, f.dst_host_count]).toEqual([2, 2]);
    // Once the burst has left W, the next new host brings the table back to the bound.
    w.next(makeConnection({ ts: T0 + 10, respH: 'D' }));
    expect(w.hostsKept).toBe(2);
  });
});

describe('TrafficWindows: service window S', () => {
  it('spans hosts, so dst_host_srv_count can exceed dst_host_count', () => {
    // k = 1..300, http, 10 s apart, to B when k is even and A when odd.
    const sketches: ConnectionSketch[] = [];
    for (let k = 1; k <= 300; k++) sketches.push({ ts: T0 + 10 * k, respH: k % 2 === 0 ? 'B' : 'A', flag: k > 290 ? 'REJ' : 'SF' });
    const f = last(run(sketches));
    // S = k 46..300: 128 even (B), 127 odd (A); REJ at 291..300 (10). H for B = its 150 records.
    expect(f.dst_host_srv_count).toBe(255);
    expect(f.dst_host_srv_diff_host_rate).toBe(127 / 255);
    expect(f.dst_host_srv_rerror_rate).toBe(10 / 255);
    expect(f.dst_host_count).toBe(150);
    expect(f.dst_host_rerror_rate).toBe(5 / 150);
  });

  it('keeps a separate ring per service', () => {
    const f = last(run([
      { ts: T0, respH: 'A', service: 'smtp' },
      { ts: T0 + 10, respH: 'B', service: 'http' },
      { ts: T0 + 20, respH: 'C', service: 'smtp', flag: 'S0' },
      { ts: T0 + 30, respH: 'A', service: 'smtp' },
    ]));
    expect(f.dst_host_srv_count).toBe(3);
    expect(f.dst_host_srv_diff_host_rate).toBe(1 / 3);
    expect(f.dst_host_srv_serror_rate).toBe(1 / 3);
    expect(f.dst_host_count).toBe(2);
    expect(f.dst_host_same_srv_rate).toBe(1);
  });
});

describe('TrafficWindows: start order', () => {
  it('treats a ts earlier than the previous one as the previous one and counts it', () => {
    const w = new TrafficWindows();
    w.next(makeConnection({ ts: T0 + 5, respH: 'A' }));
    const f = w.next(makeConnection({ ts: T0, respH: 'A' }));
    expect(f.count).toBe(2);
    expect(w.outOfOrder).toBe(1);
  });
});

describe('errorKindOf', () => {
  it('agrees with the flag lists', async () => {
    const { errorKindOf, SYN_ERROR_FLAGS, REJ_ERROR_FLAGS } = await import('../../../../src/lib/ingest/traffic/error-flags');
    for (const f of SYN_ERROR_FLAGS) expect(errorKindOf(f)).toBe(1);
    for (const f of REJ_ERROR_FLAGS) expect(errorKindOf(f)).toBe(2);
    for (const f of ['SF', 'OTH', 'RSTRH', 'SHR', '']) expect(errorKindOf(f)).toBe(0);
  });
});
