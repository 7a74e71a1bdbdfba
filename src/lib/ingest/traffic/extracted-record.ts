import type { Connection, ExtractedRecord, TrafficFeatures } from '../connections/connection';

/** The 41 NSL-KDD feature names in NSL-KDD column order (the same names as the CSV schema). */
export const NSL_KDD_FEATURE_NAMES = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment',
  'urgent', 'hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted',
  'num_root', 'num_file_creations', 'num_shells', 'num_access_files', 'num_outbound_cmds',
  'is_host_login', 'is_guest_login', 'count', 'srv_count', 'serror_rate', 'srv_serror_rate',
  'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate',
  'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate',
  'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
] as const;

export type NslKddFeatureName = (typeof NSL_KDD_FEATURE_NAMES)[number];

/** The first 22 names are per-connection features, the last 19 traffic features. */
const CONNECTION_FEATURE_COUNT = 22;

/** A connection joined with its traffic features. */
export function extractRecord(c: Connection, traffic: TrafficFeatures): ExtractedRecord {
  return { ...c, traffic };
}

/** The record's 41 feature values in NSL-KDD column order (strings for the three categorical ones). */
export function featureValues(r: ExtractedRecord): (number | string)[] {
  const out: (number | string)[] = new Array(NSL_KDD_FEATURE_NAMES.length);
  const f = r.features as unknown as Record<string, number | string>;
  const t = r.traffic as unknown as Record<string, number>;
  for (let i = 0; i < NSL_KDD_FEATURE_NAMES.length; i++) {
    const name = NSL_KDD_FEATURE_NAMES[i];
    out[i] = i < CONNECTION_FEATURE_COUNT ? f[name] : t[name];
  }
  return out;
}
