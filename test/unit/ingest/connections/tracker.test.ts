import { describe, expect, it } from 'vitest';
import { ConnectionTracker, PLACE_DEADLINE_SECONDS } from '../../../../src/lib/ingest/connections/connection-tracker';
import type { Connection } from '../../../../src/lib/ingest/connections/connection';
import { A, F, only, P, packet, R, S, Talk, track, U } from './packets';

describe('bytes, duration, packets', () => {
  it("bytes by sequence numbers (a retransmission once), and the duration floored, to the second FIN", () => {
    const t = new Talk();
    const pkts = [t.c(S), t.s(S | A), t.c(A), t.c(P | A, 'hello')];
    pkts.push(t.again(pkts[3]), t.s(P | A, 'world!!', 1.5), t.c(F | A, 0, 0.6), t.s(F | A), t.c(A));
    const c = only(pkts);
    expect(c.features.src_bytes).toBe(5);
    expect(c.features.dst_bytes).toBe(7);
    expect(c.packets).toBe(9);
    // Zeek's clock stops once both sides have closed: the last ACK does not lengthen it.
    expect(c.durationSeconds).toBeCloseTo(pkts[7].ts - pkts[0].ts, 6);
    expect(c.durationSeconds).toBeCloseTo(0.01 * 3 + 0.2 + 1.5 + 0.6 + 0.01, 6); // 2.35
    expect(c.features.duration).toBe(2);
    expect(c.identity).toEqual({ ts: pkts[0].ts, origH: '10.0.0.1', origP: 40000, respH: '10.0.0.2', respP: 80 });
    expect(c.features.protocol_type).toBe('tcp');
    expect(c.features.service).toBe('http');
    expect(c.cutByEnd).toBe(false);
  });

  it('bytes the capture missed but the peer acknowledged count (Zeek sizes by sequence numbers)', () => {
    const t = new Talk();
    const missed = [t.c(S), t.s(S | A), t.c(A)];
    t.c(P | A, 'lost in capture');
    const c = only([...missed, t.c(P | A, 'seen'), t.s(A)]);
    expect(c.features.src_bytes).toBe('lost in capture'.length + 'seen'.length);
  });

  it('bytes come from payloadLength, not from the captured bytes (snap length)', () => {
    const t = new Talk();
    const c = only([t.c(S), t.s(S | A), t.c(A), t.c(P | A, 1400), t.s(A)]);
    expect(c.features.src_bytes).toBe(1400);
  });

  it('duration of exactly 2 s is 2, not 1 (µs rounding)', () => {
    const c = only([packet({ ts: 1448215091.4, tcpFlags: S }), packet({ ts: 1448215093.4, tcpFlags: S })]);
    expect(c.features.duration).toBe(2);
  });

  it('land: same address and port both sides; urgent counts URG packets; wrong_fragment sums', () => {
    const land = only([packet({ ts: 1, src: '10.0.0.9', dst: '10.0.0.9', srcPort: 139, dstPort: 139, tcpFlags: S })]);
    expect(land.features.land).toBe(1);
    const t = new Talk();
    const c = only([t.c(S), { ...t.s(S | A), wrongFragments: 2 }, t.c(A | U, 'x'), t.c(A | U | P, 'y'), { ...t.s(A), wrongFragments: 1 }]);
    expect(c.features.land).toBe(0);
    expect(c.features.urgent).toBe(2);
    expect(c.features.wrong_fragment).toBe(3);
    const loop = only([packet({ ts: 1, src: '127.0.0.1', dst: '127.0.0.1', srcPort: 1, dstPort: 2, tcpFlags: S })]);
    expect(loop.features.land).toBe(0);
  });
});

