/**
 * The tracker's open flows by TCP / UDP 5-tuple, the same in both directions, with no allocation per
 * packet. A string key per packet (protocol, both addresses and ports joined) cost more than the rest
 * of the tracker: here the tuple is hashed to a small integer (a Map with small-integer keys is fast)
 * and flows whose tuples share a hash are chained and told apart by comparing the tuple itself, so a
 * collision costs a comparison, never a wrong flow.
 */
import type { TrackedFlow } from './tracked-flow';

/** A string's characters hashed (FNV-1a); the reader's address texts are short (≤ 39 characters). */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function endHash(address: string, port: number): number {
  return Math.imul(textHash(address) ^ port, 0x9e3779b1) >>> 0;
}

/** The tuple's hash, the same whichever end sent: the two ends' hashes in ascending order, mixed. */
export function flowHash(protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): number {
  const a = endHash(src, srcPort);
  const b = endHash(dst, dstPort);
  let h = a < b ? Math.imul(a, 31) ^ b : Math.imul(b, 31) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ (protocol === 'tcp' ? 0 : 0x5bd1e995);
  // 30 bits: a V8 small integer, kept unboxed as a Map key.
  return (h ^ (h >>> 13)) & 0x3fffffff;
}

/** Whether `flow` is the connection of this tuple, in either direction. */
function isTuple(flow: TrackedFlow, protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): boolean {
  if (flow.protocol !== protocol) return false;
  return (
    (flow.port0 === srcPort && flow.port1 === dstPort && flow.addr0 === src && flow.addr1 === dst) ||
    (flow.port0 === dstPort && flow.port1 === srcPort && flow.addr0 === dst && flow.addr1 === src)
  );
}

export class FlowTable {
  /** The first flow of each hash; the others follow through `nextSameHash`. */
  private readonly byHash = new Map<number, TrackedFlow>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The open flow of this tuple, if any; `hash` is flowHash of the same tuple. */
  find(hash: number, protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): TrackedFlow | undefined {
    let flow = this.byHash.get(hash);
    while (flow !== undefined && !isTuple(flow, protocol, src, srcPort, dst, dstPort)) flow = flow.nextSameHash;
    return flow;
  }

  /** Adds a flow whose tuple has no flow in the table (its `hash` set at construction). */
  add(flow: TrackedFlow): void {
    flow.nextSameHash = this.byHash.get(flow.hash);
    this.byHash.set(flow.hash, flow);
    flow.inTable = true;
    this.count++;
  }

  /** Takes the flow out of the table (nothing if it is not in it). */
  remove(flow: TrackedFlow): void {
    if (!flow.inTable) return;
    flow.inTable = false;
    this.count--;
    const first = this.byHash.get(flow.hash)!;
    if (first === flow) {
      if (flow.nextSameHash === undefined) this.byHash.delete(flow.hash);
      else this.byHash.set(flow.hash, flow.nextSameHash);
    } else {
      let before = first;
      while (before.nextSameHash !== flow) before = before.nextSameHash!;
      before.nextSameHash = flow.nextSameHash;
    }
    flow.nextSameHash = undefined;
  }

  clear(): void {
    for (const first of this.byHash.values()) {
      let flow: TrackedFlow | undefined = first;
      while (flow !== undefined) {
        const next: TrackedFlow | undefined = flow.nextSameHash;
        flow.inTable = false;
        flow.nextSameHash = undefined;
        flow = next;
      }
    }
    this.byHash.clear();
    this.count = 0;
  }
}
