import type { PacketSkip } from './packet.ts';
import { ipv6Text } from './address-text.ts';
import type { IpLayer } from './ip-layer.ts';
import { malformedSkip, truncatedSkip, unsupportedTransportSkip } from './skip-reasons.ts';

const IPV6_HEADER_CUT = truncatedSkip('IPv6 header');
const EXTENSION_CUT = truncatedSkip('IPv6 extension header');
const EXTENSION_PAST_PAYLOAD = malformedSkip('IPv6 extension header (past the payload length)');
const SECOND_FRAGMENT_HEADER = malformedSkip('IPv6 header (two fragment headers)');

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const ESP = 50;
const AUTHENTICATION = 51;
const NO_NEXT_HEADER = 59;
const DESTINATION_OPTIONS = 60;

/**
 * Decodes the IPv6 header and its extension headers at `start` of a frame whose captured bytes end
 * at `end` and whose original length ends at `reportedEnd`.
 */
export function decodeIpv6(view: DataView, start: number, end: number, reportedEnd: number, out: IpLayer): PacketSkip | null {
  if (end - start < 40) return IPV6_HEADER_CUT;
  const version = view.getUint8(start) >> 4;
  if (version !== 6) return malformedSkip(`IPv6 header (version ${version})`);
  let payloadLength = view.getUint16(start + 4);
  // Payload length 0: a jumbogram or (in practice) a segment captured before segmentation offload;
  // the frame's original length says how long it is.
  if (payloadLength === 0) payloadLength = Math.max(0, reportedEnd - start - 40);
  out.version = 6;
  out.src = ipv6Text(view, start + 8);
  out.dst = ipv6Text(view, start + 24);
  out.datagramEnd = start + 40 + payloadLength;
  out.capturedEnd = out.datagramEnd < end ? out.datagramEnd : end;
  out.isFragment = false;
  out.fragmentOffset = 0;
  out.moreFragments = false;
  out.identification = 0;
  return walkExtensionHeaders(view, start + 40, view.getUint8(start + 6), out, true);
}

/**
 * Follows the extension header chain from `offset` (bytes up to out.capturedEnd, lengths checked
 * against out.datagramEnd) and sets protocol and transportOffset. At a fragment header that makes
 * the datagram a fragment it stops: what follows is the fragment's data, walked again after
 * reassembly (call again with allowFragment false on the reassembled bytes).
 */
export function walkExtensionHeaders(view: DataView, offset: number, nextHeader: number, out: IpLayer, allowFragment: boolean): PacketSkip | null {
  const unfragmentableStart = offset;
  for (;;) {
    switch (nextHeader) {
      case HOP_BY_HOP:
      case ROUTING:
      case DESTINATION_OPTIONS:
      case AUTHENTICATION: {
        if (out.capturedEnd - offset < 2) return EXTENSION_CUT;
        const length = nextHeader === AUTHENTICATION ? (view.getUint8(offset + 1) + 2) * 4 : (view.getUint8(offset + 1) + 1) * 8;
        nextHeader = view.getUint8(offset);
        offset += length;
        if (offset > out.datagramEnd) return EXTENSION_PAST_PAYLOAD;
        break;
      }
      case FRAGMENT: {
        if (!allowFragment) return SECOND_FRAGMENT_HEADER;
        if (out.capturedEnd - offset < 8) return EXTENSION_CUT;
        const field = view.getUint16(offset + 2);
        const fragmentOffset = field & 0xfff8;
        const more = (field & 1) !== 0;
        const identification = view.getUint32(offset + 4);
        const headerBytes = offset - unfragmentableStart;
        nextHeader = view.getUint8(offset);
        offset += 8;
        if (offset > out.datagramEnd) return EXTENSION_PAST_PAYLOAD;
        // An atomic fragment (offset 0, no more fragments) is a whole datagram (RFC 6946).
        if (fragmentOffset !== 0 || more) {
          out.isFragment = true;
          out.fragmentOffset = fragmentOffset;
          out.moreFragments = more;
          out.identification = identification;
          out.headerBytes = headerBytes;
          out.protocol = nextHeader;
          out.transportOffset = offset;
          return null;
        }
        allowFragment = false;
        break;
      }
      case ESP:
      case NO_NEXT_HEADER:
        return unsupportedTransportSkip(nextHeader);
      default:
        out.protocol = nextHeader;
        out.transportOffset = offset;
        return null;
    }
  }
}
