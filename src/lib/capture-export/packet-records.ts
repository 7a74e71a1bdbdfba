/**
 * The packet records of a pcap or pcapng file, copied by frame number into a new file of the same
 * format: the file header (pcap) or section headers and interface descriptions (pcapng) kept, the
 * packet records whose frame is selected copied byte for byte, every other block left out. Frames are
 * numbered as the capture reader numbers them (every packet record or packet block, 1-based), so a
 * DecodedPacket's `frame` selects its own bytes. Streams: chunks of any size, in order. Pure.
 */

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xa1b23c4d]);
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const PCAPNG_IDB = 1;
/** Obsolete, simple and enhanced packet blocks: the blocks that are frames. */
const PCAPNG_PACKET_BLOCKS = new Set([2, 3, 6]);

export class PacketRecordCopier {
  private pending = new Uint8Array(0);
  private format: 'pcap' | 'pcapng' | null = null;
  private little = true;
  private frame = 0;
  private stopped = false;
  private readonly parts: Uint8Array[] = [];
  /** Packet records copied. */
  copied = 0;

  constructor(private readonly selected: ReadonlySet<number>) {}

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const used = this.consume(joined);
    this.pending = joined.slice(used);
  }

  /** The new file: nothing but its headers when no frame was selected. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private consume(b: Uint8Array): number {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = 0;
    if (this.format === null) {
      if (b.length < 4) return 0;
      const magicBig = v.getUint32(0, false);
      const magicLittle = v.getUint32(0, true);
      if (magicBig === PCAPNG_SHB) this.format = 'pcapng';
      else if (PCAP_MAGICS.has(magicBig) || PCAP_MAGICS.has(magicLittle)) {
        if (b.length < 24) return 0;
        this.format = 'pcap';
        this.little = PCAP_MAGICS.has(magicLittle);
        this.parts.push(b.slice(0, 24));
        at = 24;
      } else throw new Error('not a pcap or pcapng file');
    }
    return this.format === 'pcap' ? this.pcapRecords(b, v, at) : this.pcapngBlocks(b, v, at);
  }

  private pcapRecords(b: Uint8Array, v: DataView, at: number): number {
    while (at + 16 <= b.length) {
      const length = 16 + v.getUint32(at + 8, this.little);
      if (at + length > b.length) break;
      this.frameRecord(b, at, length);
      at += length;
    }
    return at;
  }

  private pcapngBlocks(b: Uint8Array, v: DataView, at: number): number {
    while (at + 12 <= b.length) {
      if (v.getUint32(at, false) === PCAPNG_SHB) this.little = v.getUint32(at + 8, true) === PCAPNG_BYTE_ORDER_MAGIC;
      const type = v.getUint32(at, this.little);
      const length = v.getUint32(at + 4, this.little);
      if (length < 12 || length % 4 !== 0) {
        // A corrupt block length: the reader stops here too.
        this.stopped = true;
        return b.length;
      }
      if (at + length > b.length) break;
      if (type === PCAPNG_SHB || type === PCAPNG_IDB) this.parts.push(b.slice(at, at + length));
      else if (PCAPNG_PACKET_BLOCKS.has(type)) this.frameRecord(b, at, length);
      at += length;
    }
    return at;
  }

  /** The next frame's record: copied when its number is selected. */
  private frameRecord(b: Uint8Array, at: number, length: number): void {
    if (this.selected.has(++this.frame)) {
      this.parts.push(b.slice(at, at + length));
      this.copied++;
    }
  }
}
