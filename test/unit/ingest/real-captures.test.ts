/**
 * The real captures of ../shared/captures through the whole ingest path, as the page and the CLI read
 * them: readInput() on a Blob of the file (format detection → capture reader → connections → traffic
 * windows → RecordBatches with identity) and sourceOfBlob().forEachRecord() (the text fields of each
 * record). Every figure ../shared/captures/README.md states is checked here: record counts, flags,
 * services, the rows of its tables, durations (floor of the stated ones) and the packet accounting.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInput, sourceOfBlob, type ParseSummary } from '../../../src/lib/ingest';
import { EXTRACTED_RECORD_COLUMNS } from '../../../src/lib/ingest/extracted-batches';
import type { RecordBatch } from '../../../src/lib/ingest/record-batch';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../../../src/lib/schema/schema';

const root = resolve(import.meta.dirname, '../../..');
const capturesDir = resolve(root, '../shared/captures');
const haveCaptures = existsSync(resolve(capturesDir, 'README.md'));
const SKIP_MESSAGE = `${capturesDir} is missing: the whole-path tests on real captures are skipped`;
if (!haveCaptures) console.warn(`real-captures (ingest): ${SKIP_MESSAGE}`);

const col = (name: string) => {
  const i = EXTRACTED_RECORD_COLUMNS.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};

/** One record as forEachRecord gives it, by column name. */
type Fields = Record<string, string>;

interface Read {
  summary: ParseSummary;
  batches: RecordBatch[];
  /** forEachRecord's records, by column name, in row order. */
  records: Fields[];
}

function blobOf(file: string): Blob {
  return new Blob([readFileSync(resolve(capturesDir, file))]);
}

async function readBoth(file: string): Promise<Read> {
  const blob = blobOf(file);
  const batches: RecordBatch[] = [];
  const summary = await readInput(blob, { onBatch: (b) => void batches.push(b) });
  const records: Fields[] = [];
  const rows: number[] = [];
  const source = await sourceOfBlob(blob);
  const { columns } = await source.forEachRecord(blob, (row, fields) => {
    rows.push(row);
    records.push(Object.fromEntries(columns_.map((c, i) => [c, fields[i]])));
    return true;
  });
  expect(columns).toEqual([...EXTRACTED_RECORD_COLUMNS]);
  expect(rows).toEqual(records.map((_, i) => i + 1));
  checkInvariants(file, summary, batches, records);
  return { summary, batches, records };
}
const columns_ = EXTRACTED_RECORD_COLUMNS;

/** rowsRead = accepted + rejected, packets read = used + skipped, and the batches agree with forEachRecord row for row. */
function checkInvariants(file: string, summary: ParseSummary, batches: RecordBatch[], records: Fields[]) {
  expect(summary.rowsRead, file).toBe(summary.rowsAccepted + summary.rowsRejected);
  const c = summary.capture!;
  expect(c, file).toBeDefined();
  expect(c.packetsRead, file).toBe(c.packetsUsed + c.packetsSkipped);
  expect(c.skips.reduce((n, s) => n + s.count, 0), file).toBe(c.packetsSkipped);
  expect(summary.hasIdentity, file).toBe(true);
  expect(records.length, file).toBe(summary.rowsRead);
  const srcBytes = NUMERIC_FEATURES.indexOf('src_bytes');
  const service = CATEGORICAL_FEATURES.indexOf('service');
  let seen = 0;
  for (const b of batches) {
    expect(b.identity, file).toBeDefined();
    for (let i = 0; i < b.rowCount; i++) {
      const r = records[b.rowNumbers[i] - 1];
      expect(
        [b.identity!.ts[i].toFixed(6), b.identity!.origH[i], b.identity!.origP[i], b.identity!.respH[i], b.identity!.respP[i]],
        `${file} row ${b.rowNumbers[i]}`,
      ).toEqual([r.ts, r.orig_h, Number(r.orig_p), r.resp_h, Number(r.resp_p)]);
      expect(b.numeric[i * NUMERIC_FEATURES.length + srcBytes]).toBe(Number(r.src_bytes));
      expect(summary.vocabularies.service[b.categorical[i * CATEGORICAL_FEATURES.length + service]]).toBe(r.service);
    }
    seen += b.rowCount;
  }
  expect(seen, file).toBe(summary.rowsAccepted);
  // Records leave in start order but where one was placed while open; a tuple's records always in start order.
  const lastStart = new Map<string, number>();
  for (const [i, r] of records.entries()) {
    const tuple = [r.protocol_type, ...[`${r.orig_h} ${r.orig_p}`, `${r.resp_h} ${r.resp_p}`].sort()].join(' ');
    expect(Number(r.ts) >= (lastStart.get(tuple) ?? -Infinity), `${file} row ${i + 1}`).toBe(true);
    lastStart.set(tuple, Number(r.ts));
  }
}

