import { describe, expect, it } from 'vitest';
import { arp, concatFiles, cutFile, fragmentIpv4, icmp, tcpSession, udp, writePcap, writePcapng, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { randomChunkSizes, readCapture } from './read-capture.ts';

/** A small mixed capture: two sessions, DNS, a fragmented ping, ARP, a VLAN-tagged session. */
function mixedFrames(): Frame[] {
  return [
    ...tcpSession({ client: '10.0.0.5', server: '93.184.216.34', clientPort: 50000, serverPort: 80, start: 1700000000.000001, exchanges: [{ from: 'client', data: 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n' }, { from: 'server', data: 1500 }] }),
    udp({ ts: 1700000000.1, src: '10.0.0.5', dst: '10.0.0.1', sport: 33333, dport: 53, payload: 30 }),
    arp({ ts: 1700000000.2, senderIp: '10.0.0.1', targetIp: '10.0.0.5' }),
    ...fragmentIpv4(icmp({ ts: 1700000000.3, src: '10.0.0.5', dst: '10.0.0.9', type: 8, code: 0, dataLength: 4000 }), [1480, 1480, 1048]),
    ...tcpSession({ client: '2001:db8::5', server: '2001:db8::80', clientPort: 40000, serverPort: 443, start: 1700000001, close: 'rst', exchanges: [{ from: 'client', data: 517 }], vlan: [10, 20] }),
  ];
}

const files: [string, Uint8Array][] = [
  ['pcap', writePcap(mixedFrames())],
  ['pcap big-endian nanosecond', writePcap(mixedFrames(), { bigEndian: true, nanosecond: true })],
  ['pcapng', writePcapng([{ rawBlock: { type: 0x0bad, body: new Uint8Array(30) } }, ...mixedFrames()], { interfaces: [{ linkType: 1 }] })],
  ['pcapng two sections', concatFiles(writePcapng(mixedFrames(), { interfaces: [{ linkType: 1 }] }), writePcapng(mixedFrames(), { interfaces: [{ linkType: 1, tsresol: 9 }], bigEndian: true }))],
  ['pcap cut mid-record', cutFile(writePcap(mixedFrames()), 37)],
];

describe('chunk boundaries', () => {
  for (const [name, file] of files) {
    it(`${name}: one byte at a time and random chunks give what one chunk gives`, () => {
      const whole = readCapture(file);
      expect(whole.packets.length).toBeGreaterThan(10);
      expect(readCapture(file, [1])).toEqual(whole);
      for (const seed of [1, 2, 3]) expect(readCapture(file, randomChunkSizes(200, 300, seed))).toEqual(whole);
      expect(readCapture(file, randomChunkSizes(50, 5000, 9))).toEqual(whole);
      expect(readCapture(file, [3, 13, 4096])).toEqual(whole);
    });
  }

  it('reads a session written by the writer as expected', () => {
    const { packets } = readCapture(files[0][1]);
    const session = packets.filter((p) => p.dstPort === 80 || p.srcPort === 80);
    expect(session.map((p) => p.tcpFlags)).toEqual([0x02, 0x12, 0x10, 0x18, 0x10, 0x18, 0x10, 0x11, 0x11, 0x10]);
    expect(session.map((p) => p.payloadLength)).toEqual([0, 0, 0, 37, 0, 1500, 0, 0, 0, 0]);
    expect(session.map((p) => p.seq)).toEqual([1000, 5000, 1001, 1001, 5001, 5001, 1038, 1038, 6501, 1039]);
  });
});
