import { describe, expect, it } from 'vitest';
import { describeFeature } from '../../../src/lib/features/feature-descriptions';
import { NUMERIC_FEATURES, CATEGORICAL_FEATURES } from '../../../src/lib/schema/schema';

describe('describeFeature', () => {
  it('says every one of the 41 features in words (none falls back to its bare name)', () => {
    for (const name of [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES]) expect(describeFeature(name, '1').startsWith(`${name}:`), name).toBe(false);
  });

  it('writes shares as percentages, bytes, seconds, yes/no and flags in words', () => {
    expect(describeFeature('serror_rate', '0.98')).toBe('SYN errors among the connections to the same host in the last 2 s: 98 %');
    expect(describeFeature('dst_host_same_src_port_rate', '0.333333')).toBe('the same source port among the last 255 connections to this host: 33.3 %');
    expect(describeFeature('src_bytes', '12345')).toBe('bytes from the originator: 12,345 B');
    expect(describeFeature('duration', '2')).toBe('how long the connection lasted: 2 s');
    expect(describeFeature('logged_in', '1')).toBe('logged in: yes');
    expect(describeFeature('flag', 'S0')).toBe('how the connection went (Zeek conn_state): S0: a SYN never answered');
    expect(describeFeature('service', 'http')).toBe("service (the responder's port): http");
  });

  it('leaves what it does not know as it is', () => {
    expect(describeFeature('direction', 'in')).toBe('direction: in');
    expect(describeFeature('src_bytes', 'lots')).toBe('bytes from the originator: lots');
  });
});
