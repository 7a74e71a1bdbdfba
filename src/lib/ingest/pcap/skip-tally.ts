import type { PacketSkip } from './packet.ts';

/** One line of the skip report: how many frames were skipped for one reason, and the first of them. */
export interface SkipCount {
  kind: string;
  reason: string;
  count: number;
  /** 1-based frame number of the first frame skipped for this reason. */
  firstFrame: number;
}

/** Skipped frames counted per reason, in the order the reasons first occurred. */
export class SkipTally {
  private readonly byReason = new Map<string, SkipCount>();
  total = 0;

  add(skip: PacketSkip, firstFrame: number, frames = 1): void {
    this.total += frames;
    const entry = this.byReason.get(skip.reason);
    if (entry === undefined) this.byReason.set(skip.reason, { kind: skip.kind, reason: skip.reason, count: frames, firstFrame });
    else {
      entry.count += frames;
      if (firstFrame < entry.firstFrame) entry.firstFrame = firstFrame;
    }
  }

  /** The counts, most frequent first (ties: first seen first). */
  list(): SkipCount[] {
    return [...this.byReason.values()].map((e) => ({ ...e })).sort((a, b) => b.count - a.count);
  }
}
