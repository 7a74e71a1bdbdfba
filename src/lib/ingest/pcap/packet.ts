/**
 * One IP datagram decoded from a capture (after link-layer decoding and IP reassembly): what the
 * connection tracker (ingest/connections/) needs of a packet, and nothing of its link layer. Pure data.
 *
 * Lifetime: the reader hands every datagram to onPacket in one reused object (a new object per datagram
 * was much of the garbage), so the packet object and its payload are valid only during onPacket: a
 * consumer copies the fields (and payload bytes) it keeps, never the object or the payload view.
 */

export type TransportProtocol = 'tcp' | 'udp' | 'icmp';

export interface DecodedPacket {
  /** 1-based number of the capture's packet (frame) that completed this datagram. */
  frame: number;
  /** Capture time of that frame, Unix seconds (microsecond precision or better). */
  ts: number;
  ipVersion: 4 | 6;
  /** Addresses as text: dotted IPv4, RFC 5952 IPv6 (lower case, longest zero run as ::). */
  src: string;
  dst: string;
  protocol: TransportProtocol;
  /** TCP/UDP ports; for ICMP / ICMPv6: srcPort = type, dstPort = code (as Zeek does). */
  srcPort: number;
  dstPort: number;
  /** TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, …); 0 otherwise. */
  tcpFlags: number;
  /** TCP sequence and acknowledgement numbers (unsigned 32-bit); 0 otherwise. */
  seq: number;
  ack: number;
  /**
   * Payload length from the headers, not from the captured bytes (so snap-length truncation does not
   * shrink it): TCP = IP payload − TCP header; UDP = UDP length − 8; ICMP = the whole ICMP message
   * (IP payload length, header included).
   */
  payloadLength: number;
  /**
   * The payload bytes that were captured (may be shorter than payloadLength, or empty). A view into the
   * reader's buffer: valid only during onPacket, like the packet itself (copy to keep).
   */
  payload: Uint8Array;
  /** ICMP type and code (ICMPv6's own numbers for ICMPv6); -1 otherwise. */
  icmpType: number;
  icmpCode: number;
  /** Fragments this datagram was reassembled from (1 when not fragmented). */
  fragments: number;
  /**
   * Fragments of this datagram that overlap another fragment of it or reach past 65,535 bytes
   * (NSL-KDD's wrong_fragment for the datagram); 0 for a clean datagram.
   */
  wrongFragments: number;
}

/** Why a frame gave no datagram: counted per reason and reported like rejected CSV rows. */
export interface PacketSkip {
  /** A short stable key, e.g. 'not-ip', 'truncated', 'link-type', 'fragment-incomplete'. */
  kind: string;
  /** What the page and the command line show, e.g. 'not IP (ARP)'. */
  reason: string;
}
