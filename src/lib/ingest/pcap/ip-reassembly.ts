import type { PacketSkip } from './packet.ts';
import type { IpLayer } from './ip-layer.ts';
import { FRAGMENT_END_SKIP, FRAGMENT_MEMORY_SKIP, FRAGMENT_TIMEOUT_SKIP } from './skip-reasons.ts';

/**
 * IP fragment reassembly, per datagram (IP version, source, destination, protocol, identification).
 *
 * Rules:
 * - A datagram completes when its fragments (by their header lengths) cover [0, end of the fragment
 *   without "more fragments") with no gap. It is then handed back at once; later fragments with the
 *   same key start a new datagram.
 * - Wrong fragments (NSL-KDD's wrong_fragment): a fragment counts once for each fault it has:
 *   it overlaps another fragment of the datagram; it ends past the end the last fragment gives the
 *   datagram; its end (plus the header bytes in front of the fragmentable part) passes 65,535 bytes.
 *   A teardrop (a last fragment that starts and ends inside the first) is 3: both overlap, and the
 *   first ends past the end; a ping of death is 1: its last fragment passes 65,535. These are the
 *   values KDDTrain+ carries (teardrop 3 in 884 of its 892 rows, pod 1 in 198 of its 201; no other
 *   label has a wrong_fragment above 0).
 *   Such a datagram is still emitted when it completes: as long as the furthest end any fragment
 *   reaches (so a teardrop's UDP header, whose length the first fragment holds, is read), the bytes
 *   that arrived first winning where fragments overlap.
 * - Time limit: a datagram whose first fragment is older than `timeoutSeconds` (capture time) is
 *   dropped; memory bound: when the captured bytes held would pass `maxBytes`, the oldest datagrams
 *   are dropped. Dropped and never-completed datagrams count every frame they held as skipped.
 */

export interface ReassembledDatagram {
  /** The fragmentable part, reassembled: the transport header onwards (IPv6: maybe extension headers first). */
  bytes: Uint8Array;
  /** Bytes of `bytes` that were captured without a gap from the start. */
  capturedLength: number;
  /** Length of the fragmentable part by the headers. */
  totalLength: number;
  fragments: number;
  wrongFragments: number;
  firstFrame: number;
}

interface Fragment {
  offset: number;
  /** Length by the IP header. */
  length: number;
  /** The captured bytes (a copy: the frame's buffer is reused). */
  data: Uint8Array;
  overlaps: boolean;
  /** It ends past 65,535 bytes (with the header in front). */
  pastMaximum: boolean;
}

interface PendingDatagram {
  firstTs: number;
  firstFrame: number;
  fragments: Fragment[];
  heldBytes: number;
  /** End of the last fragment (the one without "more fragments"), -1 until it arrives. */
  totalLength: number;
}

/** IPv4's maximum datagram size (IPv6's maximum payload length): fragments reaching past it are wrong. */
const MAX_DATAGRAM = 65535;

export type DropListener = (skip: PacketSkip, firstFrame: number, frames: number) => void;

