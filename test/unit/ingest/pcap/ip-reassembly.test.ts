import { describe, expect, it } from 'vitest';
import { fragmentIpv4, fragmentIpv6, icmp, icmpv6, tcp, udp, writePcap } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { readCapture } from './read-capture.ts';

// A ping of 3072 data bytes: an ICMP message of 3080 bytes, sent as fragments of 1480, 1480 and 120.
const ping = (ts: number, id = 0x0101, o: Partial<Parameters<typeof icmp>[0]> = {}) =>
  icmp({ ts, src: '192.168.0.114', dst: '192.168.0.193', type: 8, code: 0, dataLength: 3072, ipId: id, ...o });

describe('IPv4 reassembly', () => {
  it('emits one datagram at the last fragment, with the whole payload length', () => {
    const frames = fragmentIpv4(ping(1168038824.117936), [1480, 1480, 120]);
    const { packets, summary } = readCapture(writePcap(frames));
    expect(summary).toMatchObject({ framesRead: 3, framesUsed: 3, framesSkipped: 0, datagrams: 1 });
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ frame: 3, protocol: 'icmp', icmpType: 8, payloadLength: 3080, fragments: 3, wrongFragments: 0, src: '192.168.0.114' });
    expect(packets[0].ts.toFixed(6)).toBe('1168038824.118136');
    expect(packets[0].payload).toHaveLength(3080);
    expect(packets[0].payload[8]).toBe(97);
    expect(packets[0].payload[3079]).toBe(97 + (3071 % 26));
  });

  it('reassembles fragments out of order and interleaved with other datagrams', () => {
    const a = fragmentIpv4(ping(10, 1), [1480, 1480, 120]);
    const b = fragmentIpv4(udp({ ts: 10.5, src: '10.0.0.9', dst: '10.0.0.8', sport: 53, dport: 4000, payload: 2000, ipId: 1 }), [1200, 808]);
    const { packets, summary } = readCapture(writePcap([a[2], b[1], a[0], tcp({ ts: 11, src: '1.1.1.1', dst: '2.2.2.2', sport: 1, dport: 2, flags: 'S' }), b[0], a[1]]));
    expect(summary).toMatchObject({ framesRead: 6, framesUsed: 6, datagrams: 3 });
    expect(packets.map((p) => [p.frame, p.protocol, p.payloadLength, p.fragments])).toEqual([
      [4, 'tcp', 0, 1],
      [5, 'udp', 2000, 2],
      [6, 'icmp', 3080, 3],
    ]);
    expect(packets[1]).toMatchObject({ srcPort: 53, dstPort: 4000 });
  });

  it('counts overlapping fragments as wrong and still emits the datagram (first bytes win)', () => {
    // Teardrop-like: the second fragment starts inside the first.
    const frames = fragmentIpv4(ping(1), [
      { offset: 0, length: 1480 },
      { offset: 1472, length: 1480 },
      { offset: 2952, length: 128 },
    ]);
    const { packets } = readCapture(writePcap(frames));
    expect(packets[0]).toMatchObject({ payloadLength: 3080, fragments: 3, wrongFragments: 2 });
    // A fragment sent again overlaps its twin: both count. (Sent again: a later timestamp, since an
    // exact duplicate frame, same time and bytes, is dropped before reassembly as editcap -D does.)
    const dup = fragmentIpv4(ping(1), [1480, 1480, 120]);
    const resent = { ...dup[1], ts: dup[1].ts + 0.0001 };
    expect(readCapture(writePcap([dup[0], dup[1], resent, dup[2]])).packets[0]).toMatchObject({ fragments: 4, wrongFragments: 2 });
  });

  // teardrop.c's pair: a first fragment of the UDP header and 28 data bytes (more fragments), then a
  // last fragment that starts at 24 and ends at 35, inside the first. Each fragment counts once per
  // fault: both overlap, and the first ends past the end the last one gives (35): 3, as KDDTrain+'s
  // teardrop rows carry.
  const teardrop = (ts: number, id = 242) =>
    fragmentIpv4(udp({ ts, src: '10.0.0.66', dst: '172.16.112.50', sport: 1024, dport: 3001, payload: 28, ipId: id }), [
      { offset: 0, length: 36, more: true },
      { offset: 24, length: 11, more: false },
    ]);

  it('reads a teardrop pair as one datagram as long as its first fragment, with 3 wrong fragments, in either order', () => {
    const [first, last] = teardrop(1);
    for (const frames of [[first, last], [last, first]]) {
      const { packets, summary } = readCapture(writePcap(frames));
      expect(summary).toMatchObject({ framesRead: 2, framesUsed: 2, framesSkipped: 0, datagrams: 1 });
      // The UDP length (36) is the first fragment's: the datagram is read as far as any fragment reaches.
      expect(packets[0]).toMatchObject({ protocol: 'udp', srcPort: 1024, dstPort: 3001, payloadLength: 28, fragments: 2, wrongFragments: 3 });
    }
    // The same attack repeated with the same identification: each pair completes its own datagram.
    const { packets } = readCapture(writePcap([...teardrop(1), ...teardrop(2)]));
    expect(packets.map((p) => p.wrongFragments)).toEqual([3, 3]);
  });

  it('counts a fragment with more to come that ends past the last fragment\'s end as wrong', () => {
    // No overlap: [0, 16) and [24, 48) with more to come, [16, 24) last: the middle one passes 24.
    const frames = fragmentIpv4(udp({ ts: 1, src: '10.0.0.1', dst: '10.0.0.2', sport: 7, dport: 9, payload: 40 }), [
      { offset: 0, length: 16, more: true },
      { offset: 24, length: 24, more: true },
      { offset: 16, length: 8, more: false },
    ]);
    expect(readCapture(writePcap(frames)).packets[0]).toMatchObject({ fragments: 3, wrongFragments: 1, payloadLength: 40 });
  });

  it('counts fragments reaching past 65,535 bytes as wrong (ping of death)', () => {
    const big = icmp({ ts: 1, src: '6.6.6.6', dst: '10.0.0.1', type: 8, code: 0, dataLength: 65520 - 8 });
    // 44 fragments of 1480 = 65120, then one of 400 ending at 65520: 20 + 65520 > 65535.
    const sizes = [...new Array<number>(44).fill(1480), 400];
    const { packets, summary } = readCapture(writePcap(fragmentIpv4(big, sizes)));
    expect(summary.framesUsed).toBe(45);
    expect(packets[0]).toMatchObject({ fragments: 45, wrongFragments: 1, payloadLength: 65520 });
  });

  it('drops datagrams not completed within the time limit and at the end of the capture', () => {
    const late = fragmentIpv4(ping(100, 7), [1480, 1480, 120], 31);
    const unfinished = fragmentIpv4(ping(200, 8), [1480, 1480, 120]);
    const { packets, summary } = readCapture(writePcap([...late, unfinished[0], unfinished[2]]));
    expect(packets).toHaveLength(0);
    // 100 s: a datagram starts; 131 s: it is 31 s old, dropped, and this fragment starts another, dropped
    // at 162 s, whose fragment starts a third, dropped at 200 s; the last two never complete.
    expect(summary).toMatchObject({ framesRead: 5, framesUsed: 0, framesSkipped: 5, datagrams: 0 });
    expect(summary.skips).toEqual([
      { kind: 'fragment-incomplete', reason: 'IP fragment of a datagram never completed (time limit)', count: 3, firstFrame: 1 },
      { kind: 'fragment-incomplete', reason: 'IP fragment of a datagram never completed (capture ended)', count: 2, firstFrame: 4 },
    ]);
    // A longer limit lets the slow datagram complete.
    expect(readCapture(writePcap(late), undefined, { fragmentTimeoutSeconds: 90 }).summary).toMatchObject({ datagrams: 1, framesUsed: 3 });
  });

  it('drops the oldest datagrams beyond the memory bound, counting their frames', () => {
    const a = fragmentIpv4(ping(1, 1), [1480, 1480, 120]);
    const b = fragmentIpv4(ping(1, 2), [1480, 1480, 120]);
    const { packets, summary } = readCapture(writePcap([a[0], a[1], b[0], b[1], b[2]]), undefined, { maxPendingFragmentBytes: 4000 });
    expect(packets).toHaveLength(1);
    expect(packets[0].fragments).toBe(3);
    expect(summary).toMatchObject({ framesRead: 5, framesUsed: 3, framesSkipped: 2 });
    expect(summary.skips).toEqual([{ kind: 'fragment-memory', reason: 'IP fragment dropped (reassembly memory limit)', count: 2, firstFrame: 1 }]);
  });

  it('needs the transport header in the first fragment only; a cut first fragment skips the datagram', () => {
    const frames = fragmentIpv4(tcp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 20, dport: 3000, flags: 'PA', seq: 9, payload: 3000 }), [1480, 1480, 60]);
    const cutTail = readCapture(writePcap([frames[0], { ...frames[1], snap: 100 }, frames[2]]));
    expect(cutTail.packets[0]).toMatchObject({ srcPort: 20, dstPort: 3000, seq: 9, payloadLength: 3000, fragments: 3 });
    expect(cutTail.packets[0].payload).toHaveLength(1480 + (100 - 34) - 20);
    const cutHead = readCapture(writePcap([{ ...frames[0], snap: 14 + 20 + 10 }, frames[1], frames[2]]));
    expect(cutHead.summary.skips).toEqual([{ kind: 'truncated', reason: 'truncated (TCP header cut by the snap length)', count: 3, firstFrame: 1 }]);
  });

  it('skips fragments of protocols it does not read at once', () => {
    const gre = fragmentIpv4({ ...ping(1), body: (() => { const b = ping(1).body.slice(); b[9] = 47; return b; })() }, [1480, 1480, 120]);
    const { summary } = readCapture(writePcap(gre));
    expect(summary.skips).toEqual([{ kind: 'transport', reason: 'IP protocol 47 (GRE) not read', count: 3, firstFrame: 1 }]);
  });
});

