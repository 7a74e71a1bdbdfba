import type { Connection, ExtractedRecord, TrafficFeatures } from '../connections/connection';
import { FEATURES } from '../../schema/schema';

/** The 41 NSL-KDD feature names in NSL-KDD column order: the schema's, so the two cannot drift apart. */
export const NSL_KDD_FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);

export type NslKddFeatureName = string;

/** A connection joined with its traffic features. */
export function extractRecord(c: Connection, traffic: TrafficFeatures): ExtractedRecord {
  // Spelled out rather than `{ ...c, traffic }`: the spread costs more than building the record (same keys, same order).
  return { identity: c.identity, features: c.features, packets: c.packets, cutByEnd: c.cutByEnd, durationSeconds: c.durationSeconds, traffic };
}

/**
 * The record's 41 feature values in NSL-KDD column order (strings for the three categorical ones),
 * into `out` when given. Each property read by name in code, not looked up by a name string: the
 * keyed lookups were most of the cost of turning a record into a row.
 */
export function featureValues(r: ExtractedRecord, out: (number | string)[] = new Array(NSL_KDD_FEATURE_NAMES.length)): (number | string)[] {
  const f = r.features;
  const t = r.traffic;
  out[0] = f.duration;
  out[1] = f.protocol_type;
  out[2] = f.service;
  out[3] = f.flag;
  out[4] = f.src_bytes;
  out[5] = f.dst_bytes;
  out[6] = f.land;
  out[7] = f.wrong_fragment;
  out[8] = f.urgent;
  out[9] = f.hot;
  out[10] = f.num_failed_logins;
  out[11] = f.logged_in;
  out[12] = f.num_compromised;
  out[13] = f.root_shell;
  out[14] = f.su_attempted;
  out[15] = f.num_root;
  out[16] = f.num_file_creations;
  out[17] = f.num_shells;
  out[18] = f.num_access_files;
  out[19] = f.num_outbound_cmds;
  out[20] = f.is_host_login;
  out[21] = f.is_guest_login;
  out[22] = t.count;
  out[23] = t.srv_count;
  out[24] = t.serror_rate;
  out[25] = t.srv_serror_rate;
  out[26] = t.rerror_rate;
  out[27] = t.srv_rerror_rate;
  out[28] = t.same_srv_rate;
  out[29] = t.diff_srv_rate;
  out[30] = t.srv_diff_host_rate;
  out[31] = t.dst_host_count;
  out[32] = t.dst_host_srv_count;
  out[33] = t.dst_host_same_srv_rate;
  out[34] = t.dst_host_diff_srv_rate;
  out[35] = t.dst_host_same_src_port_rate;
  out[36] = t.dst_host_srv_diff_host_rate;
  out[37] = t.dst_host_serror_rate;
  out[38] = t.dst_host_srv_serror_rate;
  out[39] = t.dst_host_rerror_rate;
  out[40] = t.dst_host_srv_rerror_rate;
  return out;
}
