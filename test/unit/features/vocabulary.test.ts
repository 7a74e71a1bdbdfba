import { describe, expect, it } from 'vitest';
import { GrowingVocabulary, MAX_UNSEEN_VALUES, OTHER_UNSEEN_VALUES } from '../../../src/lib/features/vocabulary';

describe('GrowingVocabulary', () => {
  it('gives known values their index, case-insensitively, and appends unseen ones with their counts', () => {
    const v = new GrowingVocabulary(['tcp', 'udp', 'icmp']);
    expect([v.indexOf('udp', 1), v.indexOf('UDP', 2), v.indexOf('sctp', 3), v.indexOf('sctp', 4), v.indexOf('tcp', 5)]).toEqual([1, 1, 3, 3, 0]);
    expect(v.values).toEqual(['tcp', 'udp', 'icmp', 'sctp']);
    expect([...v.unseen]).toEqual([[3, { count: 2, firstRow: 3 }]]);
    expect(v.otherIndex).toBe(-1);
  });

  it(`names at most ${MAX_UNSEEN_VALUES} unseen values; the rest share one index, remembered by no name`, () => {
    const v = new GrowingVocabulary(['http']);
    const indices = Array.from({ length: 250 }, (_, r) => v.indexOf(`svc_${r % 200}`, r + 1));
    expect(indices.slice(0, MAX_UNSEEN_VALUES)).toEqual(Array.from({ length: MAX_UNSEEN_VALUES }, (_, i) => i + 1));
    const other = MAX_UNSEEN_VALUES + 1;
    expect(v.otherIndex).toBe(other);
    expect(indices.slice(MAX_UNSEEN_VALUES, 200)).toEqual(new Array(100).fill(other));
    // svc_0..svc_49 again: named ones keep their index.
    expect(indices.slice(200)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(v.values).toHaveLength(1 + MAX_UNSEEN_VALUES + 1);
    expect(v.values[other]).toBe(OTHER_UNSEEN_VALUES);
    expect(v.unseen.get(other)).toEqual({ count: 100, firstRow: 101 });
    expect(v.indexOf('http', 251)).toBe(0);
  });
});
