/**
 * One TCP or UDP connection while it is being tracked: its two sides, who is the originator, the
 * Zeek endpoint states (TCP), counters and the cleartext kept for the content rules; turned into a
 * Connection once it is final. Zeek's rules, each from the Zeek source named:
 *
 * - Originator: decided by the first packet (originator.ts). Later, only Zeek's SYN/SYN-ACK reversal
 *   flips it: a plain SYN from the responder carrying the sequence number the originator's SYN+ACK
 *   acknowledged (TCPSessionAdapter::UpdateInactiveState); both sides become ESTABLISHED.
 * - A new connection on the same tuple (`isReuse`, TCPSessionAdapter::IsReuse): a packet with SYN
 *   (with ACK only while the originator has sent nothing) once either side has closed, or whose
 *   sequence number is not its sender side's start_seq (a new handshake, not a retransmitted SYN).
 * - When it is over (`overAt`, the timers of TCPSessionAdapter and Session): the inactivity timeout
 *   (`idleSeconds`: TCP 300 s, 1 h once a handshake to ftp/ssh/telnet/rlogin's port is seen; UDP
 *   60 s); 5 s after its close completed (ConnDeleteTimer: a RST, or a FIN with the other side closed
 *   or silent); 5 s after the originator's first SYN while the responder is still silent (AttemptTimer);
 *   at the first ExpireTimer check (5 s after the first packet, then every 6 s) that finds it 5 s quiet
 *   with one side closed and a side reset or silent.
 * - Duration: Zeek's last_time stops once both sides have closed (TCPSessionAdapter::Process), so a
 *   last ACK or a repeated FIN after the close joins the connection without lengthening it.
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { nslKddFlag, zeekTcpConnState } from './conn-state';
import { CONTENT_PORTS, contentFeatures, Transcript } from './content/index';
import { exactDurationSeconds, reached, wholeSeconds } from './duration';
import { baseFeatures, ESTABLISHED_FLAGS } from './features';
import { serviceFor } from './services';
import { EndpointState, TcpEndpoint } from './tcp-endpoint';
import { receiverOriginates } from './originator';
import { ACK, FIN, isPureSyn, RST, SYN, URG } from './tcp-flags';
import { advanceTcpState, recordHistoryLetter, trackSequence } from './tcp-state-machine';
import { INTERACTIVE_TCP_PORTS, isLikelyServerPort, ZEEK_TIMEOUTS } from './zeek-rules';

const T = ZEEK_TIMEOUTS;


/**
 * Flow state is kept in plain fields, not small arrays ([addr, addr], [side, side]): a flow may wait
 * a minute of capture time for start-order emission (behind an open UDP flow), and every object it
 * holds is more for the garbage collector to trace and copy.
 */
export class TrackedFlow {
  readonly firstTs: number;
  /** Zeek's last_time: the latest packet's time, frozen once both sides have closed. */
  lastTs: number;
  /** Side 0 = the first packet's sender; side 1 = its receiver. */
  readonly addr0: string;
  readonly addr1: string;
  readonly port0: number;
  readonly port1: number;
  /** Each side's payload bytes and (TCP) Zeek endpoint state. */
  private readonly side0 = new TcpEndpoint(0);
  private readonly side1 = new TcpEndpoint(1);
  origSide: 0 | 1;
  packets = 0;
  urgent = 0;
  wrongFragment = 0;
  /** Inactivity timeout, seconds (see the class comment). */
  idleSeconds: number;
  /** No packet can join it any more (replaced by a new connection on its tuple, or emitted). */
  final = false;
  /** When its completed close lets it go (ConnDeleteTimer); Infinity while not closed. */
  private deleteAt = Infinity;
  /** When the unanswered-SYN check runs (AttemptTimer); Infinity when none is pending. */
  private attemptAt = Infinity;
  /** First tick of each ExpireTimer chain (each repeats every tcpSessionTimer seconds). */
  private readonly expireChains: number[] = [];
  private readonly historyStartsWithOrigSyn: boolean;
  private readonly transcript: Transcript | null;