describe('connection boundaries', () => {
  it('a new SYN after a closed connection starts a new one; the last ACK stays with the old, its time not counted', () => {
    const t = new Talk();
    const first = [t.c(S), t.s(S | A), t.c(A), t.c(F | A), t.s(F | A), t.c(A)];
    const second = [t.c(S, 0, 1), t.s(R | A)];
    const out = track([...first, ...second]);
    expect(out.map((c) => c.features.flag)).toEqual(['SF', 'REJ']);
    expect(out[0].packets).toBe(6);
    expect(out[0].durationSeconds).toBeCloseTo(first[4].ts - first[0].ts, 6);
    expect(out[1].identity.ts).toBe(second[0].ts);
  });

  it('a new SYN after a reset starts a new one; a late RST stays with the old', () => {
    const t = new Talk();
    const out = track([t.c(S), t.s(R | A), t.s(R | A), t.c(S, 0, 0.5), t.s(S | A), t.c(A)]);
    expect(out.map((c) => [c.features.flag, c.packets])).toEqual([['REJ', 3], ['S1', 3]]);
  });

  it('a retransmitted SYN stays in its connection; a SYN with another sequence number starts a new one', () => {
    const t = new Talk();
    const syn = t.c(S);
    expect(track([syn, t.again(syn, 1), t.s(S | A), t.c(A)]).length).toBe(1);
    const u = new Talk();
    expect(track([u.c(S), u.c(S, 0, 1), u.s(S | A), u.c(A)]).length).toBe(2);
  });

  it('TCP idle timeout: a packet 300 s or more after the last starts a new connection', () => {
    const t = new Talk();
    const out = track([t.c(S), t.s(S | A), t.c(A), t.c(P | A, 'x', 299.99), t.c(P | A, 'y', 300)]);
    expect(out.length).toBe(2);
    expect(out[0].packets).toBe(4);
    expect(out[0].features.flag).toBe('S1');
    expect(out[0].cutByEnd).toBe(false);
    expect(out[1].features.flag).toBe('OTH');
    expect(out[1].cutByEnd).toBe(true);
  });

  it('UDP: 5-tuple, first sender is the originator, 60 s idle timeout, flag SF', () => {
    const q = (ts: number, fromClient: boolean, n: number) =>
      packet({
        ts,
        protocol: 'udp',
        src: fromClient ? '10.0.0.1' : '10.0.0.53',
        dst: fromClient ? '10.0.0.53' : '10.0.0.1',
        srcPort: fromClient ? 5353 : 53,
        dstPort: fromClient ? 53 : 5353,
        payloadLength: n,
      });
    const out = track([q(10, true, 30), q(10.1, false, 120), q(70, true, 30), q(130.5, true, 31)]);
    expect(out.length).toBe(2);
    expect(out[0].features).toMatchObject({ protocol_type: 'udp', service: 'domain_u', flag: 'SF', src_bytes: 60, dst_bytes: 120, logged_in: 0, duration: 60 });
    expect(out[0].cutByEnd).toBe(false);
    expect(out[1].features.src_bytes).toBe(31);
    expect(out[1].cutByEnd).toBe(true);
  });
});

describe('ICMP', () => {
  it('one record per message: duration 0, dst_bytes 0, src_bytes = message length, ports = type / code', () => {
    const echo = (ts: number, v6 = false) =>
      packet({ ts, protocol: 'icmp', ipVersion: v6 ? 6 : 4, src: v6 ? 'fe80::1' : '10.0.0.1', dst: v6 ? 'fe80::2' : '10.0.0.2', srcPort: v6 ? 128 : 8, dstPort: 0, icmpType: v6 ? 128 : 8, icmpCode: 0, payloadLength: 64 });
    const reply = packet({ ts: 1.001, protocol: 'icmp', src: '10.0.0.2', dst: '10.0.0.1', srcPort: 0, dstPort: 0, icmpType: 0, icmpCode: 0, payloadLength: 64 });
    const unreachable = packet({ ts: 1.002, protocol: 'icmp', src: '10.0.0.2', dst: '10.0.0.2', srcPort: 3, dstPort: 3, icmpType: 3, icmpCode: 3, payloadLength: 36, wrongFragments: 1 });
    const out = track([echo(1), reply, unreachable, echo(1.003, true)]);
    expect(out.map((c) => c.features.service)).toEqual(['eco_i', 'ecr_i', 'urp_i', 'eco_i']);
    for (const c of out) {
      expect(c.features).toMatchObject({ protocol_type: 'icmp', flag: 'SF', duration: 0, dst_bytes: 0 });
      expect(c.packets).toBe(1);
      expect(c.cutByEnd).toBe(false);
    }
    expect(out[0].features.src_bytes).toBe(64);
    expect(out[0].identity).toEqual({ ts: 1, origH: '10.0.0.1', origP: 8, respH: '10.0.0.2', respP: 0 });
    expect(out[2].identity).toMatchObject({ origP: 3, respP: 3 });
    expect(out[2].features.land).toBe(1);
    expect(out[2].features.wrong_fragment).toBe(1);
    expect(out[0].features.land).toBe(0);
  });
});

