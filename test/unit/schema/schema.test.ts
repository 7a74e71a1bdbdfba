import { describe, it, expect } from 'vitest';
import {
  CATEGORICAL_COUNT,
  CATEGORICAL_FEATURES,
  DIFFICULTY_COLUMN,
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURES,
  LABEL_COLUMN,
  NUMERIC_COUNT,
  NUMERIC_FEATURES,
  SCHEMA_HASH,
  VOCABULARIES,
  fnv1a32,
  schemaFingerprint,
} from '../../../src/lib/schema/schema.ts';

/** The 41 feature names in the column order of the data-set README (columns 1..41). */
const README_ORDER = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment', 'urgent', 'hot',
  'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root', 'num_file_creations',
  'num_shells', 'num_access_files', 'num_outbound_cmds', 'is_host_login', 'is_guest_login', 'count', 'srv_count',
  'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate',
  'srv_diff_host_rate', 'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate',
  'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
];

/** Reference FNV-1a 32-bit over UTF-8 bytes with BigInt arithmetic: independent of the code under test. */
function referenceFnv1a32(text: string): string {
  let hash = 0x811c9dc5n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x01000193n) % 0x1_0000_0000n;
  }
  return hash.toString(16).padStart(8, '0');
}

describe('FEATURES', () => {
  it('has the 41 features in the README column order', () => {
    expect(FEATURE_COUNT).toBe(41);
    expect(FEATURES).toHaveLength(41);
    expect(FEATURES.map((f) => f.name)).toEqual(README_ORDER);
  });

  it('puts named features at the README positions (0-based)', () => {
    expect(FEATURES[0].name).toBe('duration');
    expect(FEATURES[1].name).toBe('protocol_type');
    expect(FEATURES[2].name).toBe('service');
    expect(FEATURES[3].name).toBe('flag');
    expect(FEATURES[4].name).toBe('src_bytes');
    expect(FEATURES[6].name).toBe('land');
    expect(FEATURES[19].name).toBe('num_outbound_cmds');
    expect(FEATURES[22].name).toBe('count');
    expect(FEATURES[28].name).toBe('same_srv_rate');
    expect(FEATURES[31].name).toBe('dst_host_count');
    expect(FEATURES[40].name).toBe('dst_host_srv_rerror_rate');
  });

  it('indexes every feature name to its position', () => {
    expect(FEATURE_INDEX.size).toBe(41);
    README_ORDER.forEach((name, i) => expect(FEATURE_INDEX.get(name)).toBe(i));
    expect(FEATURE_INDEX.get('label')).toBeUndefined();
  });

  it('has unique names', () => {
    expect(new Set(FEATURES.map((f) => f.name)).size).toBe(41);
  });

  it('gives the README kinds: 3 categorical, 4 binary, 15 rates, 19 numeric', () => {
    const byKind = (k: string) => FEATURES.filter((f) => f.kind === k).map((f) => f.name);
    expect(byKind('categorical')).toEqual(['protocol_type', 'service', 'flag']);
    expect(byKind('binary')).toEqual(['land', 'logged_in', 'is_host_login', 'is_guest_login']);
    expect(byKind('rate')).toEqual([
      'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate',
      'srv_diff_host_rate', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate', 'dst_host_same_src_port_rate',
      'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate', 'dst_host_rerror_rate',
      'dst_host_srv_rerror_rate',
    ]);
    expect(byKind('numeric')).toHaveLength(19);
    expect(byKind('numeric')).toContain('dst_host_count');
    expect(byKind('numeric')).toContain('num_outbound_cmds');
  });

  it('splits into 38 non-categorical and 3 categorical features, both in file order', () => {
    expect(NUMERIC_COUNT).toBe(38);
    expect(CATEGORICAL_COUNT).toBe(3);
    expect(NUMERIC_FEATURES).toEqual(README_ORDER.filter((n) => !['protocol_type', 'service', 'flag'].includes(n)));
    expect(NUMERIC_FEATURES[0]).toBe('duration');
    expect(NUMERIC_FEATURES[1]).toBe('src_bytes');
    expect(NUMERIC_FEATURES[37]).toBe('dst_host_srv_rerror_rate');
    expect([...CATEGORICAL_FEATURES]).toEqual(['protocol_type', 'service', 'flag']);
  });

  it('names the optional trailing columns label and difficulty', () => {
    expect(LABEL_COLUMN).toBe('label');
    expect(DIFFICULTY_COLUMN).toBe('difficulty');
  });
});