export class IpReassembler {
  private readonly pending = new Map<string, PendingDatagram>();
  private heldBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly timeoutSeconds: number,
    private readonly onDrop: DropListener,
  ) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Drops datagrams whose first fragment came more than the time limit before `ts` (oldest first: Map order). */
  expire(ts: number): void {
    for (const [key, datagram] of this.pending) {
      if (ts - datagram.firstTs <= this.timeoutSeconds) break;
      this.drop(key, datagram, FRAGMENT_TIMEOUT_SKIP);
    }
  }

  /** Drops every datagram still pending (the capture ended). */
  flush(): void {
    for (const [key, datagram] of this.pending) this.drop(key, datagram, FRAGMENT_END_SKIP);
  }

  /**
   * Adds the fragment described by `ip` (its data in `frameBytes` from ip.transportOffset); returns the
   * datagram when this fragment completed it, else null (the frame is held, or was dropped and counted).
   */
  add(key: string, frame: number, ts: number, ip: IpLayer, frameBytes: Uint8Array): ReassembledDatagram | null {
    const length = ip.datagramEnd - ip.transportOffset;
    const data = frameBytes.slice(ip.transportOffset, ip.capturedEnd);
    let datagram = this.pending.get(key);
    if (datagram === undefined) {
      datagram = { firstTs: ts, firstFrame: frame, fragments: [], heldBytes: 0, totalLength: -1 };
      this.pending.set(key, datagram);
    }
    if (this.heldBytes + data.length > this.maxBytes) {
      for (const [otherKey, other] of this.pending) {
        if (this.heldBytes + data.length <= this.maxBytes) break;
        if (other !== datagram) this.drop(otherKey, other, FRAGMENT_MEMORY_SKIP);
      }
      if (this.heldBytes + data.length > this.maxBytes) {
        // This datagram alone is too big to hold: drop it with this frame.
        this.drop(key, datagram, FRAGMENT_MEMORY_SKIP);
        this.onDrop(FRAGMENT_MEMORY_SKIP, frame, 1);
        return null;
      }
    }

    const offset = ip.fragmentOffset;
    const end = offset + length;
    const fragment: Fragment = { offset, length, data, overlaps: false, pastMaximum: ip.headerBytes + end > MAX_DATAGRAM };
    for (const other of datagram.fragments) {
      if (other.offset < end && offset < other.offset + other.length) {
        other.overlaps = true;
        fragment.overlaps = true;
      }
    }
    datagram.fragments.push(fragment);
    datagram.heldBytes += data.length;
    this.heldBytes += data.length;
    if (!ip.moreFragments && datagram.totalLength < 0) datagram.totalLength = end;
    if (datagram.totalLength < 0 || !isCovered(datagram.fragments, datagram.totalLength)) return null;

    this.pending.delete(key);
    this.heldBytes -= datagram.heldBytes;
    return assemble(datagram);
  }

  private drop(key: string, datagram: PendingDatagram, skip: PacketSkip): void {
    this.pending.delete(key);
    this.heldBytes -= datagram.heldBytes;
    if (datagram.fragments.length > 0) this.onDrop(skip, datagram.firstFrame, datagram.fragments.length);
  }
}

function byOffset(a: Fragment, b: Fragment): number {
  return a.offset - b.offset;
}

/** Whether the fragments' header lengths cover [0, totalLength) without a gap. */
function isCovered(fragments: Fragment[], totalLength: number): boolean {
  const sorted = fragments.slice().sort(byOffset);
  let covered = 0;
  for (const f of sorted) {
    if (f.offset > covered) return false;
    if (f.offset + f.length > covered) covered = f.offset + f.length;
    if (covered >= totalLength) return true;
  }
  return covered >= totalLength;
}

function assemble(datagram: PendingDatagram): ReassembledDatagram {
  const lastEnd = datagram.totalLength;
  let total = lastEnd;
  let wrong = 0;
  for (const f of datagram.fragments) {
    const end = f.offset + f.length;
    if (end > total) total = end;
    wrong += (f.overlaps ? 1 : 0) + (f.pastMaximum ? 1 : 0) + (end > lastEnd ? 1 : 0);
  }
  const bytes = new Uint8Array(total);
  // Latest first, so that where fragments overlap the bytes that arrived first win.
  for (let i = datagram.fragments.length - 1; i >= 0; i--) {
    const f = datagram.fragments[i];
    if (f.offset >= total) continue;
    bytes.set(f.data.length > total - f.offset ? f.data.subarray(0, total - f.offset) : f.data, f.offset);
  }
  // The captured prefix: snap-length cuts leave holes in the data though the headers cover the datagram.
  let captured = 0;
  for (const f of datagram.fragments.slice().sort(byOffset)) {
    if (f.offset <= captured && f.offset + f.data.length > captured) captured = f.offset + f.data.length;
  }
  return {
    bytes,
    capturedLength: captured < total ? captured : total,
    totalLength: total,
    fragments: datagram.fragments.length,
    wrongFragments: wrong,
    firstFrame: datagram.firstFrame,
  };
}