describe('logged_in on services without a login step', () => {
  it('1 for an established TCP connection whose originator sent data; 0 otherwise', () => {
    const t1 = new Talk(443);
    expect(only([t1.c(S), t1.s(S | A), t1.c(A), t1.c(P | A, 'hello')]).features.logged_in).toBe(1);
    const t2 = new Talk(443);
    expect(only([t2.c(S), t2.s(S | A), t2.c(A), t2.s(P | A, 'banner')]).features.logged_in).toBe(0);
    const t3 = new Talk(443);
    expect(only([t3.c(S), t3.c(P | A, 'early')]).features.logged_in).toBe(0); // S0
  });
});

describe('emission order', () => {
  it('start-time order with interleaved connections; a closed one waits for an earlier open one until its deadline', () => {
    const a = new Talk(80, '10.0.0.1', '10.0.0.2', 40001);
    const b = new Talk(80, '10.0.0.1', '10.0.0.2', 40002);
    b.ts = a.ts = 100;
    const seen: number[] = [];
    const placed: [number, boolean][] = [];
    const tracker = new ConnectionTracker<number>({
      place: (c, open) => placed.push([c.identity.origP, open]),
      onConnection: (c, order) => seen.push(c.identity.origP * 10 + order),
    });
    const aSyn = a.c(S);
    b.ts = a.ts;
    const pk = [aSyn, b.c(S), a.s(S | A), b.s(S | A), b.c(A), b.c(F | A), b.s(F | A), b.c(A)];
    for (const p of pk) tracker.push(p);
    // b is closed but starts after a, which is still open: nothing out yet.
    expect(seen).toEqual([]);
    expect(tracker.openCount).toBe(2);
    // b's close delay is over, a is open and not yet 10 s old: b still waits.
    tracker.advanceTo(109.9);
    expect(seen).toEqual([]);
    // a's deadline: a is placed as it stands (open), then b, finished, goes out.
    tracker.advanceTo(aSyn.ts + PLACE_DEADLINE_SECONDS);
    expect(placed).toEqual([[40001, true], [40002, false]]);
    expect(seen).toEqual([400022]);
    expect(tracker.waitingPlaced).toBe(1);
    a.ts = 200;
    for (const p of [a.c(A), a.c(F | A), a.s(F | A), a.c(A)]) tracker.push(p);
    // a ended but lingers 5 s (late packets may still join).
    expect(seen).toEqual([400022]);
    tracker.push(packet({ ts: 206, protocol: 'udp', srcPort: 1, dstPort: 2 }));
    expect(seen).toEqual([400022, 400011]);
    expect(tracker.emitted).toBe(2);
    tracker.finish();
    expect(seen).toEqual([400022, 400011, 13]);
    expect(tracker.cutByEnd).toBe(1);
    expect(tracker.openCount).toBe(0);
    // a, and the UDP flow (placed at once: nothing the windows read of it changes).
    expect(tracker.placedWhileOpen).toBe(2);
  });

  it('interim records: an open session each time its duration passes another interimSeconds; a flow waiting out its idle timeout gives none', () => {
    const interims: [number, number][] = [];
    const out: Connection[] = [];
    const tracker = new ConnectionTracker({ onConnection: (c) => out.push(c), interimSeconds: 30, onInterim: (c) => interims.push([c.identity.respP, c.durationSeconds]) });
    const t = new Talk(22);
    t.ts = 1000;
    for (const p of [t.c(S), t.s(S | A), t.c(A)]) tracker.push(p);
    tracker.push(packet({ ts: 1000.5, protocol: 'udp', srcPort: 5353, dstPort: 53, payloadLength: 30 }));
    for (let k = 1; k <= 20; k++) tracker.push(t.c(P | A, 'x', 5));
    // Duration 100 s: past 30, 60 and 90 s; the DNS flow (duration 0) none.
    expect(interims.map(([port]) => port)).toEqual([22, 22, 22]);
    expect(interims.map(([, d]) => Math.floor(d / 30))).toEqual([1, 2, 3]);
    expect(tracker.interims).toBe(3);
    tracker.finish();
    expect(out.map((c) => c.identity.respP).sort()).toEqual([22, 53]);
  });

  it('a UDP flow holds nothing back: placed when it reaches the front, out after its 60 s idle', () => {
    const seen: string[] = [];
    const tracker = new ConnectionTracker({ onConnection: (c) => seen.push(c.features.protocol_type) });
    tracker.push(packet({ ts: 100, protocol: 'udp', srcPort: 5353, dstPort: 53, payloadLength: 30 }));
    const t = new Talk();
    t.ts = 100.5;
    for (const p of [t.c(S), t.s(R | A)]) tracker.push(p);
    tracker.advanceTo(105.6);
    expect(seen).toEqual(['tcp']);
    tracker.advanceTo(160.1);
    expect(seen).toEqual(['tcp', 'udp']);
  });

  it('placeDeadlineSeconds Infinity: start-order emission, a closed one waits as long as the earlier one is open', () => {
    const a = new Talk(80, '10.0.0.1', '10.0.0.2', 40001);
    const b = new Talk(80, '10.0.0.1', '10.0.0.2', 40002);
    const seen: number[] = [];
    const tracker = new ConnectionTracker({ onConnection: (c) => seen.push(c.identity.origP), placeDeadlineSeconds: Infinity });
    for (const p of [a.c(S), b.c(S), a.s(S | A), b.s(S | A), b.c(A), b.c(F | A), b.s(F | A), b.c(A)]) tracker.push(p);
    tracker.advanceTo(a.ts + 250);
    expect(seen).toEqual([]);
    tracker.finish();
    expect(seen).toEqual([40001, 40002]);
  });

  it('ICMP messages wait behind an earlier open connection; ties keep capture order', () => {
    const out: Connection[] = [];
    const tracker = new ConnectionTracker({ onConnection: (c) => out.push(c) });
    tracker.push(packet({ ts: 5, tcpFlags: S }));
    tracker.push(packet({ ts: 5, protocol: 'icmp', icmpType: 8, icmpCode: 0, srcPort: 8, dstPort: 0, payloadLength: 8 }));
    tracker.push(packet({ ts: 6, protocol: 'icmp', icmpType: 0, icmpCode: 0, srcPort: 0, dstPort: 0, payloadLength: 8 }));
    expect(out.length).toBe(0);
    tracker.finish();
    expect(out.map((c) => c.features.service)).toEqual(['http', 'eco_i', 'ecr_i']);
  });

  it('timestamps going backwards: inserted by start time among the waiting records', () => {
    const out = track([
      packet({ ts: 10, tcpFlags: S, srcPort: 1 }),
      packet({ ts: 12, tcpFlags: S, srcPort: 2 }),
      packet({ ts: 11, tcpFlags: S, srcPort: 3 }),
    ]);
    expect(out.map((c) => c.identity.origP)).toEqual([1, 3, 2]);
  });

  it('every packet of an ended connection after the 5 s linger starts a new (midstream) one', () => {
    const t = new Talk();
    const out = track([t.c(S), t.s(R | A), t.s(A, 0, 6)]);
    expect(out.map((c) => c.features.flag)).toEqual(['REJ', 'OTH']);
  });
});

void R;
