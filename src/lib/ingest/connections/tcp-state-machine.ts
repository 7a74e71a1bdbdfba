/**
 * Zeek's per-endpoint TCP state machine (TCPSessionAdapter::UpdateStateMachine and its
 * Update*State helpers), reduced to what conn_state reads. One call per TCP packet, sender first.
 *
 * Transitions implemented (sender = the endpoint that sent the packet, peer = the other one):
 *
 * | sender state          | packet                          | effect                                          |
 * | --------------------- | ------------------------------- | ----------------------------------------------- |
 * | INACTIVE              | SYN, from orig, no ACK          | sender → SYN_SENT                               |
 * | INACTIVE              | SYN+ACK, from orig              | sender → SYN_ACK_SENT                           |
 * | INACTIVE              | SYN (±ACK), from resp           | peer SYN_SENT → ESTABLISHED; sender → ESTABLISHED |
 * | INACTIVE              | FIN (after the SYN rows)        | sender → CLOSED                                 |
 * | INACTIVE              | RST (after the SYN/FIN rows)    | sender → RESET                                  |
 * | INACTIVE (still)      | no SYN/FIN/RST: from resp, no payload, orig SYN_SENT | stays INACTIVE (an early ACK of the SYN) |
 * | INACTIVE (still)      | no SYN/FIN/RST: ACK, peer ESTABLISHED | sender → ESTABLISHED (missed the SYN)     |
 * | INACTIVE (still)      | anything else                   | sender → PARTIAL (midstream)                    |
 * | SYN_SENT/SYN_ACK_SENT | FIN                             | sender → CLOSED                                 |
 * | SYN_SENT/SYN_ACK_SENT | RST                             | sender → RESET                                  |
 * | ESTABLISHED/PARTIAL   | SYN, no ACK, sender PARTIAL, peer INACTIVE | sender → SYN_SENT                    |
 * | ESTABLISHED/PARTIAL   | FIN without RST                 | sender → CLOSED; a peer RESET right after its own CLOSED goes back to CLOSED |
 * | ESTABLISHED/PARTIAL   | RST                             | sender → RESET                                  |
 * | CLOSED                | RST, peer not CLOSED            | sender → RESET (RST after a one-way close)      |
 * | CLOSED                | anything else                   | no change (the last ACK of a close)             |
 * | RESET                 | anything                        | no change                                       |
 *
 * Zeek's SYN/SYN-ACK reversal (a SYN answered before it was seen) is handled by the tracker's role
 * flip (see tracked-flow.ts). Sequence numbers are not checked: Zeek uses them only for
 * weirds and sizes, not for these states.
 */

import { EndpointState, type TcpEndpoint } from './tcp-endpoint';
import { ACK, FIN, RST, SYN } from './tcp-flags';

const S = EndpointState;

/** Advances the sender's state; returns Zeek's do_close (the packet closes the sender's side). */
export function advanceTcpState(
  sender: TcpEndpoint,
  peer: TcpEndpoint,
  senderIsOrig: boolean,
  flags: number,
  payloadLength: number,
): boolean {
  switch (sender.state) {
    case S.Inactive:
      fromInactive(sender, peer, senderIsOrig, flags, payloadLength);
      return (flags & (FIN | RST)) !== 0;
    case S.SynSent:
    case S.SynAckSent:
      if (flags & FIN) sender.setState(S.Closed);
      if (flags & RST) sender.setState(S.Reset);
      return (flags & (FIN | RST)) !== 0;
    case S.Established:
    case S.Partial:
      fromEstablished(sender, peer, flags);
      return (flags & (FIN | RST)) !== 0;
    case S.Closed:
      if (flags & RST && peer.state !== S.Closed) {
        sender.setState(S.Reset);
        return !sender.didClose;
      }
      return false;
    case S.Reset:
      return false;
  }
}

function fromInactive(
  sender: TcpEndpoint,
  peer: TcpEndpoint,
  senderIsOrig: boolean,
  flags: number,
  payloadLength: number,
): void {
  if (flags & SYN) {
    if (senderIsOrig) {
      sender.setState(flags & ACK ? S.SynAckSent : S.SynSent);
    } else {
      if (peer.state === S.SynSent) peer.setState(S.Established);
      sender.setState(S.Established);
    }
  }
  if (flags & FIN) sender.setState(S.Closed);
  if (flags & RST) sender.setState(S.Reset);
  if (sender.state !== S.Inactive) return;
  // No control flag changed the state.
  if (!senderIsOrig && payloadLength === 0 && peer.state === S.SynSent) return;
  if (flags & ACK && peer.state === S.Established) sender.setState(S.Established);
  else sender.setState(S.Partial);
}

