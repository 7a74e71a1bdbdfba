/**
 * One side of a TCP connection as Zeek's TCP analyzer tracks it (TCP_Endpoint: its state, and the
 * history letters conn_state reads), plus what the record needs of that side (payload bytes, FIN/RST
 * seen). Mutable, one per side per connection.
 */

/** Zeek's endpoint states (TCP_ENDPOINT_*), as small integers (compared on every packet). */
export const EndpointState = {
  Inactive: 0,
  SynSent: 1,
  SynAckSent: 2,
  Partial: 3,
  Established: 4,
  Closed: 5,
  Reset: 6,
} as const;
export type EndpointState = (typeof EndpointState)[keyof typeof EndpointState];

export class TcpEndpoint {
  state: EndpointState = EndpointState.Inactive;
  prevState: EndpointState = EndpointState.Inactive;
  /** Sum of payloadLength of its packets (UDP's src_bytes / dst_bytes; TCP's come from `size`). */
  payloadBytes = 0;
  /** Zeek's did_close: this side's FIN or RST closed it (ConnectionClosed ran for it). */
  didClose = false;
  /**
   * Zeek's start_seq (unsigned 32-bit): its SYN's sequence number, else one before its first packet's,
   * else one before the first acknowledgement the peer sent it. A SYN with another number is a new
   * connection on the tuple (Zeek's IsReuse).
   */
  startSeq = 0;
  /** Zeek's last_seq (one past the furthest segment it sent) and ack_seq (the furthest the peer acknowledged), with 2^32 wraps. */
  lastSeq = 0;
  lastWraps = 0;
  ackSeq = 0;
  ackWraps = 0;
  /** Packets with FIN it sent (Zeek's FIN_cnt). */
  finCount = 0;
  /**
   * For RSTOS0 (Zeek matches the history against the pattern ^?S[^HAFGIQ]*R): whether this side's first RST
   * letter came before any of its H (SYN+ACK), A (bare ACK), F (FIN), I (FIN+RST) or Q (other
   * multi-flag) letters. null until its first RST.
   */
  rstBeforeBadLetter: boolean | null = null;
  sentBadLetter = false;

  /** Which capture-time side this is (0 = the first packet's sender): fixed, survives role flips. */
  constructor(readonly side: 0 | 1) {}

  setState(next: EndpointState): void {
    if (next === this.state) return;
    this.prevState = this.state;
    this.state = next;
  }

  /**
   * Bytes it sent as Zeek's conn.log counts them (TCP_Endpoint::Size): the sequence space from its
   * start to the furthest of what it sent and what the peer acknowledged, less the SYN and FIN octets.
   * So a retransmission counts once, and bytes missing from the capture but acknowledged count too.
   */
  size(peer: TcpEndpoint): number {
    const ack = this.ackWraps * 2 ** 32 + this.ackSeq;
    const peerInactive = peer.state === EndpointState.Inactive;
    if (this.prevState === EndpointState.SynSent && this.state === EndpointState.Reset && peerInactive && !(ack === this.startSeq || ack === this.startSeq + 1)) {
      // A half-open connection found and aborted: its numbers say nothing of data sent.
      return 0;
    }
    const last = this.lastWraps * 2 ** 32 + this.lastSeq;
    let size = Math.max(last, ack) - this.startSeq;
    if (size <= 0) return 0;
    size--;
    if (this.finCount > 0 && size !== 0) size--;
    return size;
  }

  /** The endpoint is inactive or partial (Zeek's o_inactive / r_inactive). */
  get inactive(): boolean {
    return this.state === EndpointState.Inactive || this.state === EndpointState.Partial;
  }
}
