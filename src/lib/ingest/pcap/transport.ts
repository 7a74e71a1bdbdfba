import type { DecodedPacket, PacketSkip } from './packet.ts';
import { malformedSkip, truncatedSkip, unsupportedTransportSkip } from './skip-reasons.ts';

/** TCP, UDP, ICMP and ICMPv6 headers: ports, flags, sequence numbers, and the payload length from the headers. */

export const PROTOCOL_ICMP = 1;
export const PROTOCOL_TCP = 6;
export const PROTOCOL_UDP = 17;
export const PROTOCOL_ICMPV6 = 58;

const EMPTY = new Uint8Array(0);
const TCP_CUT = truncatedSkip('TCP header');
const UDP_CUT = truncatedSkip('UDP header');
const ICMP_CUT = truncatedSkip('ICMP header');
const ICMPV6_CUT = truncatedSkip('ICMPv6 header');
const TCP_OFFSET_PAST_PAYLOAD = malformedSkip('TCP header (data offset past the IP payload)');
const UDP_TOO_SHORT = malformedSkip('UDP header (length smaller than the header)');
const UDP_PAST_PAYLOAD = malformedSkip('UDP header (length past the IP payload)');

/** bytes[start, end) as a view; the shared empty array when there is none (most TCP segments are bare ACKs). */
function payloadView(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return end > start ? bytes.subarray(start, end) : EMPTY;
}

/** Whether this reader decodes `protocol` carried in IP version `version` (checked before fragments are held). */
export function isReadTransport(protocol: number, version: 4 | 6): boolean {
  return protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP || protocol === (version === 4 ? PROTOCOL_ICMP : PROTOCOL_ICMPV6);
}

/** A packet with every field set (one object shape for all packets keeps the consumers' code monomorphic). */
export function newDecodedPacket(): DecodedPacket {
  return {
    frame: 0,
    ts: 0,
    ipVersion: 4,
    src: '',
    dst: '',
    protocol: 'tcp',
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    seq: 0,
    ack: 0,
    payloadLength: 0,
    payload: EMPTY,
    icmpType: -1,
    icmpCode: -1,
    fragments: 1,
    wrongFragments: 0,
  };
}

/**
 * Sets every field of the reader's one reused packet for the next datagram (decodeTransport then fills
 * in the transport fields): nothing of the previous datagram may show through.
 */
export function resetDecodedPacket(packet: DecodedPacket, frame: number, ts: number, ipVersion: 4 | 6, src: string, dst: string): DecodedPacket {
  packet.frame = frame;
  packet.ts = ts;
  packet.ipVersion = ipVersion;
  packet.src = src;
  packet.dst = dst;
  packet.protocol = 'tcp';
  packet.srcPort = 0;
  packet.dstPort = 0;
  packet.tcpFlags = 0;
  packet.seq = 0;
  packet.ack = 0;
  packet.payloadLength = 0;
  packet.payload = EMPTY;
  packet.icmpType = -1;
  packet.icmpCode = -1;
  packet.fragments = 1;
  packet.wrongFragments = 0;
  return packet;
}

/**
 * Decodes the transport header at `offset` of `bytes`: the IP payload is `ipPayloadLength` bytes
 * by the IP headers, of which those before `capturedEnd` were captured. Fills `packet`.
 */
export function decodeTransport(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  capturedEnd: number,
  ipPayloadLength: number,
  protocol: number,
  ipVersion: 4 | 6,
  packet: DecodedPacket,
): PacketSkip | null {
  const captured = capturedEnd - offset;
  if (protocol === PROTOCOL_TCP) {
    if (captured < 20) return TCP_CUT;
    const dataOffset = (view.getUint8(offset + 12) >> 4) * 4;
    if (dataOffset < 20) return malformedSkip(`TCP header (data offset ${dataOffset} bytes)`);
    if (dataOffset > ipPayloadLength) return TCP_OFFSET_PAST_PAYLOAD;
    packet.protocol = 'tcp';
    packet.srcPort = view.getUint16(offset);
    packet.dstPort = view.getUint16(offset + 2);
    packet.seq = view.getUint32(offset + 4);
    packet.ack = view.getUint32(offset + 8);
    packet.tcpFlags = view.getUint8(offset + 13);
    packet.payloadLength = ipPayloadLength - dataOffset;
    // Options cut by the snap length are fine: the fixed header says all the tracker needs.
    packet.payload = payloadView(bytes, offset + dataOffset, capturedEnd);
    return null;
  }
  if (protocol === PROTOCOL_UDP) {
    if (captured < 8) return UDP_CUT;
    const udpLength = view.getUint16(offset + 4);
    if (udpLength < 8) return UDP_TOO_SHORT;
    if (udpLength > ipPayloadLength) return UDP_PAST_PAYLOAD;
    packet.protocol = 'udp';
    packet.srcPort = view.getUint16(offset);
    packet.dstPort = view.getUint16(offset + 2);
    packet.payloadLength = udpLength - 8;
    const payloadEnd = offset + udpLength < capturedEnd ? offset + udpLength : capturedEnd;
    packet.payload = payloadView(bytes, offset + 8, payloadEnd);
    return null;
  }
  if (protocol === (ipVersion === 4 ? PROTOCOL_ICMP : PROTOCOL_ICMPV6)) {
    if (captured < 4) return ipVersion === 4 ? ICMP_CUT : ICMPV6_CUT;
    packet.protocol = 'icmp';
    const type = view.getUint8(offset);
    const code = view.getUint8(offset + 1);
    packet.srcPort = type;
    packet.dstPort = code;
    packet.icmpType = type;
    packet.icmpCode = code;
    // The whole ICMP message, header included (NSL-KDD's src_bytes for ICMP).
    packet.payloadLength = ipPayloadLength;
    packet.payload = payloadView(bytes, offset, capturedEnd);
    return null;
  }
  return unsupportedTransportSkip(protocol);
}
