import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomChunkSizes, readCapture, type ReadResult } from './read-capture.ts';

const repo = resolve(import.meta.dirname, '../../../..');
const capturesDir = resolve(repo, '../shared/captures');
const haveCaptures = existsSync(resolve(capturesDir, 'README.md'));
if (!haveCaptures) console.warn(`real-captures: ${capturesDir} is missing; the tests on real captures are skipped`);

function read(file: string): ReadResult {
  const data = readFileSync(resolve(capturesDir, file));
  return readCapture(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** Packet counts from the README's table of files. */
function readmePacketCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(resolve(capturesDir, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length > 6 && /\.pcap(ng)?$/.test(cells[1])) counts.set(cells[1], Number(cells[5].replace(/,/g, '')));
  }
  return counts;
}

describe.skipIf(!haveCaptures)('real captures (../shared/captures)', () => {
  it('reads as many frames as the README counts, skipping only the ARP frames of the scan', () => {
    const counts = readmePacketCounts();
    expect(counts.size).toBe(8);
    for (const [file, count] of counts) {
      const { summary } = read(file);
      expect(summary.framesRead, file).toBe(count);
      expect(summary.truncatedFile, file).toBe(false);
      if (file === 'nmap_syn_scan.pcap') {
        expect(summary.skips).toEqual([{ kind: 'not-ip', reason: 'not IP (ARP)', count: 9, firstFrame: summary.skips[0].firstFrame }]);
      } else expect(summary.framesSkipped, file).toBe(0);
    }
  });

  it('icmp_ip_fragments.pcap: 24 frames make 8 ICMP datagrams of 3080 bytes', () => {
    const { packets, summary } = read('icmp_ip_fragments.pcap');
    expect(summary).toMatchObject({ framesRead: 24, framesUsed: 24, datagrams: 8 });
    expect(packets.map((p) => [p.protocol, p.payloadLength, p.fragments, p.wrongFragments])).toEqual(new Array(8).fill(['icmp', 3080, 3, 0]));
    expect(packets.map((p) => p.icmpType)).toEqual([8, 0, 8, 0, 8, 0, 8, 0]);
    expect(packets.map((p) => p.ts.toFixed(6))).toEqual([
      '1168038824.118030', '1168038824.122559', '1168038825.118791', '1168038825.123028',
      '1168038826.118819', '1168038826.129447', '1168038827.119833', '1168038827.124433',
    ]);
    expect(packets[0]).toMatchObject({ src: '192.168.0.114', dst: '192.168.0.193' });
  });

  it('smtp_snaplen_truncated.pcap: nothing skipped, payloads empty, lengths from the headers', () => {
    const { packets, summary } = read('smtp_snaplen_truncated.pcap');
    expect(summary.framesSkipped).toBe(0);
    expect(packets.every((p) => p.payload.length === 0)).toBe(true);
    const fromClient = packets.filter((p) => p.src === '201.186.157.67').reduce((n, p) => n + p.payloadLength, 0);
    const fromServer = packets.filter((p) => p.src === '128.3.26.249').reduce((n, p) => n + p.payloadLength, 0);
    expect([fromClient, fromServer]).toEqual([128, 477]);
    expect(packets[0].ts.toFixed(6)).toBe('1103139821.634774');
  });

  it('redis_sll_loopback.pcap: Linux cooked capture on loopback', () => {
    const { packets, summary } = read('redis_sll_loopback.pcap');
    expect(summary.linkTypes).toEqual([{ linkType: 113, name: 'Linux cooked capture (SLL)', frames: 150 }]);
    expect(packets.every((p) => p.src === '127.0.0.1' && p.dst === '127.0.0.1' && p.protocol === 'tcp')).toBe(true);
    const first = packets.filter((p) => p.srcPort === 35901 || p.dstPort === 35901);
    expect(first).toHaveLength(10);
    expect(first.filter((p) => p.srcPort === 35901).reduce((n, p) => n + p.payloadLength, 0)).toBe(6);
    expect(first.filter((p) => p.dstPort === 35901).reduce((n, p) => n + p.payloadLength, 0)).toBe(7);
  });

  it('http_vlan.pcap: every frame 802.1Q-tagged', () => {
    const { packets, summary } = read('http_vlan.pcap');
    expect(summary).toMatchObject({ framesRead: 14, datagrams: 14 });
    expect(packets[0]).toMatchObject({ src: '141.142.228.5', srcPort: 59856, dst: '192.150.187.43', dstPort: 80, tcpFlags: 0x02 });
    expect(packets[0].ts.toFixed(6)).toBe('1362692526.869344');
    expect(packets.filter((p) => p.src === '141.142.228.5').reduce((n, p) => n + p.payloadLength, 0)).toBe(136);
    expect(packets.filter((p) => p.src === '192.150.187.43').reduce((n, p) => n + p.payloadLength, 0)).toBe(5007);
  });

  it('http_ipv4_ipv6.pcapng: the same GET over IPv4 and IPv6', () => {
    const { packets } = read('http_ipv4_ipv6.pcapng');
    expect(packets.filter((p) => p.ipVersion === 4)).toHaveLength(10);
    const v6 = packets.filter((p) => p.ipVersion === 6);
    expect(v6).toHaveLength(10);
    expect(v6[0]).toMatchObject({ src: '2001:db8:1:2::1002', srcPort: 35023, dst: '2001:db8:1:2::1000', dstPort: 80, tcpFlags: 0x02 });
    expect(v6[0].ts.toFixed(6)).toBe('1448215096.399450');
    expect(v6.filter((p) => p.srcPort === 35023).reduce((n, p) => n + p.payloadLength, 0)).toBe(84);
    expect(v6.filter((p) => p.dstPort === 35023).reduce((n, p) => n + p.payloadLength, 0)).toBe(491);
    expect(packets[0].ts.toFixed(6)).toBe('1448215091.400170');
  });

  it('icmp_traceroute.pcapng: ICMP message lengths', () => {
    const { packets } = read('icmp_traceroute.pcapng');
    const byType = (t: number) => packets.filter((p) => p.icmpType === t);
    expect([byType(8).length, byType(11).length, byType(0).length]).toEqual([27, 24, 3]);
    expect(byType(8).every((p) => p.payloadLength === 72)).toBe(true);
    expect(byType(11).filter((p) => p.payloadLength === 148).map((p) => p.src)).toEqual(new Array(3).fill('12.122.133.110'));
  });

  it('reads the same in random chunks', () => {
    for (const file of ['http_espn.pcapng', 'icmp_ip_fragments.pcap', 'nmap_syn_scan.pcap']) {
      const data = readFileSync(resolve(capturesDir, file));
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      expect(readCapture(bytes, randomChunkSizes(100, 9000, 5)), file).toEqual(readCapture(bytes));
    }
  });

  it('every benign capture parses, each frame used or skipped', () => {
    const dir = resolve(capturesDir, 'benign');
    const files = readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f));
    expect(files.length).toBe(60);
    // The benign README's table: | file | sha256 | bytes | packets | …
    const counts = new Map<string, number>();
    for (const line of readFileSync(resolve(dir, 'README.md'), 'utf8').split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length > 5 && /\.pcap(ng)?$/.test(cells[1])) counts.set(cells[1], Number(cells[4].replace(/,/g, '')));
    }
    for (const file of files) {
      const { summary } = read(`benign/${file}`);
      if (counts.has(file)) expect(summary.framesRead, file).toBe(counts.get(file));
      expect(summary.framesRead, file).toBeGreaterThan(0);
      expect(summary.truncatedFile, file).toBe(false);
      expect(summary.framesUsed, file).toBeGreaterThan(summary.framesSkipped);
    }
  });
});
