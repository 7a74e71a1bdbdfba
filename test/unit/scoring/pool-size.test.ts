import { describe, expect, it } from 'vitest';
import { defaultPoolSize, MAX_SCORING_WORKERS, poolSize } from '../../../src/lib/scoring/pool-size';

describe('poolSize', () => {
  it('is one worker on a GPU backend, whatever was asked', () => {
    expect(poolSize({ requested: 4, cores: 8, backend: 'webgpu' })).toBe(1);
    expect(poolSize({ requested: null, cores: 8, backend: 'webgl' })).toBe(1);
  });

  it('takes the number asked for on wasm and cpu, within 1..MAX_SCORING_WORKERS', () => {
    expect(poolSize({ requested: 1, cores: 2, backend: 'wasm' })).toBe(1);
    expect(poolSize({ requested: 3, cores: 2, backend: 'cpu' })).toBe(3);
    expect(poolSize({ requested: 0, cores: 2, backend: 'wasm' })).toBe(1);
    expect(poolSize({ requested: 100, cores: 2, backend: 'wasm' })).toBe(MAX_SCORING_WORKERS);
  });

  it('uses the default for the cores when nothing was asked', () => {
    expect(poolSize({ requested: null, cores: 2, backend: 'wasm' })).toBe(defaultPoolSize(2));
    expect(poolSize({ cores: 4, backend: 'cpu' })).toBe(defaultPoolSize(4));
  });

  it('defaults to one worker per core (measured on 2 cores: 2 beat 1), at least 1, at most the cap', () => {
    expect(defaultPoolSize(2)).toBe(2);
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(Number.NaN)).toBe(1);
    expect(defaultPoolSize(64)).toBe(MAX_SCORING_WORKERS);
  });
});
