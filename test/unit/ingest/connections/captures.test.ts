/**
 * The real captures of ../shared/captures through the capture reader and the tracker: the records
 * its README states (counts, flags, services, bytes, start times, durations).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../../../src/lib/ingest/pcap/index';
import { ConnectionTracker } from '../../../../src/lib/ingest/connections/connection-tracker';
import type { Connection } from '../../../../src/lib/ingest/connections/connection';

const DIR = new URL('../../../../../shared/captures/', import.meta.url);
const present = existsSync(new URL('README.md', DIR));

function records(file: string): { out: Connection[]; tracker: ConnectionTracker } {
  const out: Connection[] = [];
  const tracker = new ConnectionTracker({ onConnection: (c) => out.push(c) });
  const reader = new CaptureReader({ onPacket: (p) => tracker.push(p) });
  reader.push(new Uint8Array(readFileSync(new URL(file, DIR))));
  reader.finish();
  tracker.finish();
  return { out, tracker };
}

function tally(out: Connection[], key: (c: Connection) => string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const c of out) m[key(c)] = (m[key(c)] ?? 0) + 1;
  return m;
}

const flagOf = (c: Connection) => `${c.features.protocol_type} ${c.features.flag}`;
const row = (c: Connection) => [
  c.identity.ts.toFixed(6),
  `${c.identity.origH}:${c.identity.origP}`,
  `${c.identity.respH}:${c.identity.respP}`,
  c.features.src_bytes,
  c.features.dst_bytes,
  c.durationSeconds,
];

describe.skipIf(!present)('real captures → records (../shared/captures/README.md)', () => {
  it('http_espn: 39 = 25 tcp S1 (cut by the end) + 14 udp SF; http 25, domain_u 14', () => {
    const { out, tracker } = records('http_espn.pcapng');
    expect(out.length).toBe(39);
    expect(tally(out, flagOf)).toEqual({ 'tcp S1': 25, 'udp SF': 14 });
    expect(tally(out, (c) => c.features.service)).toEqual({ http: 25, domain_u: 14 });
    expect(tracker.cutByEnd).toBe(39);
    expect(out.filter((c) => c.features.protocol_type === 'tcp').every((c) => c.cutByEnd)).toBe(true);
  });

  it('icmp_traceroute: 54 icmp SF; eco_i 27, tim_i 24, ecr_i 3; src_bytes the message length', () => {
    const { out } = records('icmp_traceroute.pcapng');
    expect(out.length).toBe(54);
    expect(tally(out, (c) => c.features.service)).toEqual({ eco_i: 27, tim_i: 24, ecr_i: 3 });
    for (const c of out) expect(c.features).toMatchObject({ protocol_type: 'icmp', flag: 'SF', duration: 0, dst_bytes: 0 });
    expect(tally(out, (c) => `${c.features.service} ${c.features.src_bytes}`)).toEqual({ 'eco_i 72': 27, 'tim_i 36': 21, 'tim_i 148': 3, 'ecr_i 72': 3 });
  });

  it('http_ipv4_ipv6: 2 tcp http SF with the README rows', () => {
    const { out } = records('http_ipv4_ipv6.pcapng');
    expect(out.map(flagOf)).toEqual(['tcp SF', 'tcp SF']);
    expect(out.map((c) => c.features.service)).toEqual(['http', 'http']);
    expect(out.map(row)).toEqual([
      // Durations end at the second FIN (Zeek's clock stops once both sides have closed); the README's
      // figures (0.004368, 0.004597) run on to the last ACK.
      ['1448215091.400170', '172.16.16.140:53350', '172.16.16.139:80', 77, 491, 0.004156],
      ['1448215096.399450', '2001:db8:1:2::1002:35023', '2001:db8:1:2::1000:80', 84, 491, 0.004183],
    ]);
  });

  it('icmp_ip_fragments: 8 reassembled messages of 3080 bytes, eco_i 4 / ecr_i 4, at the README times', () => {
    const { out } = records('icmp_ip_fragments.pcap');
    expect(out.map((c) => c.identity.ts.toFixed(6))).toEqual([
      '1168038824.118030', '1168038824.122559', '1168038825.118791', '1168038825.123028',
      '1168038826.118819', '1168038826.129447', '1168038827.119833', '1168038827.124433',
    ]);
    expect(out.map((c) => `${c.features.service} ${c.identity.origH}`)).toEqual(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 'eco_i 192.168.0.114' : 'ecr_i 192.168.0.193')),
    );
    for (const c of out) expect(c.features).toMatchObject({ src_bytes: 3080, dst_bytes: 0, wrong_fragment: 0, flag: 'SF' });
  });

  it('http_vlan: 1 tcp http SF, duration to the second FIN (the README: last ACK 0.000144 s later)', () => {
    const { out } = records('http_vlan.pcap');
    expect(out.map(flagOf)).toEqual(['tcp SF']);
    expect(out.map(row)).toEqual([['1362692526.869344', '141.142.228.5:59856', '192.150.187.43:80', 136, 5007, 0.211628 - 0.000144]]);
  });

  it('redis_sll_loopback: 15 tcp SF, service other, land 0, the README byte pairs', () => {
    const { out } = records('redis_sll_loopback.pcap');
    expect(out.length).toBe(15);
    for (const c of out) expect(c.features).toMatchObject({ protocol_type: 'tcp', flag: 'SF', service: 'other', land: 0 });
    expect(out.map((c) => c.identity.origP)).toEqual(Array.from({ length: 15 }, (_, i) => 35901 + i));
    expect(out.map((c) => `${c.features.src_bytes}/${c.features.dst_bytes}`).join(', ')).toBe(
      '6/7, 14/7, 45/5, 36/9, 41/4, 36/8, 26/9, 52/4, 25/27, 36/8, 43/906, 44/2706, 44/4056, 44/5406, 335/5',
    );
  });

  it('smtp_snaplen_truncated: 1 tcp smtp SF, bytes from the headers, content 0', () => {
    const { out } = records('smtp_snaplen_truncated.pcap');
    expect(out.map(flagOf)).toEqual(['tcp SF']);
    expect(out[0].features.service).toBe('smtp');
    // Duration to the second FIN (the README's 1.511184 runs on to the last ACK).
    expect(out.map(row)).toEqual([['1103139821.634774', '201.186.157.67:60827', '128.3.26.249:25', 128, 477, 1.510957]]);
    expect(out[0].features).toMatchObject({ hot: 0, num_failed_logins: 0, is_guest_login: 0, root_shell: 0 });
  });

  it('nmap_syn_scan: 1,005 = REJ 995 + RSTO 5 + S0 2 (ports 79, 1126) + 3 udp; other 903, private 55, 47 named', () => {
    const { out } = records('nmap_syn_scan.pcap');
    expect(out.length).toBe(1005);
    expect(tally(out, flagOf)).toEqual({ 'tcp REJ': 995, 'tcp RSTO': 5, 'tcp S0': 2, 'udp SF': 3 });
    expect(out.filter((c) => c.features.flag === 'S0').map((c) => c.identity.respP).sort((a, b) => a - b)).toEqual([79, 1126]);
    expect(out.filter((c) => c.features.flag === 'RSTO').map((c) => c.identity.respP).sort((a, b) => a - b)).toEqual([135, 139, 445, 1025, 5000]);
    const udp = out.filter((c) => c.features.protocol_type === 'udp');
    expect(udp.map((c) => `${c.identity.respH}:${c.identity.respP} ${c.features.service}`)).toEqual(Array(3).fill('239.255.255.250:1900 other'));
    const services = tally(out, (c) => c.features.service);
    expect(services.other).toBe(903);
    expect(tally(udp, (c) => c.features.service)).toEqual({ other: 3 });
    expect(services.private).toBe(55);
    const named = Object.entries(services).filter(([s]) => s !== 'other' && s !== 'private');
    expect(named.reduce((n, [, k]) => n + k, 0)).toBe(47);
    expect(services.X11).toBe(11);
    expect(services.finger).toBe(2);
    const singles = `ftp_data ftp ssh telnet smtp domain http http_443 pop_2 pop_3 imap4 sunrpc auth netbios_ssn login shell
      exec printer klogin kshell ldap nntp whois daytime time echo discard name bgp gopher ctf IRC aol http_8001`.split(/\s+/);
    for (const s of singles) expect(services[s], s).toBe(1);
    expect(named.length).toBe(singles.length + 2);
    for (let i = 1; i < out.length; i++) expect(out[i].identity.ts).toBeGreaterThanOrEqual(out[i - 1].identity.ts);
  });
});
