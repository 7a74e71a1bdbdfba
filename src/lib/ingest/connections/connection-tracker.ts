/**
 * Streams DecodedPackets into connection records (ingest/connections/connection.ts).
 *
 * - TCP and UDP: one connection per 5-tuple (both directions) at a time, with Zeek's rules for who
 *   originates it, when a packet starts a new one on the same tuple and when it is over (timeouts,
 *   close delay, unanswered SYN): tracked-flow.ts, constants in zeek-rules.ts. A packet of a tuple
 *   whose connection is over starts a new connection.
 * - ICMP / ICMPv6: one record per message (icmp-record.ts).
 * - Timers run on capture time: the latest packet timestamp pushed, or a later time given to
 *   advanceTo() (a live reader's wall clock while the link is quiet).
 *
 * Two steps per record, so that a long connection holds nothing back (docs/RECORDS.md, "When a record
 * goes out"):
 * - **Placing** (`place`, for the traffic windows): strictly in start-time order (first packet's ts;
 *   ties in capture order). The front record is placed as soon as it is over, or, when it is still
 *   open PLACE_DEADLINE_SECONDS after its start, as it stands then (`open` true). Whether a record
 *   is placed open depends only on whether it was over at start + PLACE_DEADLINE_SECONDS, so the
 *   same packets give the same placements however they arrive. A UDP flow is placed as soon as it is
 *   at the front: nothing the windows read of it changes after its first packet.
 * - **Emitting** (`onConnection`, with what `place` returned): when it is over, placed or not behind
 *   the order. A record placed open goes out when it is over (checked once per second of capture
 *   time, or at once when a new connection replaces it on its tuple).
 * So a record goes out at most PLACE_DEADLINE_SECONDS after its start or when it is over, whichever is
 * later, and memory holds only the open connections and the last few seconds of starts.
 * finish() places and emits the rest; a connection neither closed nor timed out then has cutByEnd
 * true and its state at that moment.
 *
 * Packets of other protocols are not expected (the reader emits tcp / udp / icmp only).
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { FlowTable, flowHash } from './flow-table';
import { icmpRecord } from './icmp-record';
import { StartOrderQueue } from './start-order-queue';
import { exactDurationSeconds, reached } from './duration';
import { TrackedFlow } from './tracked-flow';
import { ZEEK_TIMEOUTS } from './zeek-rules';

/**
 * How long after its start a record still open stops holding back the placing of later ones: 10 s,
 * so a record is out at most 10 s of capture time after it is over or after the start of the
 * oldest connection then open, whichever is later (the live sensor's bound); longer than Zeek's 5 s
 * attempt and close delays, so a SYN never answered or a short connection is placed finished.
 */
export const PLACE_DEADLINE_SECONDS = 10;

export interface ConnectionTrackerOptions<P = void> {
  /**
   * Called once per record, in start order, when its place is decided (see above): `open` when the
   * connection was still open then, `c` being its state at that moment. What it returns is handed
   * to onConnection with the finished record.
   */
  place?(c: Connection, open: boolean): P;
  onConnection(c: Connection, placed: P): void;
  /** TCP inactivity timeout, seconds (default Zeek's 300; interactive ports still wait an hour). */
  tcpIdleSeconds?: number;
  /** UDP inactivity timeout, seconds (default Zeek's 60). */
  udpIdleSeconds?: number;
  /** Default PLACE_DEADLINE_SECONDS; Infinity places every record finished (start-order emission). */
  placeDeadlineSeconds?: number;
  /**
   * Interim records: a connection placed while open, still open, whose duration so far (first packet
   * to last) has passed another multiple of `interimSeconds`, is handed to onInterim as it stands then,
   * with its placement, so a long session is seen while it lasts (a flow merely waiting out its idle
   * timeout gives none). Checked once per capture second.
   */
  interimSeconds?: number;
  onInterim?(c: Connection, placed: P): void;
}

/** A flow placed while open: what its placement returned, and how many interim records it gave. */
interface PlacedOpen<P> {
  placed: P;
  interims: number;
}

