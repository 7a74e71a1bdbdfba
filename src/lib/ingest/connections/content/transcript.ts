/**
 * The cleartext a login-protocol connection carried, in capture order, kept for the content rules:
 * copies of the captured payload (the packet's view is only valid during push), at most
 * MAX_BYTES_PER_SIDE per side, TCP retransmissions dropped by sequence number (for content only:
 * the byte counts keep them).
 */

/** Bytes kept per side: a login exchange fits in far less; a long session keeps its start. */
export const MAX_BYTES_PER_SIDE = 16 * 1024;

export interface TranscriptChunk {
  /** Capture-time side (0 = the connection's first sender). */
  side: 0 | 1;
  bytes: Uint8Array;
}

export class Transcript {
  readonly chunks: TranscriptChunk[] = [];
  private readonly kept: [number, number] = [0, 0];
  /** Next expected sequence number per side (unsigned 32-bit), -1 before its first data. */
  private readonly nextSeq: [number, number] = [-1, -1];

  /**
   * Adds one segment's captured payload. dataSeq = the sequence number of its first payload byte;
   * payloadLength = its length from the headers (the captured bytes may be fewer).
   */
  addTcp(side: 0 | 1, dataSeq: number, payloadLength: number, captured: Uint8Array): void {
    if (payloadLength <= 0) return;
    let skip = 0;
    const next = this.nextSeq[side];
    if (next >= 0) {
      const delta = (dataSeq - next) | 0; // signed distance in sequence space (wraps at 2^32)
      if (delta < 0) {
        if (-delta >= payloadLength) return; // all of it seen already: a retransmission
        skip = -delta;
      }
    }
    const end = (dataSeq + payloadLength) >>> 0;
    if (next < 0 || ((end - next) | 0) > 0) this.nextSeq[side] = end;
    this.keep(side, captured, skip);
  }

  private keep(side: 0 | 1, captured: Uint8Array, skip: number): void {
    const room = MAX_BYTES_PER_SIDE - this.kept[side];
    if (room <= 0 || skip >= captured.length) return;
    const take = Math.min(captured.length - skip, room);
    this.chunks.push({ side, bytes: captured.slice(skip, skip + take) });
    this.kept[side] += take;
  }
}
