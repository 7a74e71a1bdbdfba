import type { Connection, ConnectionFeatures } from '../../../../src/lib/ingest/connections/connection';

export interface ConnectionSketch {
  ts: number;
  respH: string;
  service?: string;
  flag?: string;
  origH?: string;
  origP?: number;
  respP?: number;
  protocol?: ConnectionFeatures['protocol_type'];
}

/** A Connection with only what the traffic windows read set; everything else zero. */
export function makeConnection(s: ConnectionSketch): Connection {
  return {
    identity: { ts: s.ts, origH: s.origH ?? '10.0.0.1', origP: s.origP ?? 40000, respH: s.respH, respP: s.respP ?? 80 },
    features: {
      duration: 0, protocol_type: s.protocol ?? 'tcp', service: s.service ?? 'http', flag: s.flag ?? 'SF',
      src_bytes: 0, dst_bytes: 0, land: 0, wrong_fragment: 0, urgent: 0, hot: 0, num_failed_logins: 0,
      logged_in: 0, num_compromised: 0, root_shell: 0, su_attempted: 0, num_root: 0, num_file_creations: 0,
      num_shells: 0, num_access_files: 0, num_outbound_cmds: 0, is_host_login: 0, is_guest_login: 0,
    },
    packets: 0,
    cutByEnd: false,
    durationSeconds: 0,
  };
}
