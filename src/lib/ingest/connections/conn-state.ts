/**
 * Zeek's conn_state (scripts/base/protocols/conn/main.zeek, function conn_state) from the two TCP
 * endpoint states, and its mapping onto NSL-KDD's 11 flags.
 *
 * In order (first match wins; "inactive" = INACTIVE or PARTIAL):
 * - resp RESET: REJ if orig SYN_SENT or SYN_ACK_SENT, or orig RESET with no payload either way;
 *   else RSTRH if orig inactive; else RSTR.
 * - orig RESET: if resp inactive, RSTOS0 when the history matches ^?S[^HAFGIQ]*R (the connection's
 *   first packet was the orig's SYN, and the orig sent its RST before any SYN+ACK, bare ACK, FIN or
 *   multi-flag packet), else OTH; otherwise RSTO.
 * - both CLOSED: SF. orig CLOSED: SH if resp inactive, else S2. resp CLOSED: SHR if orig inactive,
 *   else S3.
 * - orig SYN_SENT and resp INACTIVE: S0. Both ESTABLISHED: S1. Anything else: OTH.
 *
 * The REJ test compares the endpoints' sequence-space sizes, as Zeek's does.
 */

import { EndpointState, type TcpEndpoint } from './tcp-endpoint';

const S = EndpointState;

export type ZeekConnState =
  | 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

export function zeekTcpConnState(orig: TcpEndpoint, resp: TcpEndpoint, historyStartsWithOrigSyn: boolean): ZeekConnState {
  const os = orig.state;
  const rs = resp.state;
  if (rs === S.Reset) {
    if (os === S.SynSent || os === S.SynAckSent || (os === S.Reset && orig.size(resp) === 0 && resp.size(orig) === 0)) {
      return 'REJ';
    }
    return orig.inactive ? 'RSTRH' : 'RSTR';
  }
  if (os === S.Reset) {
    if (resp.inactive) return historyStartsWithOrigSyn && orig.rstBeforeBadLetter === true ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (os === S.Closed && rs === S.Closed) return 'SF';
  if (os === S.Closed) return resp.inactive ? 'SH' : 'S2';
  if (rs === S.Closed) return orig.inactive ? 'SHR' : 'S3';
  if (os === S.SynSent && rs === S.Inactive) return 'S0';
  if (os === S.Established && rs === S.Established) return 'S1';
  return 'OTH';
}

/** NSL-KDD has no RSTRH or SHR: both become OTH. */
export function nslKddFlag(state: ZeekConnState): string {
  return state === 'RSTRH' || state === 'SHR' ? 'OTH' : state;
}