  /** FlowTable's bookkeeping (with `hash`, the tuple's flowHash): the next flow of the same hash, whether in the table. */
  nextSameHash: TrackedFlow | undefined = undefined;
  inTable = false;

  constructor(
    readonly protocol: 'tcp' | 'udp',
    first: DecodedPacket,
    readonly hash: number,
    idle: { tcp: number; udp: number } = { tcp: T.tcpInactivity, udp: T.udpInactivity },
  ) {
    this.firstTs = first.ts;
    this.origSide = receiverOriginates(protocol, first) ? 1 : 0;
    this.idleSeconds = protocol === 'tcp' ? idle.tcp : idle.udp;
    if (protocol === 'tcp') this.expireChains.push(first.ts + T.tcpSynTimeout);
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
    if (p.ts > this.lastTs && !(this.side0.didClose && this.side1.didClose)) this.lastTs = p.ts;
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
    const fromOrig = side === this.origSide;
    const wasInactive = sender.state === EndpointState.Inactive;
    trackSequence(sender, peer, flags, p.seq, p.ack, p.payloadLength);
    // Payload already counted: the history letter and state read the headers' length.
    recordHistoryLetter(sender, flags, p.payloadLength);
    let closes: boolean;
    let established = false;
    if (isPureSyn(flags) && !fromOrig && this.isSynAckReversal(p.seq)) {
      this.flipTo(side, sender, peer);
      closes = false;
      established = true;
    } else {
      closes = advanceTcpState(sender, peer, fromOrig, flags, p.payloadLength);
      if (wasInactive && flags & SYN) {
        if (fromOrig) this.attemptAt = p.ts + T.tcpAttemptDelay;
        else established = peer.state !== EndpointState.Partial;
      }
    }
    if (established) this.onEstablished();
    if (flags & FIN) sender.finCount++;
    if (closes && !sender.didClose) this.close(sender, peer);
    if (this.transcript && p.payload.length > 0 && !(flags & RST)) {
      // A SYN's sequence number is the SYN's own; its payload (TCP Fast Open) starts one later.
      const dataSeq = flags & SYN ? (p.seq + 1) >>> 0 : p.seq;
      this.transcript.addTcp(side, dataSeq, p.payloadLength, p.payload);
    }
  }

  private get origEnd(): TcpEndpoint {
    return this.origSide === 0 ? this.side0 : this.side1;
  }

  private get respEnd(): TcpEndpoint {
    return this.origSide === 0 ? this.side1 : this.side0;
  }

  /** A plain SYN from the responder answers as Zeek's SYN/SYN-ACK reversal (IsReuse, UpdateInactiveState). */
  private isSynAckReversal(seq: number): boolean {
    const orig = this.origEnd;
    const resp = this.respEnd;
    return orig.state === EndpointState.SynAckSent && resp.state === EndpointState.Inactive && seq === resp.startSeq;
  }

  /** connection_established, as inactivity.zeek reads it: interactive ports wait an hour. */
  private onEstablished(): void {
    const origP = this.origSide === 0 ? this.port0 : this.port1;
    const respP = this.origSide === 0 ? this.port1 : this.port0;
    let servicePort = respP;
    if (this.origEnd.state === EndpointState.Inactive && !isLikelyServerPort('tcp', respP) && isLikelyServerPort('tcp', origP)) {
      servicePort = origP;
    }
    if (INTERACTIVE_TCP_PORTS.has(servicePort)) this.idleSeconds = Math.max(this.idleSeconds, T.interactiveInactivity);
  }

