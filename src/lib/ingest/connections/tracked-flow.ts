/**
 * One TCP or UDP connection while it is being tracked: its two sides, who is the originator, the
 * Zeek endpoint states (TCP), counters and the cleartext kept for the content rules; turned into a
 * Connection once it is final.
 *
 * Originator: the sender of the first SYN without ACK, else the first packet's sender (UDP: always
 * the first packet's sender). When the first SYN without ACK comes from the side that was taken for
 * the responder, the roles flip (Zeek's FlipRoles); if that side had answered with a SYN+ACK before
 * the SYN was seen (Zeek's SYN/SYN-ACK reversal), both sides become ESTABLISHED as in Zeek.
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { nslKddFlag, zeekTcpConnState } from './conn-state';
import { CONTENT_PORTS, contentFeatures, Transcript } from './content/index';
import { exactDurationSeconds, wholeSeconds } from './duration';
import { baseFeatures, ESTABLISHED_FLAGS } from './features';
import { serviceFor } from './services';
import { EndpointState, TcpEndpoint } from './tcp-endpoint';
import { FIN, isPureSyn, RST, SYN, URG } from './tcp-flags';
import { advanceTcpState, recordHistoryLetter } from './tcp-state-machine';

/**
 * Flow state is kept in plain fields, not small arrays ([addr, addr], [side, side]): a flow may wait
 * a minute of capture time for start-order emission (behind an open UDP flow), and every object it
 * holds is more for the garbage collector to trace and copy.
 */
export class TrackedFlow {
  readonly firstTs: number;
  lastTs: number;
  /** Side 0 = the first packet's sender; side 1 = its receiver. */
  readonly addr0: string;
  readonly addr1: string;
  readonly port0: number;
  readonly port1: number;
  /** Each side's payload bytes and (TCP) Zeek endpoint state. */
  private readonly side0 = new TcpEndpoint(0);
  private readonly side1 = new TcpEndpoint(1);
  origSide: 0 | 1 = 0;
  packets = 0;
  urgent = 0;
  wrongFragment = 0;
  /** TCP: FIN seen both ways or a RST: later non-SYN packets still join it (see the tracker). */
  ended = false;
  /** No packet can join it any more (replaced by a new connection on its tuple). */
  final = false;
  private pureSynSeen = false;
  private readonly historyStartsWithOrigSyn: boolean;
  private readonly transcript: Transcript | null;

  /** FlowTable's bookkeeping (with `hash`, the tuple's flowHash): the next flow of the same hash, whether in the table. */
  nextSameHash: TrackedFlow | undefined = undefined;
  inTable = false;

  constructor(
    readonly protocol: 'tcp' | 'udp',
    first: DecodedPacket,
    readonly hash: number,
  ) {
    this.firstTs = first.ts;
    this.lastTs = first.ts;
    this.addr0 = first.src;
    this.addr1 = first.dst;
    this.port0 = first.srcPort;
    this.port1 = first.dstPort;
    const tcp = protocol === 'tcp';
    this.historyStartsWithOrigSyn = tcp && isPureSyn(first.tcpFlags);
    this.transcript = tcp && (CONTENT_PORTS.has(first.srcPort) || CONTENT_PORTS.has(first.dstPort)) ? new Transcript() : null;
  }

  add(p: DecodedPacket): void {
    // Side 0 unless the packet comes from side 1's address and port (a land flow is all side 0).
    const side: 0 | 1 = p.src === this.addr0 && p.srcPort === this.port0 ? 0 : 1;
    if (p.ts > this.lastTs) this.lastTs = p.ts;
    this.packets++;
    this.wrongFragment += p.wrongFragments;
    const sender = side === 0 ? this.side0 : this.side1;
    sender.payloadBytes += p.payloadLength;
    if (this.protocol === 'tcp') this.addTcp(p, side, sender);
  }

  private addTcp(p: DecodedPacket, side: 0 | 1, sender: TcpEndpoint): void {
    const flags = p.tcpFlags;
    if (flags & URG) this.urgent++;
    const peer = side === 0 ? this.side1 : this.side0;
    let stateDone = false;
    if (isPureSyn(flags) && !this.pureSynSeen) {
      this.pureSynSeen = true;
      if (side !== this.origSide) stateDone = this.flipTo(side, sender, peer);
    }
    // Payload already counted: the history letter and state read the headers' length.
    recordHistoryLetter(sender, flags, p.payloadLength);
    if (!stateDone) advanceTcpState(sender, peer, side === this.origSide, flags, p.payloadLength);
    if (flags & FIN) sender.finSeen = true;
    if (flags & RST) sender.rstSeen = true;
    if ((sender.finSeen && peer.finSeen) || sender.rstSeen || peer.rstSeen) this.ended = true;
    if (this.transcript && p.payload.length > 0 && !(flags & RST)) {
      // A SYN's sequence number is the SYN's own; its payload (TCP Fast Open) starts one later.
      const dataSeq = flags & SYN ? (p.seq + 1) >>> 0 : p.seq;
      this.transcript.addTcp(side, dataSeq, p.payloadLength, p.payload);
    }
  }

  /** Makes `side` the originator; true when the SYN/SYN-ACK reversal already set both states. */
  private flipTo(side: 0 | 1, synSender: TcpEndpoint, answered: TcpEndpoint): boolean {
    this.origSide = side;
    if (answered.state === EndpointState.SynAckSent && synSender.state === EndpointState.Inactive) {
      answered.setState(EndpointState.Established);
      synSender.setState(EndpointState.Established);
      return true;
    }
    return false;
  }

  toConnection(cutByEnd: boolean): Connection {
    const o = this.origSide;
    const origH = o === 0 ? this.addr0 : this.addr1;
    const respH = o === 0 ? this.addr1 : this.addr0;
    const origP = o === 0 ? this.port0 : this.port1;
    const respP = o === 0 ? this.port1 : this.port0;
    const orig = o === 0 ? this.side0 : this.side1;
    const resp = o === 0 ? this.side1 : this.side0;
    const origBytes = orig.payloadBytes;
    const respBytes = resp.payloadBytes;
    const flag = this.protocol === 'tcp' ? nslKddFlag(zeekTcpConnState(orig, resp, this.historyStartsWithOrigSyn)) : 'SF';
    const features = baseFeatures(this.protocol, serviceFor(this.protocol, respP), flag);
    const durationSeconds = exactDurationSeconds(this.firstTs, this.lastTs);
    features.duration = wholeSeconds(durationSeconds);
    features.src_bytes = origBytes;
    features.dst_bytes = respBytes;
    features.land = this.addr0 === this.addr1 && this.port0 === this.port1 ? 1 : 0;
    features.wrong_fragment = this.wrongFragment;
    features.urgent = this.urgent;
    if (this.protocol === 'tcp') {
      const content = contentFeatures(respP, this.transcript, o);
      const established = ESTABLISHED_FLAGS.has(flag) && origBytes > 0 ? 1 : 0;
      features.logged_in = content.loginStep ? content.logged_in : established;
      features.num_failed_logins = content.num_failed_logins;
      features.is_guest_login = content.is_guest_login;
      features.hot = content.hot;
      features.root_shell = content.root_shell;
      features.su_attempted = content.su_attempted;
      features.num_file_creations = content.num_file_creations;
    }
    return {
      identity: { ts: this.firstTs, origH, origP, respH, respP },
      features,
      packets: this.packets,
      cutByEnd,
      durationSeconds,
    };
  }
}