function fromEstablished(sender: TcpEndpoint, peer: TcpEndpoint, flags: number): void {
  if (flags & SYN && !(flags & ACK) && sender.state === S.Partial && peer.state === S.Inactive) {
    sender.setState(S.SynSent);
  }
  if (flags & FIN && !(flags & RST)) {
    sender.setState(S.Closed);
    // The peer sent a FIN and then a RST: Zeek counts that as a normal termination.
    if (peer.state === S.Reset && peer.prevState === S.Closed) peer.setState(S.Closed);
  }
  if (flags & RST) sender.setState(S.Reset);
}

/**
 * The history letters conn_state's RSTOS0 test reads (TCPSessionAdapter's update_history): a packet
 * with two or more of SYN/FIN/RST is I (FIN+RST) or Q; one of them: S/H (SYN without/with ACK), F, R;
 * none: D (payload) or A (bare ACK). Records, per endpoint, whether its first R came before any H, A,
 * F, I or Q of its own.
 */
export function recordHistoryLetter(sender: TcpEndpoint, flags: number, payloadLength: number): void {
  const controls = (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0) + (flags & RST ? 1 : 0);
  let bad: boolean;
  let isRst = false;
  if (controls > 1) bad = true;
  else if (controls === 1) {
    if (flags & SYN) bad = (flags & ACK) !== 0;
    else if (flags & FIN) bad = true;
    else {
      bad = false;
      isRst = true;
    }
  } else bad = payloadLength === 0 && (flags & ACK) !== 0;
  if (isRst && sender.rstBeforeBadLetter === null) sender.rstBeforeBadLetter = !sender.sentBadLetter;
  if (bad) sender.sentBadLetter = true;
}

/** Zeek's seq_delta: b to a in 32-bit sequence space, signed. */
const seqDelta = (a: number, b: number) => (a - b) | 0;

/** Far enough that a SYN's or RST's sequence number is not trusted (Zeek's TOO_LARGE_SEQ_DELTA). */
const TOO_LARGE_SEQ_DELTA = 1048576;

function moveLastSeq(e: TcpEndpoint, seq: number): void {
  if (seq < e.lastSeq) e.lastWraps++;
  e.lastSeq = seq;
}

function restartSeq(e: TcpEndpoint, start: number, last: number): void {
  e.startSeq = start;
  e.ackSeq = start;
  e.lastSeq = last;
}

/**
 * Zeek's sequence bookkeeping for one packet, before its state change (TCPSessionAdapter::Process:
 * init_endpoint; init_peer or update_ack_seq; update_last_seq): start_seq, last_seq and ack_seq, from
 * which `TcpEndpoint.size` gives the bytes. Unsigned 32-bit numbers.
 */
export function trackSequence(sender: TcpEndpoint, peer: TcpEndpoint, flags: number, seq: number, ack: number, payloadLength: number): void {
  const syn = (flags & SYN) !== 0;
  const segmentLength = (flags & RST ? 0 : payloadLength) + (syn ? 1 : 0) + (flags & FIN ? 1 : 0);
  const onePast = (seq + segmentLength) >>> 0;
  switch (sender.state) {
    case S.Inactive:
      // A side first seen without its SYN is numbered as though the SYN came just before.
      if (syn) restartSeq(sender, seq, onePast);
      else restartSeq(sender, (seq - 1) >>> 0, seq);
      break;
    case S.SynSent:
    case S.SynAckSent:
      if (syn && seq !== sender.startSeq) restartSeq(sender, seq, onePast);
      break;
    case S.Established:
    case S.Partial:
      if (syn) restartSeq(sender, seq, onePast);
      break;
    case S.Reset:
      if (syn && sender.prevState === S.Inactive) restartSeq(sender, seq, onePast);
      break;
  }
  if (flags & ACK) {
    if (peer.state === S.Inactive) {
      const before = (ack - 1) >>> 0;
      restartSeq(peer, before, before);
    } else if (!(flags & RST) && !ackUnderflows(peer, ack)) {
      const delta = seqDelta(ack, peer.ackSeq);
      if (!(ack === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) {
        if (ack < peer.ackSeq) peer.ackWraps++;
        peer.ackSeq = ack;
      }
    }
  }
  const deltaLast = seqDelta(onePast, sender.lastSeq);
  if ((syn || flags & RST) && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) return;
  if (flags & FIN && sender.lastSeq === ((sender.startSeq + 1) >>> 0)) moveLastSeq(sender, onePast);
  else if (sender.state !== S.Reset && deltaLast > 0) moveLastSeq(sender, onePast);
}

/** get_relative_seq's underflow for an acknowledgement: before the peer's start, in its first 2^32. */
function ackUnderflows(peer: TcpEndpoint, ack: number): boolean {
  let wraps = peer.ackWraps;
  const delta = seqDelta(ack, peer.ackSeq);
  if (delta < 0 && wraps > 0 && ack > peer.ackSeq) wraps--;
  else if (delta > 0 && ack < peer.ackSeq) wraps++;
  return wraps === 0 && seqDelta(ack, peer.startSeq) < 0;
}
