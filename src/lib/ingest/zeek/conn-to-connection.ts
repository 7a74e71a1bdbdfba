import type { Connection } from '../connections/connection';
import { icmpServiceFor, serviceFor } from '../connections/services';
import type { ConnRow } from './conn-row';

/** Flags NSL-KDD has no name for; Zeek's RSTRH and SHR (responder-only traffic) become OTH. */
const OTH_STATES: readonly string[] = ['RSTRH', 'SHR'];
/** The established states in which an originator that sent data counts as logged in. */
const LOGGED_IN_FLAGS: readonly string[] = ['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR'];

/**
 * A conn.log row as a record, with the definitions a capture's connections use:
 * - service from the responder port (ICMP: type = orig_p, code = resp_p), never Zeek's own
 *   `service` column (a protocol guess from content, not NSL-KDD's names);
 * - flag = conn_state (RSTRH, SHR → OTH), and SF for UDP and ICMP whatever the state;
 * - duration rounded down; unset bytes and packets are 0; content features 0;
 * - logged_in = 1 for TCP in an established flag with src_bytes > 0 (no payloads to read).
 */
export function connectionFromRow(r: ConnRow): Connection {
  const flag = r.proto !== 'tcp' ? 'SF' : OTH_STATES.includes(r.connState) ? 'OTH' : r.connState;
  const service =
    r.proto === 'icmp' ? icmpServiceFor(r.origP, r.respP, r.origH.includes(':')) : serviceFor(r.proto, r.respP);
  const land = r.origH === r.respH && (r.proto === 'icmp' || r.origP === r.respP) ? 1 : 0;
  const loggedIn = r.proto === 'tcp' && LOGGED_IN_FLAGS.includes(flag) && r.origBytes > 0 ? 1 : 0;
  return {
    identity: { ts: r.ts, origH: r.origH, origP: r.origP, respH: r.respH, respP: r.respP },
    features: {
      duration: Math.floor(r.duration),
      protocol_type: r.proto,
      service,
      flag,
      src_bytes: r.origBytes,
      dst_bytes: r.respBytes,
      land,
      wrong_fragment: 0,
      urgent: 0,
      hot: 0,
      num_failed_logins: 0,
      logged_in: loggedIn,
      num_compromised: 0,
      root_shell: 0,
      su_attempted: 0,
      num_root: 0,
      num_file_creations: 0,
      num_shells: 0,
      num_access_files: 0,
      num_outbound_cmds: 0,
      is_host_login: 0,
      is_guest_login: 0,
    },
    packets: r.packets,
    cutByEnd: false,
    durationSeconds: r.duration,
  };
}