describe('VOCABULARIES', () => {
  it('has 3 protocols, 70 services and 11 flags', () => {
    expect(VOCABULARIES.protocol_type).toHaveLength(3);
    expect(VOCABULARIES.service).toHaveLength(70);
    expect(VOCABULARIES.flag).toHaveLength(11);
  });

  it('lists the README values', () => {
    expect(VOCABULARIES.protocol_type).toEqual(['icmp', 'tcp', 'udp']);
    expect(VOCABULARIES.flag).toEqual(['OTH', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'S0', 'S1', 'S2', 'S3', 'SF', 'SH']);
    const services = VOCABULARIES.service;
    expect(new Set(services).size).toBe(70);
    expect(services[0]).toBe('IRC');
    expect(services[69]).toBe('whois');
    for (const s of ['http', 'private', 'ftp_data', 'tftp_u', 'aol', 'harvest', 'http_2784', 'http_8001', 'red_i', 'urh_i']) {
      expect(services).toContain(s);
    }
    expect(services).not.toContain('HTTP');
  });
});

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe('811c9dc5');
    expect(fnv1a32('a')).toBe('e40c292c');
    expect(fnv1a32('foobar')).toBe('bf9cf968');
  });

  it('differs for different strings and always gives 8 lower-case hex digits', () => {
    expect(fnv1a32('duration')).not.toBe(fnv1a32('duration2'));
    expect(fnv1a32('ab')).not.toBe(fnv1a32('ba'));
    for (const s of ['', 'a', 'x'.repeat(1000), 'protocol_type']) expect(fnv1a32(s)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('agrees with an independent BigInt implementation on ASCII text', () => {
    for (const s of ['', 'a', 'foobar', 'src_bytes,dst_bytes', JSON.stringify({ features: FEATURES })]) {
      expect(fnv1a32(s)).toBe(referenceFnv1a32(s));
    }
  });
});

describe('SCHEMA_HASH', () => {
  const schemaText = JSON.stringify({ features: FEATURES, vocabularies: VOCABULARIES });

  it('is 8 hex digits and stable across calls', () => {
    expect(SCHEMA_HASH).toMatch(/^[0-9a-f]{8}$/);
    expect(schemaFingerprint()).toBe(SCHEMA_HASH);
    expect(schemaFingerprint()).toBe(schemaFingerprint());
  });

  it('is the FNV-1a of the schema (features and vocabularies)', () => {
    expect(SCHEMA_HASH).toBe(referenceFnv1a32(schemaText));
  });

  it('changes when a feature name, a kind or a vocabulary value changes', () => {
    const renamed = FEATURES.map((f) => (f.name === 'src_bytes' ? { ...f, name: 'source_bytes' } : f));
    expect(fnv1a32(JSON.stringify({ features: renamed, vocabularies: VOCABULARIES }))).not.toBe(SCHEMA_HASH);
    const rekinded = FEATURES.map((f) => (f.name === 'land' ? { ...f, kind: 'numeric' } : f));
    expect(fnv1a32(JSON.stringify({ features: rekinded, vocabularies: VOCABULARIES }))).not.toBe(SCHEMA_HASH);
    const moreServices = { ...VOCABULARIES, service: [...VOCABULARIES.service, 'new_service'] };
    expect(fnv1a32(JSON.stringify({ features: FEATURES, vocabularies: moreServices }))).not.toBe(SCHEMA_HASH);
  });
});