/** The file as a stream of small byte chunks (each its own buffer). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function tally(records: Fields[], key: (r: Fields) => string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of records) m[key(r)] = (m[key(r)] ?? 0) + 1;
  return m;
}

/** "2010-04-07 17:29:29.782934" (UTC) → Unix seconds with 6 decimals. */
function unixText(utc: string): string {
  const [whole, fraction] = utc.split('.');
  return `${Date.parse(`${whole.replace(' ', 'T')}Z`) / 1000}.${fraction}`;
}

/** The README's table of files: file → packets, first / last packet. */
function readmeFiles(): Map<string, { packets: number; first: string; last: string; format: string; linkType: number }> {
  const out = new Map<string, { packets: number; first: string; last: string; format: string; linkType: number }>();
  for (const line of readFileSync(resolve(capturesDir, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !/\.pcap(ng)?$/.test(cells[1])) continue;
    const [first, lastTime] = cells[6].split(' / ');
    const last = `${first.split(' ')[0]} ${lastTime}`;
    out.set(cells[1], {
      packets: Number(cells[5].replace(/,/g, '')),
      first: unixText(first),
      last: unixText(last),
      format: cells[3].startsWith('pcapng') ? 'pcapng' : 'pcap',
      linkType: Number(/\((\d+)\)/.exec(cells[4])![1]),
    });
  }
  return out;
}

const CAPTURES = [
  'http_espn.pcapng',
  'icmp_traceroute.pcapng',
  'http_ipv4_ipv6.pcapng',
  'icmp_ip_fragments.pcap',
  'http_vlan.pcap',
  'redis_sll_loopback.pcap',
  'smtp_snaplen_truncated.pcap',
  'nmap_syn_scan.pcap',
];

const CONTENT = ['hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root', 'num_file_creations', 'num_shells', 'num_access_files', 'num_outbound_cmds', 'is_host_login', 'is_guest_login'];

describe.skipIf(!haveCaptures)(`real captures through readInput (${haveCaptures ? capturesDir : SKIP_MESSAGE})`, () => {
  const read = new Map<string, Read>();
  beforeAll(async () => {
    for (const file of CAPTURES) read.set(file, await readBoth(file));
  });
  const get = (file: string) => read.get(file)!;

  it('the README lists these eight files; each reads whole, with its format, link type, packet count and first / last packet time', () => {
    const files = readmeFiles();
    expect([...files.keys()].sort()).toEqual([...CAPTURES].sort());
    for (const [file, want] of files) {
      const { summary } = get(file);
      const c = summary.capture!;
      expect(summary.format, file).toBe(want.format);
      expect(c.packetsRead, file).toBe(want.packets);
      expect(c.linkTypes.map((l) => [l.linkType, l.packets]), file).toEqual([[want.linkType, want.packets]]);
      expect(c.firstTs!.toFixed(6), file).toBe(want.first);
      expect(c.lastTs!.toFixed(6), file).toBe(want.last);
      expect(c.truncatedFile, file).toBe(false);
      expect(summary.rowsRejected, file).toBe(0);
      if (file === 'nmap_syn_scan.pcap') continue;
      expect([c.packetsUsed, c.packetsSkipped], file).toEqual([want.packets, 0]);
    }
  });

  it('each reads the same from a stream of 997-byte chunks as from the Blob (records, identity, summary)', async () => {
    for (const file of CAPTURES) {
      const bytes = new Uint8Array(readFileSync(resolve(capturesDir, file)));
      const batches: RecordBatch[] = [];
      const summary = await readInput(chunked(bytes, 997), { totalBytes: bytes.length, onBatch: (b) => void batches.push(b) });
      const want = get(file);
      expect(summary, file).toEqual(want.summary);
      const ids = (bs: RecordBatch[]) => bs.flatMap((b) => Array.from({ length: b.rowCount }, (_, i) => [b.rowNumbers[i], b.identity!.ts[i], b.identity!.origH[i], b.identity!.origP[i], b.identity!.respH[i], b.identity!.respP[i], b.identity!.packets[i]]));
      expect(ids(batches), file).toEqual(ids(want.batches));
      const values = (bs: RecordBatch[]) => bs.map((b) => [Array.from(b.numeric), Array.from(b.categorical)]);
      expect(values(batches), file).toEqual(values(want.batches));
    }
  });

  it('http_espn.pcapng: 39 = 25 tcp S1 http (all still open at the end) + 14 udp SF domain_u', () => {
    const { records, summary } = get('http_espn.pcapng');
    expect(summary.rowsRead).toBe(39);
    expect(tally(records, (r) => `${r.protocol_type} ${r.flag} ${r.service}`)).toEqual({ 'tcp S1 http': 25, 'udp SF domain_u': 14 });
    expect(summary.capture!.recordsCutByEnd).toBe(25);
    expect(summary.capture!.skips).toEqual([]);
    // One client, 14 queries to 4.2.2.1, 25 connections to 13 servers.
    expect(new Set(records.map((r) => r.orig_h))).toEqual(new Set(['172.16.0.122']));
    expect(records.filter((r) => r.protocol_type === 'udp').every((r) => r.resp_h === '4.2.2.1' && r.resp_p === '53')).toBe(true);
    expect(new Set(records.filter((r) => r.protocol_type === 'tcp').map((r) => r.resp_h)).size).toBe(13);
    expect(records.filter((r) => r.protocol_type === 'tcp').every((r) => r.resp_p === '80')).toBe(true);
  });

  it('icmp_traceroute.pcapng: 54 icmp SF, duration 0, dst_bytes 0; eco_i 27 × 72 B, tim_i 24 (21 × 36 B, 3 × 148 B from 12.122.133.110), ecr_i 3', () => {
    const { records, summary } = get('icmp_traceroute.pcapng');
    expect(summary.rowsRead).toBe(54);
    for (const r of records) expect([r.protocol_type, r.flag, r.duration, r.dst_bytes]).toEqual(['icmp', 'SF', '0', '0']);
    expect(tally(records, (r) => r.service)).toEqual({ eco_i: 27, tim_i: 24, ecr_i: 3 });
    const eco = records.filter((r) => r.service === 'eco_i');
    expect(eco.every((r) => r.src_bytes === '72' && r.orig_h === '192.168.100.138' && r.resp_h === '4.2.2.1')).toBe(true);
    // ICMP identity: the ports carry type and code, as Zeek does.
    expect(eco.every((r) => r.orig_p === '8' && r.resp_p === '0')).toBe(true);
    const tim = records.filter((r) => r.service === 'tim_i');
    expect(tally(tim, (r) => r.src_bytes)).toEqual({ '36': 21, '148': 24 - 21 });
    expect(tim.filter((r) => r.src_bytes === '148').map((r) => r.orig_h)).toEqual(new Array(3).fill('12.122.133.110'));
    expect(new Set(tim.map((r) => r.orig_h)).size).toBe(8);
    expect(tim.every((r) => r.resp_h === '192.168.100.138' && r.orig_p === '11')).toBe(true);
    expect(records.filter((r) => r.service === 'ecr_i').every((r) => r.orig_h === '4.2.2.1' && r.resp_h === '192.168.100.138')).toBe(true);
  });

  it('http_ipv4_ipv6.pcapng: the two rows of the README table, tcp http SF, duration 0', () => {
    const { records } = get('http_ipv4_ipv6.pcapng');
    expect(records.map((r) => [r.protocol_type, r.service, r.flag, r.ts, `${r.orig_h}:${r.orig_p}`, `${r.resp_h}:${r.resp_p}`, r.src_bytes, r.dst_bytes, r.duration])).toEqual([
      ['tcp', 'http', 'SF', '1448215091.400170', '172.16.16.140:53350', '172.16.16.139:80', '77', '491', String(Math.floor(0.004368))],
      ['tcp', 'http', 'SF', '1448215096.399450', '2001:db8:1:2::1002:35023', '2001:db8:1:2::1000:80', '84', '491', String(Math.floor(0.004597))],
    ]);
  });

  it('icmp_ip_fragments.pcap: 24 fragments → 8 icmp SF records of 3080 bytes at the README start times, wrong_fragment 0', () => {
    const { records, summary } = get('icmp_ip_fragments.pcap');
    expect(summary.capture).toMatchObject({ packetsRead: 24, packetsUsed: 24, packetsSkipped: 0 });
    expect(records.map((r) => r.ts)).toEqual([
      '1168038824.118030', '1168038824.122559', '1168038825.118791', '1168038825.123028',
      '1168038826.118819', '1168038826.129447', '1168038827.119833', '1168038827.124433',
    ]);
    expect(records.map((r) => `${r.service} ${r.orig_h} ${r.resp_h}`)).toEqual(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 'eco_i 192.168.0.114 192.168.0.193' : 'ecr_i 192.168.0.193 192.168.0.114')),
    );
    for (const r of records) {
      expect([r.protocol_type, r.flag, r.src_bytes, r.dst_bytes, r.wrong_fragment, r.duration]).toEqual(['icmp', 'SF', '3080', '0', '0', '0']);
    }
  });

  it('http_vlan.pcap: 1 record, tcp http SF, 141.142.228.5:59856 → 192.150.187.43:80, 136 / 5007 bytes, duration floor(0.211628)', () => {
    const { records } = get('http_vlan.pcap');
    expect(records.map((r) => [r.protocol_type, r.service, r.flag, r.ts, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.src_bytes, r.dst_bytes, r.duration])).toEqual([
      ['tcp', 'http', 'SF', '1362692526.869344', '141.142.228.5', '59856', '192.150.187.43', '80', '136', '5007', '0'],
    ]);
  });

  it('redis_sll_loopback.pcap: 15 tcp SF "other", land 0, the README bytes per client port 35901-35915', () => {
    const { records } = get('redis_sll_loopback.pcap');
    expect(records).toHaveLength(15);
    for (const r of records) {
      expect([r.protocol_type, r.flag, r.service, r.land, r.orig_h, r.resp_h, r.resp_p]).toEqual(['tcp', 'SF', 'other', '0', '127.0.0.1', '127.0.0.1', '6379']);
    }
    const byPort = [...records].sort((a, b) => Number(a.orig_p) - Number(b.orig_p));
    expect(byPort.map((r) => Number(r.orig_p))).toEqual(Array.from({ length: 15 }, (_, i) => 35901 + i));
    expect(byPort.map((r) => `${r.src_bytes}/${r.dst_bytes}`)).toEqual(
      '6/7, 14/7, 45/5, 36/9, 41/4, 36/8, 26/9, 52/4, 25/27, 36/8, 43/906, 44/2706, 44/4056, 44/5406, 335/5'.split(', '),
    );
  });

  it('smtp_snaplen_truncated.pcap: 1 tcp smtp SF, bytes from the IP lengths (128 / 477), duration floor(1.511184), content features 0', () => {
    const { records, summary } = get('smtp_snaplen_truncated.pcap');
    expect(summary.capture).toMatchObject({ packetsRead: 24, packetsUsed: 24, packetsSkipped: 0 });
    // Every frame cut by the 68-byte snap length: the summary says so (and what it costs).
    expect(summary.capture?.cutShort).toEqual({ packets: 24, longestCaptured: 68 });
    expect(get('http_vlan.pcap').summary.capture?.cutShort).toBeUndefined();
    expect(records.map((r) => [r.protocol_type, r.service, r.flag, r.ts, r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.src_bytes, r.dst_bytes, r.duration])).toEqual([
      ['tcp', 'smtp', 'SF', '1103139821.634774', '201.186.157.67', '60827', '128.3.26.249', '25', '128', '477', String(Math.floor(1.511184))],
    ]);
    // Content features stay 0 (no payload to read); logged_in follows the "no login step" rule.
    for (const name of CONTENT.filter((n) => n !== 'logged_in')) expect(records[0][name], name).toBe('0');
  });

  describe('nmap_syn_scan.pcap', () => {
    it('1,005 records = 1,002 tcp + 3 udp; 2,020 packets = 2,011 used + 9 not IP (ARP)', () => {
      const { records, summary } = get('nmap_syn_scan.pcap');
      expect(summary).toMatchObject({ rowsRead: 1005, rowsAccepted: 1005, rowsRejected: 0 });
      expect(tally(records, (r) => r.protocol_type)).toEqual({ tcp: 1002, udp: 3 });
      const c = summary.capture!;
      expect([c.packetsRead, c.packetsUsed, c.packetsSkipped]).toEqual([2020, 2011, 9]);
      expect(c.skips.map((s) => [s.kind, s.reason, s.count])).toEqual([['not-ip', 'not IP (ARP)', 9]]);
    });

    it('flags: REJ 995, RSTO 5 (the open ports), S0 2 (ports 79 and 1126), udp SF 3 to 239.255.255.250:1900 "other"', () => {
      const { records } = get('nmap_syn_scan.pcap');
      expect(tally(records, (r) => `${r.protocol_type} ${r.flag}`)).toEqual({ 'tcp REJ': 995, 'tcp RSTO': 5, 'tcp S0': 2, 'udp SF': 3 });
      const tcp = records.filter((r) => r.protocol_type === 'tcp');
      expect(tcp.every((r) => r.orig_h === '192.168.1.10' && r.resp_h === '192.168.1.25')).toBe(true);
      expect(tally(tcp, (r) => r.orig_p)).toEqual({ '35503': 1000, '35504': 2 });
      expect(new Set(tcp.map((r) => r.resp_p)).size).toBe(1000);
      expect(tcp.filter((r) => r.flag === 'RSTO').map((r) => Number(r.resp_p)).sort((a, b) => a - b)).toEqual([135, 139, 445, 1025, 5000]);
      expect(tcp.filter((r) => r.flag === 'S0').map((r) => Number(r.resp_p)).sort((a, b) => a - b)).toEqual([79, 1126]);
      const udp = records.filter((r) => r.protocol_type === 'udp');
      expect(udp.map((r) => [r.flag, r.resp_h, r.resp_p, r.service])).toEqual(new Array(3).fill(['SF', '239.255.255.250', '1900', 'other']));
      expect(udp.every((r) => r.orig_h !== '192.168.1.10')).toBe(true);
    });

    it('services: other 903 (900 tcp + 3 udp), private 55, and exactly the 47 named ones of the README', () => {
      const { records } = get('nmap_syn_scan.pcap');
      expect(tally(records.filter((r) => r.service === 'other'), (r) => r.protocol_type)).toEqual({ tcp: 900, udp: 3 });
      const privatePorts = records.filter((r) => r.service === 'private').map((r) => Number(r.resp_p));
      expect(privatePorts).toHaveLength(55);
      expect(privatePorts.every((p) => p >= 49152 && p <= 65535)).toBe(true);
      const single = [
        'ftp_data', 'ftp', 'ssh', 'telnet', 'smtp', 'domain', 'http', 'http_443', 'pop_2', 'pop_3', 'imap4', 'sunrpc', 'auth',
        'netbios_ssn', 'login', 'shell', 'exec', 'printer', 'klogin', 'kshell', 'ldap', 'nntp', 'whois', 'daytime', 'time', 'echo',
        'discard', 'name', 'bgp', 'gopher', 'ctf', 'IRC', 'aol', 'http_8001',
      ];
      const named = tally(records.filter((r) => r.service !== 'other' && r.service !== 'private'), (r) => r.service);
      expect(named).toEqual({ X11: 11, finger: 2, ...Object.fromEntries(single.map((s) => [s, 1])) });
      expect(Object.values(named).reduce((a, b) => a + b, 0)).toBe(47);
      expect(records.filter((r) => r.service === 'IRC').map((r) => r.resp_p)).toEqual(['6667']);
      expect(records.filter((r) => r.service === 'aol').map((r) => r.resp_p)).toEqual(['5190']);
      expect(records.filter((r) => r.service === 'X11').every((r) => Number(r.resp_p) >= 6000 && Number(r.resp_p) <= 6063)).toBe(true);
    });
  });
});