/** A record waiting for its place: a tracked flow, or an ICMP message already complete. */
type Pending = TrackedFlow | Connection;

export class ConnectionTracker<P = void> {
  private readonly place: (c: Connection, open: boolean) => P;
  private readonly onConnection: (c: Connection, placed: P) => void;
  private readonly idle: { tcp: number; udp: number };
  private readonly deadlineSeconds: number;
  private readonly flows = new FlowTable();
  private readonly pending = new StartOrderQueue<Pending>();
  /** Flows placed while open, waiting to be over (insertion order = start order). */
  private readonly placedOpen = new Map<TrackedFlow, PlacedOpen<P>>();
  private readonly interimSeconds: number;
  private readonly onInterim: ((c: Connection, placed: P) => void) | undefined;
  private interimCount = 0;
  private now = -Infinity;
  /** The latest capture time seen (the end, for finish()). */
  private latest = -Infinity;
  /** The capture second in which placedOpen was last looked through. */
  private checkedSecond = -Infinity;
  private emittedCount = 0;
  private cutByEndCount = 0;
  private placedOpenCount = 0;

  constructor(options: ConnectionTrackerOptions<P>) {
    this.place = options.place ?? ((() => undefined) as unknown as (c: Connection, open: boolean) => P);
    this.onConnection = options.onConnection;
    this.idle = {
      tcp: options.tcpIdleSeconds ?? ZEEK_TIMEOUTS.tcpInactivity,
      udp: options.udpIdleSeconds ?? ZEEK_TIMEOUTS.udpInactivity,
    };
    this.deadlineSeconds = options.placeDeadlineSeconds ?? PLACE_DEADLINE_SECONDS;
    this.onInterim = options.onInterim;
    this.interimSeconds = options.onInterim ? (options.interimSeconds ?? Infinity) : Infinity;
  }

  /** Interim records handed on. */
  get interims(): number {
    return this.interimCount;
  }

  /** Connections still taking packets (in the tuple table). */
  get openCount(): number {
    return this.flows.size;
  }

  /** Records waiting for their place (open younger than the deadline, or over but behind one). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Records placed while open, not yet out. */
  get waitingPlaced(): number {
    return this.placedOpen.size;
  }

  get emitted(): number {
    return this.emittedCount;
  }

  /** Records emitted by finish() while still open. */
  get cutByEnd(): number {
    return this.cutByEndCount;
  }

  /** Records placed while still open (see the file comment). */
  get placedWhileOpen(): number {
    return this.placedOpenCount;
  }

  /** The capture time the timers have reached. */
  get clock(): number {
    return this.now;
  }

  /** `p` is the reader's reused packet: only its values are kept (Transcript copies payload bytes). */
  push(p: DecodedPacket): void {
    // Time first: what is over or due for its place by p.ts is so before p joins anything. The clock
    // is the packet's time, back too when a capture's time goes back (as Zeek's network_time), so
    // a flow written out of order keeps its packets; the end is judged by the latest time seen.
    this.runTo(p.ts);
    if (p.ts > this.latest) this.latest = p.ts;
    // The packet can only bring something out at once when it is an ICMP message, replaces a
    // connection (final), or starts one at the front of the order: only then is the order looked at again.
    if (p.protocol === 'icmp') {
      this.pending.push(icmpRecord(p), p.ts);
      this.drain();
    } else if (this.pushFlowPacket(p, p.protocol)) {
      this.drain();
    }
  }

  /**
   * Runs the timers on to capture time `t` when no packet came before it: records over by then go
   * out, records due for their place are placed. A live reader calls this while the link is quiet.
   */
  advanceTo(t: number): void {
    if (!(t > this.now)) return;
    if (t > this.latest) this.latest = t;
    this.runTo(t);
  }

  private runTo(t: number): void {
    this.now = t;
    this.drain();
    const second = Math.floor(t);
    if (second > this.checkedSecond) {
      this.checkedSecond = second;
      for (const [flow, open] of this.placedOpen) {
        if (flow.final || flow.overAt(t)) this.emitPlaced(flow);
        else if (this.onInterim) this.interim(flow, open);
      }
    }
  }

