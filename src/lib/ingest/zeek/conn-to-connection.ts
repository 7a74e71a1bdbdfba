import type { Connection } from '../connections/connection';
import { nslKddFlag, type ZeekConnState } from '../connections/conn-state';
import { baseFeatures, ESTABLISHED_FLAGS } from '../connections/features';
import { icmpServiceFor, serviceFor } from '../connections/services';
import type { ConnRow } from './conn-row';

/**
 * A conn.log row as a record, with the definitions a capture's connections use:
 * - service from the responder port (ICMP: type = orig_p, code = resp_p), never Zeek's own
 *   `service` column (a protocol guess from content, not NSL-KDD's names);
 * - flag = conn_state (RSTRH, SHR → OTH), and SF for UDP and ICMP whatever the state;
 * - duration rounded down; unset bytes and packets are 0; content features 0;
 * - logged_in = 1 for TCP in an established flag with src_bytes > 0 (no payloads to read).
 */
export function connectionFromRow(r: ConnRow): Connection {
  // The reader accepts only Zeek's conn_state names (CONN_STATES), so the cast holds.
  const flag = r.proto !== 'tcp' ? 'SF' : nslKddFlag(r.connState as ZeekConnState);
  const service =
    r.proto === 'icmp' ? icmpServiceFor(r.origP, r.respP, r.origH.includes(':')) : serviceFor(r.proto, r.respP);
  const land = r.origH === r.respH && (r.proto === 'icmp' || r.origP === r.respP) ? 1 : 0;
  const loggedIn = r.proto === 'tcp' && ESTABLISHED_FLAGS.has(flag) && r.origBytes > 0 ? 1 : 0;
  return {
    identity: { ts: r.ts, origH: r.origH, origP: r.origP, respH: r.respH, respP: r.respP },
    features: {
      ...baseFeatures(r.proto, service, flag),
      duration: Math.floor(r.duration),
      src_bytes: r.origBytes,
      dst_bytes: r.respBytes,
      land,
      logged_in: loggedIn,
    },
    packets: r.packets,
    cutByEnd: false,
    durationSeconds: r.duration,
  };
}
