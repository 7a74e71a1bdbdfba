import type { DecodedPacket, PacketSkip } from './packet.ts';
import { newIpLayer } from './ip-layer.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeIpv6, walkExtensionHeaders } from './ipv6.ts';
import { IpReassembler, type ReassembledDatagram } from './ip-reassembly.ts';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, findNetworkLayer, linkTypeName, type NetworkLayer } from './link-layer.ts';
import { malformedSkip, truncatedSkip, unsupportedTransportSkip } from './skip-reasons.ts';
import { SkipTally } from './skip-tally.ts';
import { decodeTransport, isReadTransport, newDecodedPacket, resetDecodedPacket } from './transport.ts';

/** Frames seen per link type, for the summary. */
export interface LinkTypeCount {
  linkType: number;
  name: string;
  frames: number;
}

const IP_HEADER_CUT = truncatedSkip('IP header');
/** Extension headers that may open the fragmentable part of an IPv6 fragment. */
const IPV6_FRAGMENTABLE_EXTENSIONS = new Set([0, 43, 51, 60]);

/**
 * One captured frame to zero or one IP datagram: link layer, IP, reassembly, transport. Counts
 * every frame exactly once as used (it went into an emitted datagram) or skipped (with a reason),
 * or holds it as a pending fragment until its datagram completes or is dropped.
 */
export class FrameDecoder {
  framesRead = 0;
  framesUsed = 0;
  datagrams = 0;
  firstTs: number | null = null;
  lastTs: number | null = null;
  readonly skips = new SkipTally();
  private readonly reassembler: IpReassembler;
  private readonly network: NetworkLayer = { offset: 0, etherType: 0 };
  private readonly ip = newIpLayer();
  private readonly linkTypes = new Map<number, LinkTypeCount>();
  private lastLinkType: LinkTypeCount | null = null;
  /** One packet object for every datagram (a new one each was a large share of the garbage): see packet.ts. */
  private readonly packet = newDecodedPacket();

  constructor(
    private readonly onPacket: (packet: DecodedPacket) => void,
    maxPendingFragmentBytes: number,
    fragmentTimeoutSeconds: number,
  ) {
    this.reassembler = new IpReassembler(maxPendingFragmentBytes, fragmentTimeoutSeconds, (skip, firstFrame, frames) =>
      this.skips.add(skip, firstFrame, frames),
    );
  }

  get framesSkipped(): number {
    return this.skips.total;
  }

  /** A frame the container could not give (file cut off, corrupt block, unknown interface): read and skipped. */
  skipFrame(skip: PacketSkip): void {
    this.framesRead++;
    this.skips.add(skip, this.framesRead);
  }

  /**
   * Decodes the captured frame bytes [start, start + capturedLength) of `bytes` (viewed by `view`);
   * `originalLength` is the frame's length on the wire.
   */
  decode(
    bytes: Uint8Array,
    view: DataView,
    start: number,
    capturedLength: number,
    originalLength: number,
    linkType: number,
    littleEndianFile: boolean,
    ts: number,
  ): void {
    const frame = ++this.framesRead;
    if (this.firstTs === null) this.firstTs = ts;
    this.lastTs = ts;
    let counter = this.lastLinkType;
    if (counter === null || counter.linkType !== linkType) counter = this.linkTypeCounter(linkType);
    counter.frames++;
    if (this.reassembler.pendingCount > 0) this.reassembler.expire(ts);

    const end = start + capturedLength;
    const network = this.network;
    let skip = findNetworkLayer(linkType, view, start, end, littleEndianFile, network);
    if (skip !== null) return this.skips.add(skip, frame);
    let etherType = network.etherType;
    if (etherType !== ETHERTYPE_IPV4 && etherType !== ETHERTYPE_IPV6) {
      // Raw IP: the version nibble says which.
      if (network.offset >= end) return this.skips.add(IP_HEADER_CUT, frame);
      const version = view.getUint8(network.offset) >> 4;
      if (version === 4) etherType = ETHERTYPE_IPV4;
      else if (version === 6) etherType = ETHERTYPE_IPV6;
      else return this.skips.add(malformedSkip(`IP header (version ${version})`), frame);
    }
    const ip = this.ip;
    const reportedEnd = start + (originalLength > capturedLength ? originalLength : capturedLength);
    skip =
      etherType === ETHERTYPE_IPV4
        ? decodeIpv4(view, network.offset, end, reportedEnd, ip)
        : decodeIpv6(view, network.offset, end, reportedEnd, ip);
    if (skip !== null) return this.skips.add(skip, frame);

    if (ip.isFragment) {
      // Fragments of protocols that are not read are skipped at once rather than held.
      if (!isReadTransport(ip.protocol, ip.version) && !(ip.version === 6 && IPV6_FRAGMENTABLE_EXTENSIONS.has(ip.protocol))) {
        return this.skips.add(unsupportedTransportSkip(ip.protocol), frame);
      }
      const key = `${ip.version} ${ip.src} ${ip.dst} ${ip.protocol} ${ip.identification}`;
      const datagram = this.reassembler.add(key, frame, ts, ip, bytes);
      if (datagram !== null) this.emitReassembled(datagram, frame, ts);
      return;
    }

    const packet = resetDecodedPacket(this.packet, frame, ts, ip.version, ip.src, ip.dst);
    skip = decodeTransport(bytes, view, ip.transportOffset, ip.capturedEnd, ip.datagramEnd - ip.transportOffset, ip.protocol, ip.version, packet);
    if (skip !== null) return this.skips.add(skip, frame);
    this.framesUsed++;
    this.datagrams++;
    this.onPacket(packet);
  }

  /** The capture ended: fragments still pending are counted as skipped. */
  finish(): void {
    this.reassembler.flush();
  }

  linkTypeCounts(): LinkTypeCount[] {
    return [...this.linkTypes.values()].map((c) => ({ ...c }));
  }

  private linkTypeCounter(linkType: number): LinkTypeCount {
    let counter = this.linkTypes.get(linkType);
    if (counter === undefined) {
      counter = { linkType, name: linkTypeName(linkType), frames: 0 };
      this.linkTypes.set(linkType, counter);
    }
    this.lastLinkType = counter;
    return counter;
  }

  private emitReassembled(datagram: ReassembledDatagram, frame: number, ts: number): void {
    const ip = this.ip;
    const view = new DataView(datagram.bytes.buffer, datagram.bytes.byteOffset, datagram.bytes.byteLength);
    let protocol = ip.protocol;
    let transportOffset = 0;
    if (ip.version === 6 && !isReadTransport(protocol, 6)) {
      // Extension headers inside the fragmentable part: walk them in the reassembled bytes.
      ip.datagramEnd = datagram.totalLength;
      ip.capturedEnd = datagram.capturedLength;
      const skip = walkExtensionHeaders(view, 0, protocol, ip, false);
      if (skip !== null) return this.skips.add(skip, datagram.firstFrame, datagram.fragments);
      protocol = ip.protocol;
      transportOffset = ip.transportOffset;
    }
    const packet = resetDecodedPacket(this.packet, frame, ts, ip.version, ip.src, ip.dst);
    packet.fragments = datagram.fragments;
    packet.wrongFragments = datagram.wrongFragments;
    const skip = decodeTransport(
      datagram.bytes,
      view,
      transportOffset,
      datagram.capturedLength,
      datagram.totalLength - transportOffset,
      protocol,
      ip.version,
      packet,
    );
    if (skip !== null) return this.skips.add(skip, datagram.firstFrame, datagram.fragments);
    this.framesUsed += datagram.fragments;
    this.datagrams++;
    this.onPacket(packet);
  }
}
