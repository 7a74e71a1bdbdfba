/**
 * The NSL-KDD connection-record schema: the 41 features in file order, their kinds and the
 * categorical vocabularies (as listed in ../shared/datasets/nsl-kdd/README.md).
 */

export type FeatureKind = 'numeric' | 'binary' | 'rate' | 'categorical';

export interface FeatureSpec {
  readonly name: string;
  readonly kind: FeatureKind;
}

const f = (name: string, kind: FeatureKind): FeatureSpec => ({ name, kind });

/** The 41 features, in NSL-KDD column order. */
export const FEATURES: readonly FeatureSpec[] = [
  f('duration', 'numeric'),
  f('protocol_type', 'categorical'),
  f('service', 'categorical'),
  f('flag', 'categorical'),
  f('src_bytes', 'numeric'),
  f('dst_bytes', 'numeric'),
  f('land', 'binary'),
  f('wrong_fragment', 'numeric'),
  f('urgent', 'numeric'),
  f('hot', 'numeric'),
  f('num_failed_logins', 'numeric'),
  f('logged_in', 'binary'),
  f('num_compromised', 'numeric'),
  f('root_shell', 'numeric'),
  f('su_attempted', 'numeric'),
  f('num_root', 'numeric'),
  f('num_file_creations', 'numeric'),
  f('num_shells', 'numeric'),
  f('num_access_files', 'numeric'),
  f('num_outbound_cmds', 'numeric'),
  f('is_host_login', 'binary'),
  f('is_guest_login', 'binary'),
  f('count', 'numeric'),
  f('srv_count', 'numeric'),
  f('serror_rate', 'rate'),
  f('srv_serror_rate', 'rate'),
  f('rerror_rate', 'rate'),
  f('srv_rerror_rate', 'rate'),
  f('same_srv_rate', 'rate'),
  f('diff_srv_rate', 'rate'),
  f('srv_diff_host_rate', 'rate'),
  f('dst_host_count', 'numeric'),
  f('dst_host_srv_count', 'numeric'),
  f('dst_host_same_srv_rate', 'rate'),
  f('dst_host_diff_srv_rate', 'rate'),
  f('dst_host_same_src_port_rate', 'rate'),
  f('dst_host_srv_diff_host_rate', 'rate'),
  f('dst_host_serror_rate', 'rate'),
  f('dst_host_srv_serror_rate', 'rate'),
  f('dst_host_rerror_rate', 'rate'),
  f('dst_host_srv_rerror_rate', 'rate'),
];

export const FEATURE_COUNT = FEATURES.length; // 41

/** Optional trailing columns of a headerless file: 42 fields add `label`, 43 add `difficulty`. */
export const LABEL_COLUMN = 'label';
export const DIFFICULTY_COLUMN = 'difficulty';

/** Names of the non-categorical features, in file order: the layout of a batch's `numeric` matrix. */
export const NUMERIC_FEATURES: readonly string[] = FEATURES.filter((s) => s.kind !== 'categorical').map((s) => s.name);
export const NUMERIC_COUNT = NUMERIC_FEATURES.length; // 38

/** Names of the categorical features, in file order: the layout of a batch's `categorical` matrix. */
export const CATEGORICAL_FEATURES = ['protocol_type', 'service', 'flag'] as const;
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];
export const CATEGORICAL_COUNT = CATEGORICAL_FEATURES.length; // 3

/** Known vocabularies (all values seen in KDDTrain+; the test files hold no others). */
export const VOCABULARIES: Readonly<Record<CategoricalFeature, readonly string[]>> = {
  protocol_type: ['icmp', 'tcp', 'udp'],
  service: [
    'IRC', 'X11', 'Z39_50', 'aol', 'auth', 'bgp', 'courier', 'csnet_ns', 'ctf', 'daytime', 'discard',
    'domain', 'domain_u', 'echo', 'eco_i', 'ecr_i', 'efs', 'exec', 'finger', 'ftp', 'ftp_data',
    'gopher', 'harvest', 'hostnames', 'http', 'http_2784', 'http_443', 'http_8001', 'imap4',
    'iso_tsap', 'klogin', 'kshell', 'ldap', 'link', 'login', 'mtp', 'name', 'netbios_dgm',
    'netbios_ns', 'netbios_ssn', 'netstat', 'nnsp', 'nntp', 'ntp_u', 'other', 'pm_dump', 'pop_2',
    'pop_3', 'printer', 'private', 'red_i', 'remote_job', 'rje', 'shell', 'smtp', 'sql_net', 'ssh',
    'sunrpc', 'supdup', 'systat', 'telnet', 'tftp_u', 'tim_i', 'time', 'urh_i', 'urp_i', 'uucp',
    'uucp_path', 'vmnet', 'whois',
  ],
  flag: ['OTH', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'S0', 'S1', 'S2', 'S3', 'SF', 'SH'],
};

/** Position of each feature name in the file order (0-based). */
export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURES.map((s, i) => [s.name, i]));

/**
 * A short, stable fingerprint of the schema (feature names, kinds, vocabularies). Models and the
 * preprocessor record it, and the app refuses a model set whose hash differs from its own.
 * FNV-1a 32-bit: pure, synchronous, and identical in Node, workers and the page.
 */
export function schemaFingerprint(): string {
  const text = JSON.stringify({ features: FEATURES, vocabularies: VOCABULARIES });
  return fnv1a32(text);
}

export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export const SCHEMA_HASH = schemaFingerprint();
