/**
 * Two checks on the order of a capture's packets, made on every frame before it is decoded:
 *
 * - Exact duplicates: a frame with the same timestamp, the same original length and the same captured
 *   bytes as an earlier frame is dropped, as `editcap -D` drops duplicates (a capture written twice,
 *   a packet captured on two interfaces). The frame's fingerprint is its timestamp plus a 32-bit hash
 *   of its length and bytes; a frame whose timestamp is later than every earlier one cannot be a
 *   duplicate and is only remembered. Memory is bounded: the last DUPLICATE_WINDOW frames are
 *   remembered (a duplicate further back is not found); two different frames are taken for
 *   duplicates only if their timestamps agree to the microsecond and their hashes collide.
 * - Time going backwards: the first frame stamped earlier than the latest frame before it (its number
 *   and how far back), how many frames were, and the largest step back.
 */

/** Frames remembered for the duplicate check (about 10 MB of fingerprints at most). */
export const DUPLICATE_WINDOW = 262_144;

/** The capture's time went backwards: where first, how far, how often. */
export interface TimeWentBack {
  /** 1-based number of the first frame stamped earlier than a frame before it. */
  firstPacket: number;
  /** Seconds from the latest timestamp before that frame back to its own. */
  firstSecondsBack: number;
  /** Frames stamped earlier than the latest frame before them. */
  packets: number;
  /** The largest step back, seconds. */
  largestSecondsBack: number;
}

/** FNV-1a over the original length and the bytes, 32 bits. */
function frameHash(bytes: Uint8Array, start: number, length: number, originalLength: number): number {
  let h = 0x811c9dc5 ^ (originalLength & 0xff);
  h = Math.imul(h, 0x01000193) ^ ((originalLength >>> 8) & 0xff);
  h = Math.imul(h, 0x01000193) ^ ((originalLength >>> 16) & 0xff);
  h = Math.imul(h, 0x01000193);
  const end = start + (length > 128 ? 128 : length);
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

export class PacketOrder {
  private latestTs = -Infinity;
  private wentBack: TimeWentBack | null = null;
  /** Fingerprints by timestamp: one hash, or several for frames sharing a timestamp. */
  private readonly byTs = new Map<number, number | number[]>();
  /** Timestamps of the remembered frames, oldest first (a ring of DUPLICATE_WINDOW). */
  private readonly order: Float64Array;
  private readonly orderHashes: Uint32Array;
  private next = 0;
  private remembered = 0;

  constructor(private readonly window = DUPLICATE_WINDOW) {
    this.order = new Float64Array(window);
    this.orderHashes = new Uint32Array(window);
  }

  /**
   * Frame `frame` (1-based) stamped `ts`, its captured bytes [start, start + length): notes time going
   * backwards; returns true when it exactly duplicates a remembered earlier frame (the caller drops it).
   */
  check(frame: number, ts: number, bytes: Uint8Array, start: number, length: number, originalLength: number): boolean {
    const hash = frameHash(bytes, start, length, originalLength);
    if (ts < this.latestTs) {
      const back = this.latestTs - ts;
      if (this.wentBack === null) this.wentBack = { firstPacket: frame, firstSecondsBack: back, packets: 1, largestSecondsBack: back };
      else {
        this.wentBack.packets++;
        if (back > this.wentBack.largestSecondsBack) this.wentBack.largestSecondsBack = back;
      }
    }
    if (ts <= this.latestTs) {
      const seen = this.byTs.get(ts);
      if (seen !== undefined && (seen === hash || (typeof seen !== 'number' && seen.includes(hash)))) return true;
    } else this.latestTs = ts;
    this.remember(ts, hash);
    return false;
  }

  /** Null when every frame was stamped no earlier than the one before it. */
  timeWentBack(): TimeWentBack | null {
    return this.wentBack === null ? null : { ...this.wentBack };
  }

  private remember(ts: number, hash: number): void {
    if (this.remembered === this.window) this.forget(this.order[this.next], this.orderHashes[this.next]);
    else this.remembered++;
    this.order[this.next] = ts;
    this.orderHashes[this.next] = hash;
    this.next = (this.next + 1) % this.window;
    const seen = this.byTs.get(ts);
    if (seen === undefined) this.byTs.set(ts, hash);
    else if (typeof seen === 'number') this.byTs.set(ts, [seen, hash]);
    else seen.push(hash);
  }

  private forget(ts: number, hash: number): void {
    const seen = this.byTs.get(ts);
    if (seen === undefined) return;
    if (typeof seen === 'number') {
      this.byTs.delete(ts);
      return;
    }
    const at = seen.indexOf(hash);
    if (at >= 0) seen.splice(at, 1);
    if (seen.length === 0) this.byTs.delete(ts);
    else if (seen.length === 1) this.byTs.set(ts, seen[0]);
  }
}
