import { describe, expect, it } from 'vitest';
import { tcp, udp, writePcap, writePcapng, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { readCapture } from './read-capture.ts';

const v4 = (o: Partial<Parameters<typeof tcp>[0]> = {}): Frame =>
  tcp({ ts: 1424744580.757048, src: '127.0.0.1', dst: '127.0.0.1', sport: 35901, dport: 6379, flags: 'PA', seq: 1, ack: 1, payload: 'PING\r\n', ...o });
const v6 = (o: Partial<Parameters<typeof udp>[0]> = {}): Frame =>
  udp({ ts: 1448215096.39945, src: '2001:db8:1:2::1002', dst: '2001:db8:1:2::1000', sport: 35023, dport: 53, payload: 20, ...o });

describe('link types', () => {
  const cases: [number, string][] = [
    [0, 'BSD loopback (NULL)'],
    [1, 'Ethernet'],
    [12, 'raw IP'],
    [14, 'raw IP'],
    [101, 'raw IP'],
    [108, 'OpenBSD loopback (LOOP)'],
    [113, 'Linux cooked capture (SLL)'],
    [276, 'Linux cooked capture v2 (SLL2)'],
  ];
  for (const [linkType, name] of cases) {
    it(`reads IPv4 and IPv6 over link type ${linkType} (${name}), both byte orders`, () => {
      for (const bigEndian of [false, true]) {
        const { packets, summary } = readCapture(writePcap([v4(), v6()], { linkType, bigEndian }));
        expect(summary.linkTypes).toEqual([{ linkType, name, frames: 2 }]);
        expect(summary.framesSkipped).toBe(0);
        expect(packets.map((p) => [p.ipVersion, p.src, p.dst, p.protocol, p.srcPort, p.dstPort, p.payloadLength])).toEqual([
          [4, '127.0.0.1', '127.0.0.1', 'tcp', 35901, 6379, 6],
          [6, '2001:db8:1:2::1002', '2001:db8:1:2::1000', 'udp', 35023, 53, 20],
        ]);
      }
    });
  }

  it('reads raw IPv4 (228) and raw IPv6 (229)', () => {
    expect(readCapture(writePcap([v4()], { linkType: 228 })).packets[0].ipVersion).toBe(4);
    expect(readCapture(writePcap([v6()], { linkType: 229 })).packets[0].ipVersion).toBe(6);
    // 228 says IPv4: an IPv6 header there is malformed.
    expect(readCapture(writePcap([v6()], { linkType: 228 })).summary.skips[0].reason).toBe('malformed IPv4 header (version 6)');
  });

  it('reads one, two and three VLAN tags (802.1Q, 802.1ad, 0x9100)', () => {
    const frames = [v4({ vlan: [100] }), v4({ vlan: [10, 20] }), v4({ vlan: [1, 2, 3], vlanTpids: [0x9100, 0x88a8, 0x8100] }), v6({ vlan: [7] })];
    const { packets, summary } = readCapture(writePcap(frames));
    expect(summary.framesSkipped).toBe(0);
    expect(packets.map((p) => p.payloadLength)).toEqual([6, 6, 6, 20]);
    expect(readCapture(writePcap([v4({ vlan: [5] })], { linkType: 113 })).packets.length).toBe(1);
  });

  it('skips link types it does not read, naming the number', () => {
    const { summary } = readCapture(writePcapng([v4(), { ...v4(), interfaceId: 1 }], { interfaces: [{ linkType: 105 }, { linkType: 1 }] }));
    expect(summary).toMatchObject({ framesRead: 2, framesUsed: 1, framesSkipped: 1 });
    expect(summary.skips).toEqual([{ kind: 'link-type', reason: 'link type 105 not supported', count: 1, firstFrame: 1 }]);
    expect(summary.linkTypes).toEqual([
      { linkType: 105, name: 'link type 105', frames: 1 },
      { linkType: 1, name: 'Ethernet', frames: 1 },
    ]);
  });

  it('says which header a short frame cut', () => {
    const cut = (snap: number, linkType = 1, frame = v4()) => readCapture(writePcap([{ ...frame, snap }], { linkType })).summary.skips[0]?.reason;
    expect(cut(10)).toBe('truncated (Ethernet header cut by the snap length)');
    expect(cut(16, 1, v4({ vlan: [3] }))).toBe('truncated (VLAN tag cut by the snap length)');
    expect(cut(12, 113)).toBe('truncated (Linux cooked header cut by the snap length)');
    expect(cut(18, 276)).toBe('truncated (Linux cooked header cut by the snap length)');
    expect(cut(3, 0)).toBe('truncated (loopback header cut by the snap length)');
    expect(cut(0, 101)).toBe('truncated (IP header cut by the snap length)');
    expect(cut(30)).toBe('truncated (IPv4 header cut by the snap length)');
    expect(cut(14 + 39, 1, v6())).toBe('truncated (IPv6 header cut by the snap length)');
    expect(cut(14 + 20 + 10)).toBe('truncated (TCP header cut by the snap length)');
    expect(cut(14 + 40 + 4, 1, v6())).toBe('truncated (UDP header cut by the snap length)');
  });

  it('names a loopback address family that is not IP', () => {
    const frame = v4();
    const body = new Uint8Array(4 + frame.body.length);
    new DataView(body.buffer).setUint32(0, 7, true);
    const { summary } = readCapture(writePcap([{ ...frame, linkFrame: body }], { linkType: 0 }));
    expect(summary.skips[0].reason).toBe('not IP (address family 7)');
  });
});
