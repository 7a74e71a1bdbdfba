import type { PacketSkip } from './packet.ts';

/**
 * The reasons a frame gives no datagram. Fixed reasons are shared constants, so a skipped frame
 * allocates nothing; reasons that name a number (an ethertype, a protocol) are built when they occur.
 */

export const SKIP_KIND = {
  notIp: 'not-ip',
  truncated: 'truncated',
  malformed: 'malformed',
  transport: 'transport',
  linkType: 'link-type',
  fragmentIncomplete: 'fragment-incomplete',
  fragmentMemory: 'fragment-memory',
  fileTruncated: 'file-truncated',
  corrupt: 'corrupt',
  interface: 'interface',
  duplicate: 'duplicate',
} as const;

function skip(kind: string, reason: string): PacketSkip {
  return Object.freeze({ kind, reason });
}

export const ARP_SKIP = skip(SKIP_KIND.notIp, 'not IP (ARP)');

const ETHERTYPE_NAMES: Record<number, string> = { 0x0806: 'ARP' };
const notIpByEtherType = new Map<number, PacketSkip>();

/** `not IP (ARP)`, `not IP (ethertype 0x88cc)`; 802.3 length fields (< 0x0600) say LLC. */
export function notIpSkip(etherType: number): PacketSkip {
  let s = notIpByEtherType.get(etherType);
  if (s === undefined) {
    const name =
      ETHERTYPE_NAMES[etherType] ??
      (etherType < 0x0600 ? '802.3 LLC frame' : `ethertype 0x${etherType.toString(16).padStart(4, '0')}`);
    s = skip(SKIP_KIND.notIp, `not IP (${name})`);
    notIpByEtherType.set(etherType, s);
  }
  return s;
}

const notIpByFamily = new Map<number, PacketSkip>();

/** A BSD loopback frame whose address family is not IPv4 or IPv6. */
export function notIpFamilySkip(family: number): PacketSkip {
  let s = notIpByFamily.get(family);
  if (s === undefined) {
    s = skip(SKIP_KIND.notIp, `not IP (address family ${family})`);
    notIpByFamily.set(family, s);
  }
  return s;
}

const truncatedByHeader = new Map<string, PacketSkip>();

/** `truncated (TCP header cut by the snap length)`. */
export function truncatedSkip(header: string): PacketSkip {
  let s = truncatedByHeader.get(header);
  if (s === undefined) {
    s = skip(SKIP_KIND.truncated, `truncated (${header} cut by the snap length)`);
    truncatedByHeader.set(header, s);
  }
  return s;
}

const malformedByText = new Map<string, PacketSkip>();

/** `malformed IPv4 header (header length 12 bytes)`. */
export function malformedSkip(what: string): PacketSkip {
  let s = malformedByText.get(what);
  if (s === undefined) {
    s = skip(SKIP_KIND.malformed, `malformed ${what}`);
    malformedByText.set(what, s);
  }
  return s;
}

const IP_PROTOCOL_NAMES: Record<number, string> = {
  0: 'IPv6 hop-by-hop options',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IP in IP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6 in IP',
  43: 'IPv6 routing header',
  44: 'IPv6 fragment header',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'no next header',
  60: 'IPv6 destination options',
  88: 'EIGRP',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
  136: 'UDP-Lite',
};
const transportByProtocol = new Map<number, PacketSkip>();

/** `IP protocol 47 (GRE) not read`. */
export function unsupportedTransportSkip(protocol: number): PacketSkip {
  let s = transportByProtocol.get(protocol);
  if (s === undefined) {
    const name = IP_PROTOCOL_NAMES[protocol];
    s = skip(SKIP_KIND.transport, `IP protocol ${protocol}${name === undefined ? '' : ` (${name})`} not read`);
    transportByProtocol.set(protocol, s);
  }
  return s;
}

const linkTypeSkips = new Map<number, PacketSkip>();

/** `link type 105 not supported`. */
export function unsupportedLinkTypeSkip(linkType: number): PacketSkip {
  let s = linkTypeSkips.get(linkType);
  if (s === undefined) {
    s = skip(SKIP_KIND.linkType, `link type ${linkType} not supported`);
    linkTypeSkips.set(linkType, s);
  }
  return s;
}

export const FRAGMENT_TIMEOUT_SKIP = skip(SKIP_KIND.fragmentIncomplete, 'IP fragment of a datagram never completed (time limit)');
export const FRAGMENT_END_SKIP = skip(SKIP_KIND.fragmentIncomplete, 'IP fragment of a datagram never completed (capture ended)');
export const FRAGMENT_MEMORY_SKIP = skip(SKIP_KIND.fragmentMemory, 'IP fragment dropped (reassembly memory limit)');
export const FILE_TRUNCATED_SKIP = skip(SKIP_KIND.fileTruncated, 'the file ends inside a packet record');
export const DUPLICATE_SKIP = skip(SKIP_KIND.duplicate, 'exact duplicate of an earlier packet (same time and bytes), dropped as editcap -D does');
