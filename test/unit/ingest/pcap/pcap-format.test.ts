import { describe, expect, it } from 'vitest';
import { detectCaptureFormat } from '../../../../src/lib/ingest/pcap/index.ts';
import { arp, cutFile, etherFrame, icmp, tcp, udp, writePcap, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { readCapture, text } from './read-capture.ts';

const syn = (o: Partial<Parameters<typeof tcp>[0]> = {}): Frame =>
  tcp({ ts: 1700000000.123456, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'S', seq: 1000, ...o });

describe('detectCaptureFormat', () => {
  it('knows the four pcap magics and the pcapng section header', () => {
    expect(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0x4d, 0x3c, 0xb2, 0xa1))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0, 0))).toBe('pcapng');
    expect(detectCaptureFormat(new TextEncoder().encode('duration,protocol_type'))).toBeNull();
    expect(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3))).toBeNull();
  });
});

describe('pcap files', () => {
  it('reads a little-endian microsecond file: addresses, ports, flags, seq, ts to the microsecond', () => {
    const { packets, summary } = readCapture(writePcap([syn(), syn({ ts: 1700000000.999999, flags: 'SA', seq: 7, ack: 1001, src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 40000 })]));
    expect(summary).toMatchObject({ format: 'pcap', byteOrder: 'little', timestampResolution: 1e-6, framesRead: 2, framesUsed: 2, framesSkipped: 0, datagrams: 2, truncatedFile: false, corruptAt: null });
    expect(summary.linkTypes).toEqual([{ linkType: 1, name: 'Ethernet', frames: 2 }]);
    expect(packets[0]).toMatchObject({ frame: 1, ipVersion: 4, src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', srcPort: 40000, dstPort: 80, tcpFlags: 0x02, seq: 1000, ack: 0, payloadLength: 0, payload: [], icmpType: -1, icmpCode: -1, fragments: 1, wrongFragments: 0 });
    expect(packets[0].ts.toFixed(6)).toBe('1700000000.123456');
    expect(packets[1]).toMatchObject({ frame: 2, tcpFlags: 0x12, seq: 7, ack: 1001, srcPort: 80 });
    expect(packets[1].ts.toFixed(6)).toBe('1700000000.999999');
    expect(summary.firstTs?.toFixed(6)).toBe('1700000000.123456');
    expect(summary.lastTs?.toFixed(6)).toBe('1700000000.999999');
  });

  it('reads big-endian and nanosecond files alike (nanoseconds rounded to the microsecond)', () => {
    const frames = [syn({ nanoseconds: 123456789 }), syn({ ts: 1700000001, nanoseconds: 999999499 })];
    const be = readCapture(writePcap(frames, { bigEndian: true, nanosecond: true }));
    const le = readCapture(writePcap(frames, { nanosecond: true }));
    expect(be.summary).toMatchObject({ byteOrder: 'big', timestampResolution: 1e-9, datagrams: 2 });
    expect(be.packets.map((p) => p.ts.toFixed(6))).toEqual(['1700000000.123457', '1700000001.999999']);
    expect(le.packets).toEqual(be.packets);
    const beMicro = readCapture(writePcap([syn()], { bigEndian: true }));
    expect(beMicro.packets[0].ts.toFixed(6)).toBe('1700000000.123456');
  });

  it('keeps microseconds exact over many timestamps', () => {
    const frames: Frame[] = [];
    for (let i = 0; i < 500; i++) frames.push(syn({ ts: 1168038824 + i * 0.000997 + (i % 7) * 0.1 }));
    const { packets } = readCapture(writePcap(frames));
    packets.forEach((p, i) => expect(p.ts.toFixed(6)).toBe((Math.round(frames[i].ts * 1e6) / 1e6).toFixed(6)));
  });

  it('masks the FCS bits in the upper half of the link-type field', () => {
    const { summary } = readCapture(writePcap([syn()], { linkTypeField: 0x14000001 }));
    expect(summary.linkTypes).toEqual([{ linkType: 1, name: 'Ethernet', frames: 1 }]);
    expect(summary.datagrams).toBe(1);
  });

  it('uses the IP total length, not the padded Ethernet frame, for payloads', () => {
    // 20 + 8 + 3 = 31 bytes of IP in a 60-byte Ethernet frame: 15 bytes of padding follow.
    const { packets } = readCapture(writePcap([udp({ ts: 1, src: '192.168.1.2', dst: '192.168.1.1', sport: 5353, dport: 53, payload: 'abc' })]));
    expect(packets[0]).toMatchObject({ protocol: 'udp', srcPort: 5353, dstPort: 53, payloadLength: 3 });
    expect(text(packets[0].payload)).toBe('abc');
  });

  it('decodes snap-length cut packets from their headers, with a shorter payload', () => {
    const frame = tcp({ ts: 5, src: '1.2.3.4', dst: '5.6.7.8', sport: 1025, dport: 25, flags: 'PA', seq: 1, ack: 2, payload: 'HELO example.org\r\n' });
    const { packets, summary } = readCapture(writePcap([frame, { ...frame, snap: 54 }, { ...frame, snap: 60 }], { snapLength: 68 }));
    expect(summary.framesSkipped).toBe(0);
    expect(packets.map((p) => p.payloadLength)).toEqual([18, 18, 18]);
    expect(packets.map((p) => text(p.payload))).toEqual(['HELO example.o', '', 'HELO e']);
  });

  it('reads ICMP: type, code, and the whole message as the payload length', () => {
    const { packets } = readCapture(writePcap([icmp({ ts: 9, src: '192.168.100.138', dst: '4.2.2.1', type: 8, code: 0, dataLength: 64 }), icmp({ ts: 9.5, src: '10.1.1.1', dst: '192.168.100.138', type: 3, code: 3, dataLength: 28 })]));
    expect(packets[0]).toMatchObject({ protocol: 'icmp', icmpType: 8, icmpCode: 0, srcPort: 8, dstPort: 0, payloadLength: 72, tcpFlags: 0 });
    expect(packets[0].payload.length).toBe(72);
    expect(packets[1]).toMatchObject({ icmpType: 3, icmpCode: 3, srcPort: 3, dstPort: 3, payloadLength: 36 });
  });

  it('counts ARP and other non-IP frames by reason', () => {
    const { summary } = readCapture(
      writePcap([arp({ ts: 1, senderIp: '10.0.0.1', targetIp: '10.0.0.2' }), syn(), etherFrame(2, 0x88cc, 40), arp({ ts: 3, senderIp: '10.0.0.2', targetIp: '10.0.0.1', reply: true }), etherFrame(4, 0x0026, 40)]),
    );
    expect(summary).toMatchObject({ framesRead: 5, framesUsed: 1, framesSkipped: 4, datagrams: 1 });
    expect(summary.skips).toEqual([
      { kind: 'not-ip', reason: 'not IP (ARP)', count: 2, firstFrame: 1 },
      { kind: 'not-ip', reason: 'not IP (ethertype 0x88cc)', count: 1, firstFrame: 3 },
      { kind: 'not-ip', reason: 'not IP (802.3 LLC frame)', count: 1, firstFrame: 5 },
    ]);
  });

  it('counts a record cut off by the end of the file as one skipped frame', () => {
    const file = writePcap([syn(), syn({ seq: 2 }), syn({ seq: 3 })]);
    for (const cut of [1, 20, 60 + 16 - 1]) {
      const { summary, packets } = readCapture(cutFile(file, cut));
      expect(packets.length).toBe(2);
      expect(summary).toMatchObject({ framesRead: 3, framesUsed: 2, framesSkipped: 1, truncatedFile: true });
      expect(summary.skips).toEqual([{ kind: 'file-truncated', reason: 'the file ends inside a packet record', count: 1, firstFrame: 3 }]);
    }
    // Cut exactly at a record boundary: a whole file, nothing skipped.
    expect(readCapture(cutFile(file, 60 + 16)).summary).toMatchObject({ framesRead: 2, truncatedFile: false });
  });

  it('stops at a record length over 256 MiB and still returns the summary', () => {
    const file = writePcap([syn(), syn({ seq: 2 })]);
    const view = new DataView(file.buffer, file.byteOffset);
    view.setUint32(24 + 16 + 60 + 8, 0x20000000, true);
    const { summary, packets } = readCapture(file);
    expect(packets.length).toBe(1);
    expect(summary).toMatchObject({ framesRead: 2, framesUsed: 1, framesSkipped: 1, truncatedFile: true, corruptAt: 100 });
    expect(summary.skips[0]).toMatchObject({ kind: 'corrupt', count: 1, firstFrame: 2 });
    expect(summary.skips[0].reason).toBe('the file is corrupt from byte 100 (pcap record length 536870912 is over 256 MiB)');
  });

  it('refuses a file that is not a capture, and an empty one', () => {
    expect(() => readCapture(new TextEncoder().encode('duration,protocol_type,service\n0,tcp,http\n'))).toThrow(/not a capture file/);
    expect(() => readCapture(new Uint8Array(0))).toThrow(/empty/);
    expect(() => readCapture(Uint8Array.of(0xd4, 0xc3))).toThrow(/too short/);
  });

  it('reads a header-only file as an empty capture, and a cut header as truncated', () => {
    const header = writePcap([]);
    expect(readCapture(header).summary).toMatchObject({ framesRead: 0, datagrams: 0, truncatedFile: false, firstTs: null });
    expect(readCapture(header.subarray(0, 10)).summary).toMatchObject({ framesRead: 0, truncatedFile: true });
  });
});
