/**
 * Streams DecodedPackets into connection records (ingest/connections/connection.ts).
 *
 * - TCP and UDP: one connection per 5-tuple (both directions) at a time, with Zeek's rules for who
 *   originates it, when a packet starts a new one on the same tuple and when it is over (timeouts,
 *   close delay, unanswered SYN): tracked-flow.ts, constants in zeek-rules.ts. A packet of a tuple
 *   whose connection is over starts a new connection.
 * - ICMP / ICMPv6: one record per message (icmp-record.ts).
 * - Timers run on capture time: the latest packet timestamp pushed.
 * - Emission: onConnection is called in start-time order (first packet's ts; ties in capture order):
 *   a record goes out once it is final and every earlier-starting record has gone out, so memory
 *   holds only what a still-open earlier connection keeps waiting. finish() emits the rest; a
 *   connection neither closed nor timed out then has cutByEnd true and its state at that moment.
 *
 * Packets of other protocols are not expected (the reader emits tcp / udp / icmp only).
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { FlowTable, flowHash } from './flow-table';
import { icmpRecord } from './icmp-record';
import { StartOrderQueue } from './start-order-queue';
import { TrackedFlow } from './tracked-flow';
import { ZEEK_TIMEOUTS } from './zeek-rules';

export interface ConnectionTrackerOptions {
  onConnection(c: Connection): void;
  /** TCP inactivity timeout, seconds (default Zeek's 300; interactive ports still wait an hour). */
  tcpIdleSeconds?: number;
  /** UDP inactivity timeout, seconds (default Zeek's 60). */
  udpIdleSeconds?: number;
}

/** A record waiting for emission: a tracked flow, or an ICMP message already complete. */
type Pending = TrackedFlow | Connection;

export class ConnectionTracker {
  private readonly onConnection: (c: Connection) => void;
  private readonly idle: { tcp: number; udp: number };
  private readonly flows = new FlowTable();
  private readonly pending = new StartOrderQueue<Pending>();
  private now = -Infinity;
  private emittedCount = 0;
  private cutByEndCount = 0;

  constructor(options: ConnectionTrackerOptions) {
    this.onConnection = options.onConnection;
    this.idle = {
      tcp: options.tcpIdleSeconds ?? ZEEK_TIMEOUTS.tcpInactivity,
      udp: options.udpIdleSeconds ?? ZEEK_TIMEOUTS.udpInactivity,
    };
  }

  /** Connections still taking packets (in the tuple table). */
  get openCount(): number {
    return this.flows.size;
  }

  /** Records waiting for emission (open, or final but behind an earlier-starting open one). */
  get pendingCount(): number {
    return this.pending.size;
  }

  get emitted(): number {
    return this.emittedCount;
  }

  /** Records emitted by finish() while still open. */
  get cutByEnd(): number {
    return this.cutByEndCount;
  }

  /** `p` is the reader's reused packet: only its values are kept (Transcript copies payload bytes). */
  push(p: DecodedPacket): void {
    if (p.ts > this.now) this.now = p.ts;
    if (p.protocol === 'icmp') {
      this.pending.push(icmpRecord(p), p.ts);
    } else {
      this.pushFlowPacket(p, p.protocol);
    }
    this.drain();
  }

  /** Emits every record still waiting (the capture ended). */
  finish(): void {
    for (let item = this.pending.shift(); item; item = this.pending.shift()) {
      if (!(item instanceof TrackedFlow)) {
        this.emit(item);
        continue;
      }
      const flow = item;
      const cut = !flow.final && !flow.ended && !flow.overAt(this.now);
      this.release(flow);
      this.emit(flow.toConnection(cut));
    }
    this.flows.clear();
  }

  private pushFlowPacket(p: DecodedPacket, protocol: 'tcp' | 'udp'): void {
    const hash = flowHash(protocol, p.src, p.srcPort, p.dst, p.dstPort);
    let flow = this.flows.find(hash, protocol, p.src, p.srcPort, p.dst, p.dstPort);
    if (flow && (flow.overAt(p.ts) || flow.isReuse(p))) {
      flow.final = true;
      this.flows.remove(flow);
      flow = undefined;
    }
    if (!flow) {
      flow = new TrackedFlow(protocol, p, hash, this.idle);
      this.flows.add(flow);
      this.pending.push(flow, p.ts);
    }
    flow.add(p);
  }

  private isFinal(flow: TrackedFlow): boolean {
    return flow.final || flow.overAt(this.now);
  }

  /** Emits from the front while the front record is final. */
  private drain(): void {
    for (let item = this.pending.peek(); item; item = this.pending.peek()) {
      const flow = item instanceof TrackedFlow ? item : null;
      if (flow && !this.isFinal(flow)) return;
      this.pending.shift();
      if (flow) {
        this.release(flow);
        this.emit(flow.toConnection(false));
      } else this.emit(item as Connection);
    }
  }

  private release(flow: TrackedFlow): void {
    this.flows.remove(flow);
    flow.final = true;
  }

  private emit(c: Connection): void {
    this.emittedCount++;
    if (c.cutByEnd) this.cutByEndCount++;
    this.onConnection(c);
  }
}
