import type { DecodedPacket, PacketSkip } from './packet.ts';
import { detectCaptureFormat, type CaptureFormat } from './capture-format.ts';
import { FrameDecoder, type LinkTypeCount } from './frame-decoder.ts';
import { PCAP_FILE_HEADER_LENGTH, PCAP_MAX_RECORD_LENGTH, PCAP_RECORD_HEADER_LENGTH, readPcapFileHeader } from './pcap-format.ts';
import {
  BLOCK_ENHANCED_PACKET,
  BLOCK_INTERFACE_DESCRIPTION,
  BLOCK_OBSOLETE_PACKET,
  BLOCK_SECTION_HEADER,
  BLOCK_SIMPLE_PACKET,
  BYTE_ORDER_MAGIC,
  MIN_BLOCK_LENGTH,
  PCAPNG_MAJOR_VERSION,
  readInterfaceDescription,
  SECTION_HEADER_FIXED_LENGTH,
  type PcapngInterface,
} from './pcapng-format.ts';
import { DUPLICATE_SKIP, FILE_TRUNCATED_SKIP, SKIP_KIND } from './skip-reasons.ts';
import { PacketOrder, type TimeWentBack } from './packet-order.ts';
import type { SkipCount } from './skip-tally.ts';
import { pcapngTimestamp } from './timestamp.ts';

export interface CaptureReaderOptions {
  /**
   * Called once per decoded datagram, in the order datagrams complete, always with the same object
   * (refilled): it and its payload are valid only during the call (see packet.ts).
   */
  onPacket(packet: DecodedPacket): void;
  /** Captured bytes of incomplete fragmented datagrams held at most (default 16 MiB). */
  maxPendingFragmentBytes?: number;
  /** A fragmented datagram not complete this long after its first fragment is dropped (default 30 s). */
  fragmentTimeoutSeconds?: number;
}

export interface CaptureSummary {
  format: CaptureFormat;
  /** Byte order of the file (pcapng: of its first section). */
  byteOrder: 'little' | 'big';
  /** Seconds per timestamp unit: 1e-6, 1e-9 (pcapng: the finest interface's). */
  timestampResolution: number;
  linkTypes: LinkTypeCount[];
  framesRead: number;
  /** Frames that went into an emitted datagram. */
  framesUsed: number;
  framesSkipped: number;
  datagrams: number;
  /** Most frequent first. */
  skips: SkipCount[];
  firstTs: number | null;
  lastTs: number | null;
  /** The file ends inside a header, record or block, or is corrupt from some byte on (see `corruptAt`). */
  truncatedFile: boolean;
  /** Byte offset where reading stopped at a corrupt length field; null when none. */
  corruptAt: number | null;
  /** Frames stamped earlier than a frame before them (first, how far, how many); null when none. */
  timeWentBack: TimeWentBack | null;
  /** Frames captured shorter than they were on the wire (a snap length), and the longest such capture. */
  cutShort: { frames: number; longestCaptured: number };
}

const DEFAULT_MAX_PENDING_FRAGMENT_BYTES = 16 * 1024 * 1024;
const DEFAULT_FRAGMENT_TIMEOUT_SECONDS = 30;
const MAX_BLOCK_LENGTH = PCAP_MAX_RECORD_LENGTH;

type ReaderState = 'magic' | 'pcap-header' | 'pcap-records' | 'pcapng-blocks' | 'stopped';

/**
 * Streams a pcap or pcapng file: push() chunks with any boundaries, finish() for the summary. Only the
 * unfinished tail of a chunk (a record or block that straddles chunks) is kept between pushes.
 */
export class CaptureReader {
  private readonly decoder: FrameDecoder;
  private state: ReaderState = 'magic';
  private format: CaptureFormat | null = null;
  private littleEndian = true;
  private firstByteOrder: 'little' | 'big' | null = null;
  private resolution = 1e-6;
  private pcapLinkType = 0;
  private pcapUnitsPerSecond = 1e6;
  private interfaces: PcapngInterface[] = [];
  private lastPacketTs = 0;
  private carry = new Uint8Array(0);
  private carryView = new DataView(this.carry.buffer);
  private carryLength = 0;
  /** File offset of the next byte to be consumed. */
  private position = 0;
  private bytesSeen = 0;
  private truncatedFile = false;
  /** Frames captured shorter than on the wire (snap length), and the longest of those captures. */
  private cutShortFrames = 0;
  private longestCutShort = 0;
  private corruptAt: number | null = null;
  private corruptReason = '';
  /** pcapng section header blocks read so far (the next one is section `sections + 1`). */
  private sections = 0;
  private readonly order = new PacketOrder();

