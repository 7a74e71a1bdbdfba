import type { PacketSkip } from './packet.ts';
import { ARP_SKIP, notIpFamilySkip, notIpSkip, truncatedSkip, unsupportedLinkTypeSkip } from './skip-reasons.ts';

/** Link-layer framing: where in a frame the IP header starts, for the link types this reader knows. */

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW_12 = 12;
export const LINKTYPE_RAW_14 = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;

/** Read the IP version from the first nibble (raw IP link types). */
export const NETWORK_BY_VERSION = 0;

const LINK_TYPE_NAMES: Record<number, string> = {
  [LINKTYPE_NULL]: 'BSD loopback (NULL)',
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_RAW_12]: 'raw IP',
  [LINKTYPE_RAW_14]: 'raw IP',
  [LINKTYPE_RAW]: 'raw IP',
  [LINKTYPE_LOOP]: 'OpenBSD loopback (LOOP)',
  [LINKTYPE_LINUX_SLL]: 'Linux cooked capture (SLL)',
  [LINKTYPE_IPV4]: 'raw IPv4',
  [LINKTYPE_IPV6]: 'raw IPv6',
  [LINKTYPE_LINUX_SLL2]: 'Linux cooked capture v2 (SLL2)',
};

/** A human name for the summary: 'Ethernet', or 'link type 105' for one this reader does not read. */
export function linkTypeName(linkType: number): string {
  return LINK_TYPE_NAMES[linkType] ?? `link type ${linkType}`;
}

export function isSupportedLinkType(linkType: number): boolean {
  return LINK_TYPE_NAMES[linkType] !== undefined;
}

/** Where the network layer starts; filled by findNetworkLayer (one object reused for every frame). */
export interface NetworkLayer {
  offset: number;
  /** ETHERTYPE_IPV4, ETHERTYPE_IPV6, or NETWORK_BY_VERSION. */
  etherType: number;
}

const ETHERNET_HEADER = truncatedSkip('Ethernet header');
const VLAN_TAG = truncatedSkip('VLAN tag');
const SLL_HEADER = truncatedSkip('Linux cooked header');
const LOOPBACK_HEADER = truncatedSkip('loopback header');

/**
 * Finds the network layer of the frame bytes [start, end). Returns null and fills `out`, or the
 * reason the frame holds no IP datagram. `littleEndianFile` is the capture's byte order (the BSD
 * NULL header's family is in the writing host's order, which is that of the file).
 */
export function findNetworkLayer(
  linkType: number,
  view: DataView,
  start: number,
  end: number,
  littleEndianFile: boolean,
  out: NetworkLayer,
): PacketSkip | null {
  let etherTypeOffset: number;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      if (end - start < 14) return ETHERNET_HEADER;
      etherTypeOffset = start + 12;
      break;
    case LINKTYPE_LINUX_SLL:
      if (end - start < 16) return SLL_HEADER;
      etherTypeOffset = start + 14;
      break;
    case LINKTYPE_LINUX_SLL2:
      if (end - start < 20) return SLL_HEADER;
      // SLL2 puts the protocol first; the IP header starts after the 20-byte header.
      return etherTypeAt(view, start, start + 20, end, out);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_12:
    case LINKTYPE_RAW_14:
      out.offset = start;
      out.etherType = NETWORK_BY_VERSION;
      return null;
    case LINKTYPE_IPV4:
      out.offset = start;
      out.etherType = ETHERTYPE_IPV4;
      return null;
    case LINKTYPE_IPV6:
      out.offset = start;
      out.etherType = ETHERTYPE_IPV6;
      return null;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      if (end - start < 4) return LOOPBACK_HEADER;
      let family = view.getUint32(start, linkType === LINKTYPE_NULL ? littleEndianFile : false);
      // A NULL header written on a host of the other byte order: the family is small, so swap.
      if (family > 0xffff) family = view.getUint32(start, !(linkType === LINKTYPE_NULL ? littleEndianFile : false));
      out.offset = start + 4;
      if (family === 2) out.etherType = ETHERTYPE_IPV4;
      else if (family === 24 || family === 28 || family === 30) out.etherType = ETHERTYPE_IPV6;
      else return notIpFamilySkip(family);
      return null;
    }
    default:
      return unsupportedLinkTypeSkip(linkType);
  }
  return etherTypeAt(view, etherTypeOffset, etherTypeOffset + 2, end, out);
}

/** The ethertype at `etherTypeOffset`, then any number of VLAN tags (4 bytes each: TCI, next ethertype) from `payload`. */
function etherTypeAt(view: DataView, etherTypeOffset: number, payload: number, end: number, out: NetworkLayer): PacketSkip | null {
  let etherType = view.getUint16(etherTypeOffset);
  let next = payload;
  while (etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD) {
    if (end - next < 4) return VLAN_TAG;
    etherType = view.getUint16(next + 2);
    next += 4;
  }
  return classify(etherType, next, out);
}

function classify(etherType: number, offset: number, out: NetworkLayer): PacketSkip | null {
  if (etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6) {
    out.offset = offset;
    out.etherType = etherType;
    return null;
  }
  return etherType === ETHERTYPE_ARP ? ARP_SKIP : notIpSkip(etherType);
}
