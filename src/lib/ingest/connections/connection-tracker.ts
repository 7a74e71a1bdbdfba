/**
 * Streams DecodedPackets into connection records (ingest/connections/connection.ts).
 *
 * - TCP: one connection per 5-tuple (both directions). It ends at close (FIN both ways) or reset
 *   (a RST either way); packets after that which are not a new SYN (the last ACK, a late RST) still
 *   belong to it for closedLingerSeconds (5 s, Zeek's tcp_close_delay / tcp_reset_delay); a SYN
 *   without ACK on an ended connection starts a new one. A packet more than tcpIdleSeconds (300)
 *   after the tuple's last packet starts a new connection; the old one ended by timeout.
 * - UDP: one connection per 5-tuple, originator = the first packet's sender, ends after
 *   udpIdleSeconds (60) without a packet.
 * - ICMP / ICMPv6: one record per message (icmp-record.ts).
 * - Idle and linger times are measured against capture time: the latest packet timestamp pushed.
 * - Emission: onConnection is called in start-time order (first packet's ts; ties in capture order):
 *   a record goes out once it is final and every earlier-starting record has gone out, so memory
 *   holds only what a still-open earlier connection keeps waiting. finish() emits the rest; a
 *   connection neither ended nor timed out then has cutByEnd true and its state at that moment.
 *
 * Packets of other protocols are not expected (the reader emits tcp / udp / icmp only).
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { FlowTable, flowHash } from './flow-table';
import { icmpRecord } from './icmp-record';
import { StartOrderQueue } from './start-order-queue';
import { isPureSyn } from './tcp-flags';
import { TrackedFlow } from './tracked-flow';

export interface ConnectionTrackerOptions {
  onConnection(c: Connection): void;
  /** TCP idle timeout, seconds (default 300). */
  tcpIdleSeconds?: number;
  /** UDP idle timeout, seconds (default 60). */
  udpIdleSeconds?: number;
  /** How long an ended TCP connection still takes its tuple's non-SYN packets, seconds (default 5). */
  closedLingerSeconds?: number;
}

/** A record waiting for emission: a tracked flow, or an ICMP message already complete. */
type Pending = TrackedFlow | Connection;

export class ConnectionTracker {
  private readonly onConnection: (c: Connection) => void;
  private readonly tcpIdle: number;
  private readonly udpIdle: number;
  private readonly linger: number;
  private readonly flows = new FlowTable();
  private readonly pending = new StartOrderQueue<Pending>();
  private now = -Infinity;
  private emittedCount = 0;
  private cutByEndCount = 0;

  constructor(options: ConnectionTrackerOptions) {
    this.onConnection = options.onConnection;
    this.tcpIdle = options.tcpIdleSeconds ?? 300;
    this.udpIdle = options.udpIdleSeconds ?? 60;
    this.linger = options.closedLingerSeconds ?? 5;
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
      const cut = !flow.final && !flow.ended && !this.timedOut(flow, this.now);
      this.release(flow);
      this.emit(flow.toConnection(cut));
    }
    this.flows.clear();
  }

  private pushFlowPacket(p: DecodedPacket, protocol: 'tcp' | 'udp'): void {
    const hash = flowHash(protocol, p.src, p.srcPort, p.dst, p.dstPort);
    let flow = this.flows.find(hash, protocol, p.src, p.srcPort, p.dst, p.dstPort);
    if (flow && this.startsNew(flow, p)) {
      flow.final = true;
      this.flows.remove(flow);
      flow = undefined;
    }
    if (!flow) {
      flow = new TrackedFlow(protocol, p, hash);
      this.flows.add(flow);
      this.pending.push(flow, p.ts);
    }
    flow.add(p);
  }

  /** Whether packet p opens a new connection on flow's tuple instead of joining flow. */
  private startsNew(flow: TrackedFlow, p: DecodedPacket): boolean {
    const quiet = p.ts - flow.lastTs;
    if (quiet > (flow.protocol === 'tcp' ? this.tcpIdle : this.udpIdle)) return true;
    if (!flow.ended) return false;
    return isPureSyn(p.tcpFlags) || quiet > this.linger;
  }

  private timedOut(flow: TrackedFlow, now: number): boolean {
    return now - flow.lastTs > (flow.protocol === 'tcp' ? this.tcpIdle : this.udpIdle);
  }

  private isFinal(flow: TrackedFlow): boolean {
    if (flow.final || this.timedOut(flow, this.now)) return true;
    return flow.ended && this.now - flow.lastTs > this.linger;
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
