import { describe, expect, it } from 'vitest';
import { grownCapacity, regrow } from '../../../src/lib/util/growable';

describe('growable columns', () => {
  it('doubles the capacity until the rows fit, from a minimum', () => {
    expect(grownCapacity(0, 10, 16)).toBe(16);
    expect(grownCapacity(16, 17, 16)).toBe(32);
    expect(grownCapacity(16, 100, 16)).toBe(128);
  });

  it('keeps the first rows and the column type', () => {
    const grown = regrow(Float64Array.of(1.5, 2.5, 3.5), 8, 2);
    expect(grown).toBeInstanceOf(Float64Array);
    expect([...grown]).toEqual([1.5, 2.5, 0, 0, 0, 0, 0, 0]);
  });
});
