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

export class TrackedFlow {
  readonly firstTs: number;
  lastTs: number;
  /** Side 0 = the first packet's sender. */
  readonly addr: [string, string];
  readonly port: [number, number];
  readonly sides: [TcpEndpoint, TcpEndpoint] = [new TcpEndpoint(0), new TcpEndpoint(1)];
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
    this.addr = [first.src, first.dst];
    this.port = [first.srcPort, first.dstPort];
    this.historyStartsWithOrigSyn = protocol === 'tcp' && isPureSyn(first.tcpFlags);
    this.transcript =
      protocol === 'tcp' && (CONTENT_PORTS.has(first.srcPort) || CONTENT_PORTS.has(first.dstPort)) ? new Transcript() : null;
  }

  add(p: DecodedPacket): void {
    // Side 0 unless the packet comes from side 1's address and port (a land flow is all side 0).
    const side: 0 | 1 = p.src === this.addr[0] && p.srcPort === this.port[0] ? 0 : 1;
    if (p.ts > this.lastTs) this.lastTs = p.ts;
    this.packets++;
    this.wrongFragment += p.wrongFragments;
    const sender = this.sides[side];
    sender.payloadBytes += p.payloadLength;
    if (this.protocol === 'tcp') this.addTcp(p, side, sender);
  }

  private addTcp(p: DecodedPacket, side: 0 | 1, sender: TcpEndpoint): void {
    const flags = p.tcpFlags;
    if (flags & URG) this.urgent++;
    const peer = this.sides[1 - side];
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
    const r = (1 - o) as 0 | 1;
    const orig = this.sides[o];
    const resp = this.sides[r];
    const respPort = this.port[r];
    const flag = this.protocol === 'tcp' ? nslKddFlag(zeekTcpConnState(orig, resp, this.historyStartsWithOrigSyn)) : 'SF';
    const features = baseFeatures(this.protocol, serviceFor(this.protocol, respPort), flag);
    const durationSeconds = exactDurationSeconds(this.firstTs, this.lastTs);
    features.duration = wholeSeconds(durationSeconds);
    features.src_bytes = orig.payloadBytes;
    features.dst_bytes = resp.payloadBytes;
    features.land = this.addr[0] === this.addr[1] && this.port[0] === this.port[1] ? 1 : 0;
    features.wrong_fragment = this.wrongFragment;
    features.urgent = this.urgent;
    if (this.protocol === 'tcp') {
      const content = contentFeatures(respPort, this.transcript, o);
      const established = ESTABLISHED_FLAGS.has(flag) && orig.payloadBytes > 0 ? 1 : 0;
      features.logged_in = content.loginStep ? content.logged_in : established;
      features.num_failed_logins = content.num_failed_logins;
      features.is_guest_login = content.is_guest_login;
      features.hot = content.hot;
      features.root_shell = content.root_shell;
      features.su_attempted = content.su_attempted;
      features.num_file_creations = content.num_file_creations;
    }
    return {
      identity: { ts: this.firstTs, origH: this.addr[o], origP: this.port[o], respH: this.addr[r], respP: respPort },
      features,
      packets: this.packets,
      cutByEnd,
      durationSeconds,
    };
  }
}
