/** ConnectionFeatures with every content feature 0: the base the tracker fills in. */

import type { ConnectionFeatures } from './connection';

export function baseFeatures(
  protocol: ConnectionFeatures['protocol_type'],
  service: string,
  flag: string,
): ConnectionFeatures {
  return {
    duration: 0,
    protocol_type: protocol,
    service,
    flag,
    src_bytes: 0,
    dst_bytes: 0,
    land: 0,
    wrong_fragment: 0,
    urgent: 0,
    hot: 0,
    num_failed_logins: 0,
    logged_in: 0,
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
  };
}

/** The flags of an established TCP connection (for logged_in on services without a login step). */
export const ESTABLISHED_FLAGS: ReadonlySet<string> = new Set(['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR']);
