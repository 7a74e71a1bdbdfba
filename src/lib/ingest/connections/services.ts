/**
 * NSL-KDD service names from the responder's port (TCP / UDP) or from the ICMP type and code.
 *
 * One table: each of the 70 NSL-KDD service names with the well-known (IANA) ports that map to it.
 *
 * Rule for a port the table does not name (written here because the README quotes it):
 * - an unnamed port in the dynamic / private range 49152–65535 → `private`;
 * - any other unnamed port → `other`.
 *
 * Choices written down:
 * - `http` is port 80 only (8080, 81, … are `other`); 443 is `http_443`, 8001 `http_8001`,
 *   2784 `http_2784`.
 * - `domain_u`, `ntp_u`, `tftp_u` (and `domain` / no `_u` for TCP) are UDP-only names: port 53/udp is
 *   `domain_u`, 53/tcp `domain`; 123 and 69 over TCP are `other`. Every other named port means the same
 *   service over TCP and UDP.
 * - `IRC` is 6667 and 194; `X11` is 6000–6063.
 * - `harvest` and `pm_dump` have no IANA port (Harvest's broker and a post-mortem dump service of the
 *   1998 DARPA network ran on site-specific ports): no port maps to them, so they are never produced.
 * - The ICMP names (`eco_i`, `ecr_i`, `urp_i`, `urh_i`, `tim_i`, `red_i`) come from icmpServiceFor;
 *   `oth_i` (every other ICMP message) is not in KDDTrain+'s vocabulary: the app reports it as unseen.
 */

export type PortProtocol = 'tcp' | 'udp';

interface ServicePorts {
  name: string;
  ports: readonly number[];
  /** Only over this transport; absent = TCP and UDP. */
  only?: PortProtocol;
}

/** The 64 port-based NSL-KDD services (the other 6 are ICMP names). */
const SERVICE_PORTS: readonly ServicePorts[] = [
  { name: 'echo', ports: [7] },
  { name: 'discard', ports: [9] },
  { name: 'systat', ports: [11] },
  { name: 'daytime', ports: [13] },
  { name: 'netstat', ports: [15] },
  { name: 'ftp_data', ports: [20] },
  { name: 'ftp', ports: [21] },
  { name: 'ssh', ports: [22] },
  { name: 'telnet', ports: [23] },
  { name: 'smtp', ports: [25] },
  { name: 'time', ports: [37] },
  { name: 'name', ports: [42] },
  { name: 'whois', ports: [43] },
  { name: 'domain', ports: [53], only: 'tcp' },
  { name: 'domain_u', ports: [53], only: 'udp' },
  { name: 'mtp', ports: [57] },
  { name: 'tftp_u', ports: [69], only: 'udp' },
  { name: 'gopher', ports: [70] },
  { name: 'remote_job', ports: [71] },
  { name: 'rje', ports: [77] },
  { name: 'finger', ports: [79] },
  { name: 'http', ports: [80] },
  { name: 'ctf', ports: [84] },
  { name: 'supdup', ports: [95] },
  { name: 'hostnames', ports: [101] },
  { name: 'iso_tsap', ports: [102] },
  { name: 'csnet_ns', ports: [105] },
  { name: 'pop_2', ports: [109] },
  { name: 'pop_3', ports: [110] },
  { name: 'sunrpc', ports: [111] },
  { name: 'auth', ports: [113] },
  { name: 'uucp_path', ports: [117] },
  { name: 'nntp', ports: [119] },
  { name: 'ntp_u', ports: [123], only: 'udp' },
  { name: 'netbios_ns', ports: [137] },
  { name: 'netbios_dgm', ports: [138] },
  { name: 'netbios_ssn', ports: [139] },
  { name: 'imap4', ports: [143] },
  { name: 'sql_net', ports: [150] },
  { name: 'vmnet', ports: [175] },
  { name: 'bgp', ports: [179] },
  { name: 'IRC', ports: [194, 6667] },
  { name: 'Z39_50', ports: [210] },
  { name: 'link', ports: [245] },
  { name: 'ldap', ports: [389] },
  { name: 'nnsp', ports: [433] },
  { name: 'http_443', ports: [443] },
  { name: 'exec', ports: [512] },
  { name: 'login', ports: [513] },
  { name: 'shell', ports: [514] },
  { name: 'printer', ports: [515] },
  { name: 'efs', ports: [520] },
  { name: 'courier', ports: [530] },
  { name: 'uucp', ports: [540] },
  { name: 'klogin', ports: [543] },
  { name: 'kshell', ports: [544] },
  { name: 'http_2784', ports: [2784] },
  { name: 'aol', ports: [5190] },
  { name: 'X11', ports: rangeOf(6000, 6063) },
  { name: 'http_8001', ports: [8001] },
  { name: 'harvest', ports: [] },
  { name: 'pm_dump', ports: [] },
];

/** The ICMP service names, and the catch-all for any other ICMP message. */
export const ICMP_SERVICES = ['eco_i', 'ecr_i', 'urp_i', 'urh_i', 'tim_i', 'red_i'] as const;
export const ICMP_OTHER_SERVICE = 'oth_i';

/** The 70 NSL-KDD service names (port-based, ICMP, `other` and `private`). */
export const NSL_KDD_SERVICES: readonly string[] = [
  ...SERVICE_PORTS.map((s) => s.name),
  ...ICMP_SERVICES,
  'other',
  'private',
].sort();

function rangeOf(from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}

/** Port → name lookups per transport, built once from the table (an array index is the fastest lookup). */
function buildLookup(protocol: PortProtocol): (string | undefined)[] {
  const lookup: (string | undefined)[] = new Array(65536).fill(undefined);
  for (const s of SERVICE_PORTS) {
    if (s.only && s.only !== protocol) continue;
    for (const p of s.ports) lookup[p] = s.name;
  }
  return lookup;
}

const TCP_LOOKUP = buildLookup('tcp');
const UDP_LOOKUP = buildLookup('udp');

/** The first port of the dynamic / private range (RFC 6335): unnamed ports from here on are `private`. */
export const PRIVATE_PORT_FROM = 49152;

/** The service of a TCP / UDP connection from its responder's port; ICMP goes through icmpServiceFor. */
export function serviceFor(protocol: 'tcp' | 'udp' | 'icmp', respPort: number): string {
  if (protocol === 'icmp') return ICMP_OTHER_SERVICE;
  const named = (protocol === 'tcp' ? TCP_LOOKUP : UDP_LOOKUP)[respPort];
  if (named !== undefined) return named;
  return respPort >= PRIVATE_PORT_FROM && respPort <= 65535 ? 'private' : 'other';
}

/** The service of one ICMP (v4) or ICMPv6 (v6 = true) message from its type and code. */
export function icmpServiceFor(type: number, code: number, v6: boolean): string {
  if (v6) {
    if (type === 128) return 'eco_i';
    if (type === 129) return 'ecr_i';
    if (type === 1 && code === 4) return 'urp_i';
    if (type === 1 && code === 3) return 'urh_i';
    if (type === 3) return 'tim_i';
    if (type === 137) return 'red_i';
    return ICMP_OTHER_SERVICE;
  }
  if (type === 8) return 'eco_i';
  if (type === 0) return 'ecr_i';
  if (type === 3 && code === 3) return 'urp_i';
  if (type === 3 && code === 1) return 'urh_i';
  if (type === 11) return 'tim_i';
  if (type === 5) return 'red_i';
  return ICMP_OTHER_SERVICE;
}