  constructor(options: CaptureReaderOptions) {
    this.decoder = new FrameDecoder(
      options.onPacket,
      options.maxPendingFragmentBytes ?? DEFAULT_MAX_PENDING_FRAGMENT_BYTES,
      options.fragmentTimeoutSeconds ?? DEFAULT_FRAGMENT_TIMEOUT_SECONDS,
    );
  }

  /** Reads the next bytes of the file. Throws if the file turns out not to be a capture. */
  push(chunk: Uint8Array): void {
    this.bytesSeen += chunk.length;
    if (this.state === 'stopped' || chunk.length === 0) return;
    // A Node Buffer (a file or standard input read in Node): its subarray() builds a Buffer per packet
    // payload, several times slower than a plain Uint8Array's; view the same bytes as one instead.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let offset = 0;

    if (this.carryLength > 0) {
      // Complete the straddling unit from the head of this chunk, copying only the bytes it needs.
      let need: number;
      for (;;) {
        need = this.unitLength(this.carry, this.carryView, 0, this.carryLength);
        if (need < 0) return this.stop();
        if (this.carryLength >= need) break;
        const take = Math.min(need - this.carryLength, chunk.length - offset);
        this.ensureCarry(need);
        this.carry.set(chunk.subarray(offset, offset + take), this.carryLength);
        this.carryLength += take;
        offset += take;
        if (this.carryLength < need) return;
      }
      this.carryLength = 0;
      this.processUnit(this.carry, this.carryView, 0, need);
      this.position += need;
    }

    while (!this.isStopped()) {
      const available = chunk.length - offset;
      const need = this.unitLength(chunk, view, offset, available);
      if (need < 0) return this.stop();
      if (need > available) {
        this.ensureCarry(Math.max(available, 64));
        this.carry.set(chunk.subarray(offset), 0);
        this.carryLength = available;
        return;
      }
      this.processUnit(chunk, view, offset, need);
      this.position += need;
      offset += need;
    }
  }

  /** Ends the file: counts a cut-off last record and fragments never completed; returns the summary. */
  finish(): CaptureSummary {
    if (this.format === null) {
      throw new Error(this.bytesSeen === 0 ? 'the file is empty: not a pcap or pcapng capture' : 'the file is too short to be a pcap or pcapng capture');
    }
    if (this.state !== 'stopped' && this.carryLength > 0) {
      this.truncatedFile = true;
      const inPacket =
        this.state === 'pcap-records' ||
        (this.state === 'pcapng-blocks' && (this.carryLength < 4 || isPacketBlock(this.carryView.getUint32(0, this.littleEndian))));
      if (inPacket) this.decoder.skipFrame(FILE_TRUNCATED_SKIP);
      this.carryLength = 0;
    }
    this.state = 'stopped';
    this.decoder.finish();
    const d = this.decoder;
    return {
      format: this.format,
      byteOrder: this.firstByteOrder ?? (this.littleEndian ? 'little' : 'big'),
      timestampResolution: this.resolution,
      linkTypes: d.linkTypeCounts(),
      framesRead: d.framesRead,
      framesUsed: d.framesUsed,
      framesSkipped: d.framesSkipped,
      datagrams: d.datagrams,
      skips: d.skips.list(),
      firstTs: d.firstTs,
      lastTs: d.lastTs,
      truncatedFile: this.truncatedFile,
      corruptAt: this.corruptAt,
      timeWentBack: this.order.timeWentBack(),
      cutShort: { frames: this.cutShortFrames, longestCaptured: this.longestCutShort },
    };
  }

