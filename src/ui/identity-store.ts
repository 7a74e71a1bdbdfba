/**
 * The page's copy of each record's identity (captures, conn.log): time, addresses and ports in typed
 * arrays that grow by doubling, addresses interned once each (a capture has far fewer hosts than
 * records). Not reactive itself, like ScoreStore.
 */
import type { IdentityColumns } from '../lib/ingest/record-identity';
import { grownCapacity, regrow } from '../lib/util/growable';

export class IdentityStore {
  length = 0;
  ts = new Float64Array(0);
  origP = new Uint16Array(0);
  respP = new Uint16Array(0);
  packets = new Uint32Array(0);
  /** Index into `addresses`. */
  origH = new Uint32Array(0);
  respH = new Uint32Array(0);
  readonly addresses: string[] = [];
  private readonly addressIndex = new Map<string, number>();

  append(id: IdentityColumns, n: number): void {
    this.reserve(this.length + n);
    const at = this.length;
    this.ts.set(id.ts.subarray(0, n), at);
    this.origP.set(id.origP.subarray(0, n), at);
    this.respP.set(id.respP.subarray(0, n), at);
    this.packets.set(id.packets.subarray(0, n), at);
    for (let i = 0; i < n; i++) {
      this.origH[at + i] = this.intern(id.origH[i]);
      this.respH[at + i] = this.intern(id.respH[i]);
    }
    this.length += n;
  }

  /** Rows as IdentityColumns (for the export, in the worker). */
  columns(): IdentityColumns {
    const n = this.length;
    return {
      ts: this.ts.slice(0, n),
      origH: Array.from(this.origH.subarray(0, n), (k) => this.addresses[k]),
      origP: this.origP.slice(0, n),
      respH: Array.from(this.respH.subarray(0, n), (k) => this.addresses[k]),
      respP: this.respP.slice(0, n),
      packets: this.packets.slice(0, n),
    };
  }

  /** Each row's address (source or destination) as its rank in sorted address order: a sort key. */
  addressRanks(side: 'orig' | 'resp'): Float32Array {
    const order = this.addresses.map((_, k) => k).sort((a, b) => compareAddresses(this.addresses[a], this.addresses[b]));
    const rank = new Uint32Array(this.addresses.length);
    order.forEach((k, r) => (rank[k] = r));
    const column = side === 'orig' ? this.origH : this.respH;
    return Float32Array.from(column.subarray(0, this.length), (k) => rank[k]);
  }

  /**
   * Each row's rank in start-time order (ties in row order): a sort key. Rows leave a capture in start
   * order except where a long connection would have held later ones (docs/RECORDS.md), so row order
   * is not quite time order. Sorted here, not in the worker: the keys need all of ts's 53 bits, and
   * rows nearly in order are one run or a few for the engine's merge sort, so this is linear time.
   */
  startRanks(): Float32Array {
    const n = this.length;
    const ts = this.ts;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a] - ts[b] || a - b);
    const rank = new Float32Array(n);
    order.forEach((row, r) => (rank[row] = r));
    return rank;
  }

  /** Which interned addresses contain `text` (a filter): one flag per address. */
  addressesMatching(text: string): Uint8Array {
    const needle = text.trim().toLowerCase();
    return Uint8Array.from(this.addresses, (a) => (a.toLowerCase().includes(needle) ? 1 : 0));
  }

  private intern(address: string): number {
    let k = this.addressIndex.get(address);
    if (k === undefined) {
      k = this.addresses.length;
      this.addresses.push(address);
      this.addressIndex.set(address, k);
    }
    return k;
  }

  private reserve(rows: number): void {
    if (rows <= this.ts.length) return;
    const capacity = grownCapacity(this.ts.length, rows);
    const n = this.length;
    this.ts = regrow(this.ts, capacity, n);
    this.origP = regrow(this.origP, capacity, n);
    this.respP = regrow(this.respP, capacity, n);
    this.packets = regrow(this.packets, capacity, n);
    this.origH = regrow(this.origH, capacity, n);
    this.respH = regrow(this.respH, capacity, n);
  }
}

/** IPv4 before IPv6, IPv4 numerically, IPv6 as text. */
function compareAddresses(a: string, b: string): number {
  const va = ipv4Value(a);
  const vb = ipv4Value(b);
  if (va !== null && vb !== null) return va - vb;
  if (va !== null) return -1;
  if (vb !== null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function ipv4Value(a: string): number | null {
  const parts = a.split('.');
  if (parts.length !== 4) return null;
  return parts.reduce((v, p) => v * 256 + Number(p), 0);
}
