import { describe, expect, it } from 'vitest';
import type { Connection, TrafficFeatures } from '../../../../src/lib/ingest/connections/connection';
import { TrafficWindows } from '../../../../src/lib/ingest/traffic/traffic-windows';
import { makeConnection } from './make-connection';

const SYN = ['S0', 'S1', 'S2', 'S3', 'SH'];
const REJ = ['REJ', 'RSTO', 'RSTR', 'RSTOS0'];
const FLAGS = [...SYN, ...REJ, 'SF', 'OTH'];

/** The definitions read literally, by scanning every earlier record: slow, obviously right. */
function referenceFeatures(records: Connection[], i: number): TrafficFeatures {
  const me = records[i];
  const micros = (c: Connection) => Math.round(c.identity.ts * 1e6);
  const before = records.slice(0, i + 1);
  const W = before.filter((c) => micros(me) - micros(c) <= 2_000_000);
  const sameHost = (c: Connection) => c.identity.respH === me.identity.respH;
  const sameSrv = (c: Connection) => c.features.service === me.features.service;
  const syn = (c: Connection) => SYN.includes(c.features.flag);
  const rej = (c: Connection) => REJ.includes(c.features.flag);
  const share = (xs: Connection[], p: (c: Connection) => boolean) => xs.filter(p).length / xs.length;
  const C = W.filter(sameHost);
  const SC = W.filter(sameSrv);
  const H = before.filter(sameHost).slice(-255);
  const S = before.filter(sameSrv).slice(-255);
  return {
    count: Math.min(C.length, 511),
    srv_count: Math.min(SC.length, 511),
    serror_rate: share(C, syn),
    srv_serror_rate: share(SC, syn),
    rerror_rate: share(C, rej),
    srv_rerror_rate: share(SC, rej),
    same_srv_rate: share(C, sameSrv),
    diff_srv_rate: share(C, (c) => !sameSrv(c)),
    srv_diff_host_rate: share(SC, (c) => !sameHost(c)),
    dst_host_count: H.length,
    dst_host_srv_count: S.length,
    dst_host_same_srv_rate: share(H, sameSrv),
    dst_host_diff_srv_rate: share(H, (c) => !sameSrv(c)),
    dst_host_same_src_port_rate: share(H, (c) => c.identity.origP === me.identity.origP),
    dst_host_srv_diff_host_rate: share(S, (c) => !sameHost(c)),
    dst_host_serror_rate: share(H, syn),
    dst_host_srv_serror_rate: share(S, syn),
    dst_host_rerror_rate: share(H, rej),
    dst_host_srv_rerror_rate: share(S, rej),
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('TrafficWindows against the definitions read literally', () => {
  it.each([1, 2, 3])('agrees on every feature of 1,500 random records (seed %d)', (seed) => {
    const rnd = random(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'fe80::1', '192.168.1.9'];
    const services = ['http', 'ftp', 'smtp', 'private', 'eco_i'];
    const records: Connection[] = [];
    let ts = 1_700_000_000;
    for (let i = 0; i < 1500; i++) {
      // Gaps from 0 (ties) to about 1.5 s, sometimes exactly 2 s after an earlier record.
      const r = rnd();
      ts += r < 0.2 ? 0 : r < 0.25 ? 2 : Math.round(rnd() * 1_500_000) / 1e6;
      records.push(makeConnection({ ts, respH: pick(hosts), service: pick(services), flag: pick(FLAGS), origP: 1000 + Math.floor(rnd() * 4) }));
    }
    const w = new TrafficWindows();
    for (let i = 0; i < records.length; i++) {
      const got = w.next(records[i]);
      const want = referenceFeatures(records, i);
      for (const [k, v] of Object.entries(want)) {
        const g = got[k as keyof TrafficFeatures];
        if (Math.abs(g - v) > 1e-12) expect({ record: i, feature: k, got: g }).toEqual({ record: i, feature: k, got: v });
      }
    }
  });
});
