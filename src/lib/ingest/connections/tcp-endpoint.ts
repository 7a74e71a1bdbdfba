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
  /** Sum of payloadLength of its packets (src_bytes / dst_bytes). */
  payloadBytes = 0;
  finSeen = false;
  rstSeen = false;
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

  /** The endpoint is inactive or partial (Zeek's o_inactive / r_inactive). */
  get inactive(): boolean {
    return this.state === EndpointState.Inactive || this.state === EndpointState.Partial;
  }
}