describe.skipIf(!haveCaptures)(`benign captures through readInput (${haveCaptures ? resolve(capturesDir, 'benign') : SKIP_MESSAGE})`, () => {
  it('every one reads: packets read = used + skipped (the README count), rows read = accepted + rejected', { timeout: 60_000 }, async () => {
    const dir = resolve(capturesDir, 'benign');
    const files = readdirSync(dir).filter((f) => /\.(pcap|pcapng|cap)$/.test(f));
    expect(files.length).toBe(60);
    const counts = new Map<string, number>();
    for (const line of readFileSync(resolve(dir, 'README.md'), 'utf8').split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length > 5 && /\.pcap(ng)?$/.test(cells[1])) counts.set(cells[1], Number(cells[4].replace(/,/g, '')));
    }
    for (const file of files) {
      const batches: RecordBatch[] = [];
      const summary = await readInput(blobOf(`benign/${file}`), { onBatch: (b) => void batches.push(b) });
      const c = summary.capture!;
      expect(c.packetsRead, file).toBe(c.packetsUsed + c.packetsSkipped);
      if (counts.has(file)) expect(c.packetsRead, file).toBe(counts.get(file));
      expect(c.truncatedFile, file).toBe(false);
      expect(summary.rowsRead, file).toBe(summary.rowsAccepted + summary.rowsRejected);
      expect(summary.rowsRead, file).toBeGreaterThan(0);
      expect(batches.reduce((n, b) => n + b.rowCount, 0), file).toBe(summary.rowsAccepted);
      expect(batches.every((b) => b.identity !== undefined && b.identity.ts.length === b.rowCount), file).toBe(true);
    }
  });
});