describe('IPv6 reassembly', () => {
  const src = '2001:db8::1';
  const dst = '2001:db8::2';

  it('reassembles by the fragment header identification', () => {
    const frames = fragmentIpv6(icmpv6({ ts: 5, src, dst, type: 128, code: 0, dataLength: 2992 }), [1448, 1448, 104], 0x12345678);
    const other = fragmentIpv6(udp({ ts: 5, src, dst, sport: 500, dport: 4500, payload: 1600 }), [1448, 160], 0x12345679);
    const { packets, summary } = readCapture(writePcap([frames[0], other[0], frames[1], frames[2], other[1]]));
    expect(summary).toMatchObject({ framesRead: 5, framesUsed: 5, datagrams: 2 });
    expect(packets.map((p) => [p.frame, p.protocol, p.icmpType, p.payloadLength, p.fragments, p.wrongFragments, p.src])).toEqual([
      [4, 'icmp', 128, 3000, 3, 0, src],
      [5, 'udp', -1, 1600, 2, 0, src],
    ]);
  });

  it('treats an atomic fragment (offset 0, no more) as a whole datagram', () => {
    const [atomic] = fragmentIpv6(udp({ ts: 5, src, dst, sport: 1, dport: 2, payload: 10 }), [18]);
    const { packets } = readCapture(writePcap([atomic]));
    expect(packets[0]).toMatchObject({ protocol: 'udp', payloadLength: 10, fragments: 1 });
  });

  it('counts overlaps in IPv6 fragments', () => {
    const frames = fragmentIpv6(udp({ ts: 5, src, dst, sport: 1, dport: 2, payload: 2992 }), [
      { offset: 0, length: 1448 },
      { offset: 1440, length: 1560 },
    ]);
    expect(readCapture(writePcap(frames)).packets[0]).toMatchObject({ fragments: 2, wrongFragments: 2, payloadLength: 2992 });
  });
});

