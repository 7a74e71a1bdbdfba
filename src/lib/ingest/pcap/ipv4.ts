import type { PacketSkip } from './packet.ts';
import { ipv4Text } from './address-text.ts';
import type { IpLayer } from './ip-layer.ts';
import { malformedSkip, truncatedSkip } from './skip-reasons.ts';

const IPV4_HEADER_CUT = truncatedSkip('IPv4 header');

/**
 * Decodes the IPv4 header at `start` of a frame whose captured bytes end at `end` and whose original
 * (on-the-wire) length ends at `reportedEnd`.
 */
export function decodeIpv4(view: DataView, start: number, end: number, reportedEnd: number, out: IpLayer): PacketSkip | null {
  if (end - start < 20) return IPV4_HEADER_CUT;
  const first = view.getUint8(start);
  if (first >> 4 !== 4) return malformedSkip(`IPv4 header (version ${first >> 4})`);
  const headerLength = (first & 0x0f) * 4;
  if (headerLength < 20) return malformedSkip(`IPv4 header (header length ${headerLength} bytes)`);
  if (end - start < headerLength) return IPV4_HEADER_CUT;
  let totalLength = view.getUint16(start + 2);
  // Total length 0: a segment captured on the sending host before TCP segmentation offload split it;
  // as Wireshark does, the frame's original length says how long it is.
  if (totalLength === 0) totalLength = reportedEnd - start;
  if (totalLength < headerLength) return malformedSkip('IPv4 header (total length smaller than the header)');
  const fragmentField = view.getUint16(start + 6);
  out.version = 4;
  out.src = ipv4Text(view, start + 12);
  out.dst = ipv4Text(view, start + 16);
  out.protocol = view.getUint8(start + 9);
  out.transportOffset = start + headerLength;
  // The IP total length, not the frame, says where the datagram ends (Ethernet pads short frames).
  out.datagramEnd = start + totalLength;
  out.capturedEnd = out.datagramEnd < end ? out.datagramEnd : end;
  out.fragmentOffset = (fragmentField & 0x1fff) * 8;
  out.moreFragments = (fragmentField & 0x2000) !== 0;
  out.isFragment = out.moreFragments || out.fragmentOffset !== 0;
  out.identification = view.getUint16(start + 4);
  out.headerBytes = headerLength;
  return null;
}