  /**
   * Bytes the next unit (file header, record, block) at `offset` takes: more than `available` means
   * wait for more bytes (the header, once there, gives the full length); -1: a corrupt length.
   */
  private unitLength(bytes: Uint8Array, view: DataView, offset: number, available: number): number {
    switch (this.state) {
      case 'magic': {
        if (available < 4) return 4;
        this.format = detectCaptureFormat(bytes.subarray(offset, offset + 4));
        if (this.format === null) {
          throw new Error('not a capture file: it starts with neither a pcap nor a pcapng magic number');
        }
        this.state = this.format === 'pcap' ? 'pcap-header' : 'pcapng-blocks';
        return this.unitLength(bytes, view, offset, available);
      }
      case 'pcap-header':
        return PCAP_FILE_HEADER_LENGTH;
      case 'pcap-records': {
        if (available < PCAP_RECORD_HEADER_LENGTH) return PCAP_RECORD_HEADER_LENGTH;
        const captured = view.getUint32(offset + 8, this.littleEndian);
        if (captured > PCAP_MAX_RECORD_LENGTH) return this.corrupt(`pcap record length ${captured} is over 256 MiB`);
        return PCAP_RECORD_HEADER_LENGTH + captured;
      }
      case 'pcapng-blocks': {
        if (available < MIN_BLOCK_LENGTH) return MIN_BLOCK_LENGTH;
        let littleEndian = this.littleEndian;
        if (view.getUint32(offset) === BLOCK_SECTION_HEADER) {
          // A section header sets the byte order of everything up to the next one, its own length included.
          const magic = view.getUint32(offset + 8, false);
          if (magic === BYTE_ORDER_MAGIC) littleEndian = false;
          else if (magic === 0x4d3c2b1a) littleEndian = true;
          else return this.corrupt('pcapng section header without a byte-order magic');
          if (available < SECTION_HEADER_FIXED_LENGTH) return SECTION_HEADER_FIXED_LENGTH;
          // The layout of a section of another major version is unknown, its lengths included: the
          // specification says a reader must not parse it, so the file is refused before its length is used.
          const major = view.getUint16(offset + 12, littleEndian);
          if (major !== PCAPNG_MAJOR_VERSION) {
            const minor = view.getUint16(offset + 14, littleEndian);
            throw new Error(
              `pcapng section ${this.sections + 1} (at byte ${this.position}) is version ${major}.${minor}; only major version ${PCAPNG_MAJOR_VERSION} is defined, and a reader must not parse a section of a major version it does not know`,
            );
          }
        }
        const length = view.getUint32(offset + 4, littleEndian);
        if (length < MIN_BLOCK_LENGTH || length % 4 !== 0 || length > MAX_BLOCK_LENGTH) {
          return this.corrupt(`pcapng block length ${length}`);
        }
        return length;
      }
      default:
        return -1;
    }
  }

  private processUnit(bytes: Uint8Array, view: DataView, offset: number, length: number): void {
    if (this.state === 'pcap-records') {
      const captured = view.getUint32(offset + 8, this.littleEndian);
      const seconds = view.getUint32(offset, this.littleEndian);
      const fraction = view.getUint32(offset + 4, this.littleEndian);
      const ts = this.pcapUnitsPerSecond === 1e6 ? seconds + fraction / 1e6 : seconds + Math.round(fraction / 1000) / 1e6;
      const original = view.getUint32(offset + 12, this.littleEndian);
      this.decodeFrame(bytes, view, offset + PCAP_RECORD_HEADER_LENGTH, captured, original, this.pcapLinkType, this.littleEndian, ts);
    } else if (this.state === 'pcapng-blocks') {
      this.processBlock(bytes, view, offset, length);
    } else if (this.state === 'pcap-header') {
      const header = readPcapFileHeader(view, offset);
      this.littleEndian = header.littleEndian;
      this.firstByteOrder = header.littleEndian ? 'little' : 'big';
      this.pcapLinkType = header.linkType;
      this.pcapUnitsPerSecond = header.nanosecond ? 1e9 : 1e6;
      this.resolution = header.nanosecond ? 1e-9 : 1e-6;
      this.state = 'pcap-records';
    }
  }