  private interim(flow: TrackedFlow, open: PlacedOpen<P>): void {
    const due = Math.floor(exactDurationSeconds(flow.firstTs, flow.lastTs) / this.interimSeconds);
    if (due <= open.interims) return;
    open.interims = due;
    this.interimCount++;
    this.onInterim!(flow.toConnection(true), open.placed);
  }

  /** Places and emits every record still waiting (the capture ended). */
  finish(): void {
    for (let item = this.pending.shift(); item; item = this.pending.shift()) {
      if (!(item instanceof TrackedFlow)) {
        this.emit(item, this.place(item, false));
        continue;
      }
      const flow = item;
      const cut = this.isCut(flow);
      this.release(flow);
      const c = flow.toConnection(cut);
      this.emit(c, this.place(c, false));
    }
    for (const flow of this.placedOpen.keys()) this.emitPlaced(flow, this.isCut(flow));
    this.flows.clear();
  }

  private isCut(flow: TrackedFlow): boolean {
    return !flow.final && !flow.ended && !flow.overAt(this.latest);
  }

  /** Whether the order's front may now be placed (a connection was replaced, or one starts at the front). */
  private pushFlowPacket(p: DecodedPacket, protocol: 'tcp' | 'udp'): boolean {
    const hash = flowHash(protocol, p.src, p.srcPort, p.dst, p.dstPort);
    let flow = this.flows.find(hash, protocol, p.src, p.srcPort, p.dst, p.dstPort);
    let frontMayMove = false;
    if (flow && (flow.overAt(p.ts) || flow.isReuse(p))) {
      flow.final = true;
      this.flows.remove(flow);
      if (this.placedOpen.has(flow)) this.emitPlaced(flow);
      else frontMayMove = true;
      flow = undefined;
    }
    if (!flow) {
      flow = new TrackedFlow(protocol, p, hash, this.idle);
      this.flows.add(flow);
      this.pending.push(flow, p.ts);
      if (this.pending.peek() === flow) frontMayMove = true;
    }
    flow.add(p);
    return frontMayMove;
  }

  /**
   * Places from the front of the start order: a record over by now (or by its deadline, once that
   * has passed) as finished, one still open at its deadline as it stands; stops at the first record
   * that is open and not yet due.
   */
  private drain(): void {
    for (let item = this.pending.peek(); item; item = this.pending.peek()) {
      if (!(item instanceof TrackedFlow)) {
        this.pending.shift();
        this.emit(item, this.place(item, false));
        continue;
      }
      const flow = item;
      const deadline = flow.firstTs + this.deadlineSeconds;
      // UDP: what the windows read of it (addresses, ports, service, flag SF) is fixed by its first
      // packet, so it is placed at once, exactly as it would be when over.
      const due = flow.protocol === 'udp' || reached(this.now, deadline);
      const over = flow.final || flow.overAt(due ? Math.min(deadline, this.now) : this.now);
      if (!over && !due) return;
      this.pending.shift();
      if (over) {
        this.release(flow);
        const c = flow.toConnection(false);
        this.emit(c, this.place(c, false));
      } else {
        this.placedOpenCount++;
        this.placedOpen.set(flow, { placed: this.place(flow.toConnection(true), true), interims: 0 });
        // Over already (a timer between its deadline and now): out at once.
        if (flow.overAt(this.now)) this.emitPlaced(flow);
      }
    }
  }

  private emitPlaced(flow: TrackedFlow, cut = false): void {
    const open = this.placedOpen.get(flow)!;
    this.placedOpen.delete(flow);
    this.release(flow);
    this.emit(flow.toConnection(cut), open.placed);
  }

  private release(flow: TrackedFlow): void {
    this.flows.remove(flow);
    flow.final = true;
  }

  private emit(c: Connection, placed: P): void {
    this.emittedCount++;
    if (c.cutByEnd) this.cutByEndCount++;
    this.onConnection(c, placed);
  }
}