  /** Zeek's ConnectionClosed for the side whose packet closed it. */
  private close(sender: TcpEndpoint, peer: TcpEndpoint): void {
    sender.didClose = true;
    const complete = sender.state === EndpointState.Reset || peer.didClose || peer.state === EndpointState.Inactive;
    if (complete) {
      this.deleteAt = Math.min(this.deleteAt, this.lastTs + T.tcpCloseDelay);
      this.attemptAt = Infinity;
    } else if (sender.prevState !== EndpointState.Inactive) {
      this.expireChains.push(this.lastTs + T.tcpSessionTimer);
    }
  }

  /** TCP: a SYN that opens a new connection on this tuple instead of joining this one (Zeek's IsReuse). */
  isReuse(p: DecodedPacket): boolean {
    const flags = p.tcpFlags;
    if (this.protocol !== 'tcp' || !(flags & SYN)) return false;
    const orig = this.origEnd;
    const resp = this.respEnd;
    let opener = orig;
    if (flags & ACK) {
      if (orig.state !== EndpointState.Inactive) return false;
      opener = resp;
    }
    if (orig.didClose || resp.didClose) return true;
    if (p.seq === opener.startSeq) return false;
    return !(!(flags & ACK) && this.isSynAckReversal(p.seq));
  }

  /** Closed (its close completed, or closed on one side and reset): not cut by a capture's end. */
  get ended(): boolean {
    return this.protocol === 'tcp' && (this.deleteAt !== Infinity || this.expireCondition());
  }

  /** Whether Zeek has let the connection go by time t (a packet at t would start a new one). */
  overAt(t: number): boolean {
    if (reached(t, this.lastTs + this.idleSeconds)) return true;
    if (this.protocol === 'udp') return false;
    if (reached(t, this.deleteAt)) return true;
    const orig = this.origEnd;
    const resp = this.respEnd;
    if (
      reached(t, this.attemptAt) &&
      (orig.state === EndpointState.SynSent || orig.state === EndpointState.SynAckSent) &&
      resp.state === EndpointState.Inactive
    ) {
      return true;
    }
    if (!this.expireCondition()) return false;
    // The first check of any chain after the connection has been quiet for tcpConnectionLinger.
    const quietFrom = this.lastTs + T.tcpConnectionLinger;
    for (const first of this.expireChains) {
      const k = !reached(quietFrom, first) ? 0 : Math.floor(exactDurationSeconds(first, quietFrom) / T.tcpSessionTimer) + 1;
      if (reached(t, first + k * T.tcpSessionTimer)) return true;
    }
    return false;
  }

  /** ExpireTimer's test (apart from the quiet time): one side closed, and both closed or one reset or silent. */
  private expireCondition(): boolean {
    const a = this.side0;
    const b = this.side1;
    const I = EndpointState.Inactive;
    if (a.state === I && b.state === I) return true;
    if (!a.didClose && !b.didClose) return false;
    return (
      (a.didClose && b.didClose) ||
      a.state === EndpointState.Reset ||
      b.state === EndpointState.Reset ||
      a.state === I ||
      b.state === I
    );
  }

  /** Zeek's SYN/SYN-ACK reversal: the SYN's sender becomes the originator, both sides ESTABLISHED. */
  private flipTo(side: 0 | 1, synSender: TcpEndpoint, answered: TcpEndpoint): void {
    this.origSide = side;
    answered.setState(EndpointState.Established);
    synSender.setState(EndpointState.Established);
  }

  toConnection(cutByEnd: boolean): Connection {
    const o = this.origSide;
    const origH = o === 0 ? this.addr0 : this.addr1;
    const respH = o === 0 ? this.addr1 : this.addr0;
    const origP = o === 0 ? this.port0 : this.port1;
    const respP = o === 0 ? this.port1 : this.port0;
    const orig = o === 0 ? this.side0 : this.side1;
    const resp = o === 0 ? this.side1 : this.side0;
    const tcp = this.protocol === 'tcp';
    const origBytes = tcp ? orig.size(resp) : orig.payloadBytes;
    const respBytes = tcp ? resp.size(orig) : resp.payloadBytes;
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