  private processBlock(bytes: Uint8Array, view: DataView, offset: number, length: number): void {
    if (view.getUint32(offset) === BLOCK_SECTION_HEADER) {
      this.sections++;
      this.littleEndian = view.getUint32(offset + 8, false) !== BYTE_ORDER_MAGIC;
      if (this.firstByteOrder === null) this.firstByteOrder = this.littleEndian ? 'little' : 'big';
      this.interfaces = [];
    }
    const le = this.littleEndian;
    if (view.getUint32(offset + length - 4, le) !== length) {
      this.corrupt(`pcapng block whose trailing length differs from its length ${length}`);
      return this.stop();
    }
    const type = view.getUint32(offset, le);
    switch (type) {
      case BLOCK_INTERFACE_DESCRIPTION: {
        if (length < 20) break;
        const description = readInterfaceDescription(view, offset, length, le);
        if (this.interfaces.length === 0 || description.resolution.seconds < this.resolution) {
          this.resolution = description.resolution.seconds;
        }
        this.interfaces.push(description);
        break;
      }
      case BLOCK_ENHANCED_PACKET:
      case BLOCK_OBSOLETE_PACKET: {
        if (length < 32) return this.corruptBlock(type, length);
        const id = type === BLOCK_ENHANCED_PACKET ? view.getUint32(offset + 8, le) : view.getUint16(offset + 8, le);
        const captured = view.getUint32(offset + 20, le);
        if (28 + captured > length - 4) return this.corruptBlock(type, length);
        const description = this.interfaces[id];
        if (description === undefined) return this.decoder.skipFrame(noInterfaceSkip(id));
        const ts = pcapngTimestamp(view.getUint32(offset + 12, le), view.getUint32(offset + 16, le), description.resolution, description.offsetSeconds);
        this.lastPacketTs = ts;
        this.decodeFrame(bytes, view, offset + 28, captured, view.getUint32(offset + 24, le), description.linkType, le, ts);
        break;
      }
      case BLOCK_SIMPLE_PACKET: {
        if (length < 16) return this.corruptBlock(type, length);
        const description = this.interfaces[0];
        if (description === undefined) return this.decoder.skipFrame(noInterfaceSkip(0));
        // The captured length is not stored: the original length, cut to the snap length and the block.
        const original = view.getUint32(offset + 8, le);
        let captured = original;
        if (description.snapLength > 0 && captured > description.snapLength) captured = description.snapLength;
        if (captured > length - 16) captured = length - 16;
        // No timestamp in a simple packet block: it takes the previous packet's.
        this.decodeFrame(bytes, view, offset + 12, captured, original, description.linkType, le, this.lastPacketTs);
        break;
      }
      default:
        break; // Name resolution, statistics, custom and unknown blocks: skipped by their length.
    }
  }

  /** A frame the container gave: an exact duplicate of an earlier one is counted and dropped, the others decoded. */
  private decodeFrame(
    bytes: Uint8Array,
    view: DataView,
    start: number,
    captured: number,
    original: number,
    linkType: number,
    littleEndian: boolean,
    ts: number,
  ): void {
    if (captured < original) {
      this.cutShortFrames++;
      if (captured > this.longestCutShort) this.longestCutShort = captured;
    }
    if (this.order.check(this.decoder.framesRead + 1, ts, bytes, start, captured, original)) return this.decoder.skipFrame(DUPLICATE_SKIP);
    this.decoder.decode(bytes, view, start, captured, original, linkType, littleEndian, ts);
  }

  private corruptBlock(type: number, length: number): void {
    this.corrupt(`pcapng packet block type ${type} of length ${length} is shorter than its contents`);
    this.stop();
  }

  private corrupt(reason: string): number {
    this.corruptAt = this.position;
    this.corruptReason = reason;
    return -1;
  }

  /** Stops reading at a corrupt length: counted as one skipped frame, the rest of the file ignored. */
  private stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.truncatedFile = true;
    this.carryLength = 0;
    this.decoder.skipFrame({ kind: SKIP_KIND.corrupt, reason: `the file is corrupt from byte ${this.corruptAt ?? this.position} (${this.corruptReason})` });
  }

  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private ensureCarry(length: number): void {
    if (this.carry.length >= length) return;
    const grown = new Uint8Array(Math.max(length, this.carry.length * 2));
    grown.set(this.carry.subarray(0, this.carryLength));
    this.carry = grown;
    this.carryView = new DataView(grown.buffer);
  }
}

function isPacketBlock(type: number): boolean {
  return type === BLOCK_ENHANCED_PACKET || type === BLOCK_SIMPLE_PACKET || type === BLOCK_OBSOLETE_PACKET;
}

const noInterfaceSkips = new Map<number, PacketSkip>();

function noInterfaceSkip(id: number): PacketSkip {
  let skip = noInterfaceSkips.get(id);
  if (skip === undefined) {
    skip = { kind: SKIP_KIND.interface, reason: `packet of interface ${id}, which no interface description block describes` };
    noInterfaceSkips.set(id, skip);
  }
  return skip;
}

