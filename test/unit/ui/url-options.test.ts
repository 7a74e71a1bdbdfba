import { describe, expect, it } from 'vitest';
import { readUrlOptions } from '../../../src/ui/url-options';

describe('readUrlOptions: ?workers', () => {
  it('reads a worker count, at least 1', () => {
    expect(readUrlOptions('?workers=2').workers).toBe(2);
    expect(readUrlOptions('?backend=wasm&workers=1').workers).toBe(1);
    expect(readUrlOptions('?workers=0').workers).toBe(1);
  });

  it('leaves it to the default when absent or not a number', () => {
    expect(readUrlOptions('').workers).toBeNull();
    expect(readUrlOptions('?workers=many').workers).toBeNull();
    expect(readUrlOptions('?workers=-2').workers).toBeNull();
  });
});
