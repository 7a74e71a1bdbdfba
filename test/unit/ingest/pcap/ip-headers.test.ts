import { describe, expect, it } from 'vitest';
import { formatIpv6 } from '../../../../src/lib/ingest/pcap/address-text.ts';
import {
  ETHERTYPE_IPV4,
  icmpv6,
  ipPacket,
  ipv4Datagram,
  ipv6Datagram,
  ipv6Bytes,
  tcp,
  udp,
  writePcap,
  type Frame,
} from '../../../../src/lib/capture-writer/capture-writer.ts';
import { readCapture, text } from './read-capture.ts';

const skipOf = (frames: Frame[]) => readCapture(writePcap(frames)).summary.skips;
const words = (address: string) => {
  const b = ipv6Bytes(address);
  const v = new DataView(b.buffer);
  return [0, 4, 8, 12].map((i) => v.getUint32(i));
};

describe('address text', () => {
  it('writes IPv6 as RFC 5952', () => {
    expect(formatIpv6(words('2001:0db8:0001:0002:0000:0000:0000:1002'))).toBe('2001:db8:1:2::1002');
    expect(formatIpv6(words('::1'))).toBe('::1');
    expect(formatIpv6(words('::'))).toBe('::');
    expect(formatIpv6(words('fe80::'))).toBe('fe80::');
    expect(formatIpv6(words('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(words('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(words('2001:0:0:1:0:0:0:1'))).toBe('2001:0:0:1::1');
    expect(formatIpv6(words('::ffff:192.0.2.1'))).toBe('::ffff:192.0.2.1');
    expect(formatIpv6(words('FF02::FB'))).toBe('ff02::fb');
  });

  it('gives the same text for repeated and colliding addresses (cache)', () => {
    const frames: Frame[] = [];
    for (let i = 0; i < 6000; i++) frames.push(udp({ ts: i, src: `10.${(i >> 8) & 255}.${i & 255}.1`, dst: '10.0.0.1', sport: 1, dport: 2 }));
    const { packets } = readCapture(writePcap(frames));
    packets.forEach((p, i) => expect(p.src).toBe(`10.${(i >> 8) & 255}.${i & 255}.1`));
    const v6frames = Array.from({ length: 3000 }, (_, i) => udp({ ts: i, src: `2001:db8::${i.toString(16)}:${((i * 7919) & 0xffff).toString(16)}`, dst: 'fe80::1', sport: 1, dport: 2 }));
    const read = readCapture(writePcap([...v6frames, ...v6frames])).packets;
    read.forEach((p, i) => expect(p.src).toBe(formatIpv6(words(`2001:db8::${(i % 3000).toString(16)}:${(((i % 3000) * 7919) & 0xffff).toString(16)}`))));
  });
});

describe('IPv4', () => {
  it('reads past IP options to the transport header', () => {
    const payload = new Uint8Array(8);
    new DataView(payload.buffer).setUint16(0, 68);
    new DataView(payload.buffer).setUint16(2, 67);
    new DataView(payload.buffer).setUint16(4, 8);
    const body = ipv4Datagram({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, payload, options: Uint8Array.of(0x94, 4, 0, 0) });
    const { packets } = readCapture(writePcap([{ ts: 1, etherType: ETHERTYPE_IPV4, body }]));
    expect(packets[0]).toMatchObject({ src: '0.0.0.0', dst: '255.255.255.255', srcPort: 68, dstPort: 67, payloadLength: 0 });
  });

  it('counts malformed headers', () => {
    const payload = new Uint8Array(20);
    const bad = (o: Partial<Parameters<typeof ipv4Datagram>[0]>) => ({ ts: 1, etherType: ETHERTYPE_IPV4, body: ipv4Datagram({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, payload, ...o }) });
    expect(skipOf([bad({ versionOverride: 5 })])[0].reason).toBe('malformed IPv4 header (version 5)');
    expect(skipOf([bad({ headerLengthOverride: 3 })])[0].reason).toBe('malformed IPv4 header (header length 12 bytes)');
    expect(skipOf([bad({ totalLengthOverride: 16 })])[0]).toEqual({ kind: 'malformed', reason: 'malformed IPv4 header (total length smaller than the header)', count: 1, firstFrame: 1 });
  });

  it('takes a total length of 0 (segmentation offload) from the frame length', () => {
    const frame = tcp({ ts: 1, src: '192.168.1.187', dst: '192.168.1.178', sport: 54164, dport: 7070, flags: 'PA', payload: 3926 });
    new DataView(frame.body.buffer).setUint16(2, 0);
    expect(readCapture(writePcap([frame])).packets[0].payloadLength).toBe(3926);
  });

  it('names transports it does not read', () => {
    const skips = skipOf([ipPacket({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', protocol: 47, payload: 24 }), ipPacket({ ts: 2, src: '1.1.1.1', dst: '224.0.0.1', protocol: 2, payload: 8 }), ipPacket({ ts: 3, src: '1.1.1.1', dst: '2.2.2.2', protocol: 253 }), ipPacket({ ts: 4, src: '1.1.1.1', dst: '2.2.2.2', protocol: 58, payload: 8 })]);
    expect(skips.map((s) => [s.kind, s.reason])).toEqual([
      ['transport', 'IP protocol 47 (GRE) not read'],
      ['transport', 'IP protocol 2 (IGMP) not read'],
      ['transport', 'IP protocol 253 not read'],
      ['transport', 'IP protocol 58 (ICMPv6) not read'],
    ]);
  });
});

describe('IPv6', () => {
  const src = '2001:db8:1:2::1002';
  const dst = '2001:db8:1:2::1000';

  it('walks hop-by-hop, routing, destination options and AH headers to the transport', () => {
    const frame = tcp({ ts: 1, src, dst, sport: 35023, dport: 80, flags: 'PA', seq: 5, ack: 6, payload: 'GET / HTTP/1.1\r\n', extensions: [{ type: 0 }, { type: 43, length: 24 }, { type: 51 }, { type: 60, length: 16 }] });
    const { packets } = readCapture(writePcap([frame]));
    expect(packets[0]).toMatchObject({ ipVersion: 6, src, dst, srcPort: 35023, dstPort: 80, tcpFlags: 0x18, seq: 5, ack: 6, payloadLength: 16 });
    expect(text(packets[0].payload)).toBe('GET / HTTP/1.1\r\n');
  });

  it('skips ESP and no-next-header, and a chain cut by the snap length', () => {
    const esp = { ts: 1, etherType: 0x86dd, body: ipv6Datagram({ src, dst, nextHeader: 50, payload: new Uint8Array(40) }) };
    const none = { ts: 2, etherType: 0x86dd, body: ipv6Datagram({ src, dst, nextHeader: 59, payload: new Uint8Array(0), extensions: [{ type: 60 }] }) };
    const cut = { ...udp({ ts: 3, src, dst, sport: 1, dport: 2, extensions: [{ type: 0 }] }), snap: 14 + 40 + 1 };
    expect(skipOf([esp, none, cut]).map((s) => s.reason)).toEqual(['IP protocol 50 (ESP) not read', 'IP protocol 59 (no next header) not read', 'truncated (IPv6 extension header cut by the snap length)']);
    const past = { ts: 1, etherType: 0x86dd, body: ipv6Datagram({ src, dst, nextHeader: 17, payload: new Uint8Array(8), extensions: [{ type: 60, length: 64 }], payloadLengthOverride: 16 }) };
    expect(skipOf([past])[0].reason).toBe('malformed IPv6 extension header (past the payload length)');
  });

  it('reads ICMPv6: type, code, the whole message length', () => {
    const { packets } = readCapture(writePcap([icmpv6({ ts: 1, src: 'fe80::1', dst: 'ff02::1', type: 135, code: 0, dataLength: 24 })]));
    expect(packets[0]).toMatchObject({ protocol: 'icmp', ipVersion: 6, src: 'fe80::1', dst: 'ff02::1', icmpType: 135, icmpCode: 0, srcPort: 135, dstPort: 0, payloadLength: 32 });
  });
});

describe('transport headers', () => {
  it('reads TCP options, URG, and the payload after the data offset', () => {
    const { packets } = readCapture(writePcap([tcp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 23, dport: 1024, flags: 'UPA', urgent: 1, seq: 0xfffffff0, ack: 0x80000000, payload: 'login: ', tcpOptions: Uint8Array.of(2, 4, 5, 0xb4, 1, 1, 4, 2) })]));
    expect(packets[0]).toMatchObject({ tcpFlags: 0x38, seq: 0xfffffff0, ack: 0x80000000, payloadLength: 7 });
    expect(text(packets[0].payload)).toBe('login: ');
  });

  it('counts a bad TCP data offset and bad UDP lengths as malformed', () => {
    const badOffset = tcp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 1, dport: 2, flags: 'S' });
    badOffset.body[20 + 12] = 4 << 4;
    const pastOffset = tcp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 1, dport: 2, flags: 'S' });
    pastOffset.body[20 + 12] = 15 << 4;
    const shortUdp = udp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 1, dport: 2, payload: 4 });
    new DataView(shortUdp.body.buffer).setUint16(20 + 4, 7);
    const longUdp = udp({ ts: 1, src: '1.1.1.1', dst: '2.2.2.2', sport: 1, dport: 2, payload: 4 });
    new DataView(longUdp.body.buffer).setUint16(20 + 4, 40);
    expect(skipOf([badOffset, pastOffset, shortUdp, longUdp]).map((s) => s.reason)).toEqual([
      'malformed TCP header (data offset 16 bytes)',
      'malformed TCP header (data offset past the IP payload)',
      'malformed UDP header (length smaller than the header)',
      'malformed UDP header (length past the IP payload)',
    ]);
  });
});
