/**
 * The scoring pool (workers/engine/scoring-pool.ts) with fakes: fake Workers and comlink endpoints
 * instead of real scoring workers, a fake engine instead of tfjs. Fast, and the real pool code: which
 * worker gets a batch, when the analysis worker scores itself, and what happens when a scoring worker's
 * backend fails, a worker does not start, dies with batches in flight, or the analysis worker falls back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocateBatch, type RecordBatch } from '../../../src/lib/ingest/record-batch';
import type { ScoringWorkerResult } from '../../../src/shared/analysis-api';

/** One fake scoring worker: its calls wait until the test settles them. */
interface FakeHelper {
  worker: FakeWorker;
  loaded: { resolve: () => void; reject: (e: Error) => void };
  calls: { batch: RecordBatch; resolve: (r: ScoringWorkerResult) => void }[];
}

const fake = vi.hoisted(() => ({
  helpers: [] as FakeHelper[],
  backend: 'wasm' as string | null,
  generation: 1,
  scoredHere: [] as unknown[],
}));

class FakeWorker {
  terminated = false;
  private listeners: ((e: { message: string; preventDefault(): void }) => void)[] = [];
  addEventListener(_type: 'error', listener: (e: { message: string; preventDefault(): void }) => void) {
    this.listeners.push(listener);
  }
  terminate() {
    this.terminated = true;
  }
  /** The worker itself dies (a crash, or its script would not load). */
  die(message: string) {
    for (const l of this.listeners) l({ message, preventDefault() {} });
  }
}

vi.mock('comlink', () => ({
  proxy: (x: unknown) => x,
  transfer: (x: unknown) => x,
  wrap: (worker: FakeWorker) => {
    const helper = { worker, calls: [] } as unknown as FakeHelper;
    fake.helpers.push(helper);
    return {
      load: () => new Promise<void>((resolve, reject) => (helper.loaded = { resolve, reject })),
      score: (batch: RecordBatch) => new Promise<ScoringWorkerResult>((resolve) => helper.calls.push({ batch, resolve })),
    };
  },
}));

vi.mock('../../../workers/engine/engine', () => ({
  readyEngine: () => ({ backend: 'wasm' }),
  currentModelsGeneration: () => fake.generation,
  currentFaults: () => ({}),
  currentSource: () => ({ read: async () => new ArrayBuffer(0) }),
  loadedBackend: () => fake.backend,
  scoreWithFallback: async (batch: RecordBatch) => {
    fake.scoredHere.push(batch);
    return { here: batch.rowNumbers[0] };
  },
}));

vi.mock('../../../workers/engine/backends', () => ({ backendLabel: (b: string) => b.toUpperCase() }));

const pool = await import('../../../workers/engine/scoring-pool');

function batch(firstRow: number): RecordBatch {
  const b = allocateBatch(2);
  b.rowNumbers[0] = firstRow;
  b.rowNumbers[1] = firstRow + 1;
  return b;
}

/** Starts a pool of `size` with every scoring worker loading fine. */
async function startedPool(size: number): Promise<void> {
  const starting = pool.ensurePool(size);
  await vi.waitFor(() => expect(fake.helpers).toHaveLength(size - 1));
  for (const h of fake.helpers) h.loaded.resolve();
  await starting;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  fake.helpers = [];
  fake.backend = 'wasm';
  fake.generation += 1; // a new key: ensurePool starts afresh
  fake.scoredHere = [];
});

afterEach(() => {
  pool.stopPool();
  vi.unstubAllGlobals();
});

describe('scoring pool', () => {
  it('sends each batch to the least busy scoring worker, and scores here only when every queue is full', async () => {
    await startedPool(3);
    expect(pool.poolWorkers()).toBe(3);
    const step = vi.fn();
    const results = Array.from({ length: 2 * pool.QUEUE_PER_SCORING_WORKER + 1 }, (_, i) => pool.scoreOnPool(batch(10 * i), step));
    await flush();
    // Two per scoring worker, alternating, then the analysis worker itself.
    expect(fake.helpers.map((h) => h.calls.map((c) => c.batch.rowNumbers[0]))).toEqual([
      [0, 20],
      [10, 30],
    ]);
    expect(fake.scoredHere.map((b) => (b as RecordBatch).rowNumbers[0])).toEqual([40]);
    for (const h of fake.helpers) for (const c of h.calls) c.resolve({ ok: true, scores: { on: c.batch.rowNumbers[0] } as never });
    expect(await Promise.all(results)).toEqual([{ on: 0 }, { on: 10 }, { on: 20 }, { on: 30 }, { here: 40 }]);
    expect(step).not.toHaveBeenCalled();
  });

  it('a scoring worker whose backend fails hands its batch back: it is scored here, the worker retires, the run says so', async () => {
    await startedPool(3);
    const step = vi.fn();
    const first = pool.scoreOnPool(batch(1), step);
    await flush();
    const failing = fake.helpers.find((h) => h.calls.length === 1)!;
    failing.calls[0].resolve({ ok: false, reason: 'device lost', batch: failing.calls[0].batch });
    expect(await first).toEqual({ here: 1 });
    expect(step).toHaveBeenCalledWith({ kind: 'backend-failed', backend: 'wasm', reason: 'in a scoring worker: device lost' });
    expect(pool.poolWorkers()).toBe(2);
    expect(pool.poolNote()).toMatch(/WASM failed \(device lost\); scoring with 2/);
    expect(failing.worker.terminated).toBe(true);
    // The next batch goes to the worker still in the pool, not to the retired one.
    const pending = pool.scoreOnPool(batch(3), step);
    pending.catch(() => undefined); // stopped with the pool after the test
    await flush();
    expect(failing.calls).toHaveLength(1);
    expect(fake.helpers.find((h) => h !== failing)!.calls.map((c) => c.batch.rowNumbers[0])).toEqual([3]);
  });

  it('a retiring worker finishes the batches it holds before it is stopped', async () => {
    await startedPool(2);
    const [helper] = fake.helpers;
    const a = pool.scoreOnPool(batch(1), vi.fn());
    const b = pool.scoreOnPool(batch(3), vi.fn());
    await flush();
    expect(helper.calls).toHaveLength(2);
    helper.calls[0].resolve({ ok: false, reason: 'lost', batch: helper.calls[0].batch });
    expect(await a).toEqual({ here: 1 });
    expect(helper.worker.terminated).toBe(false); // one batch still in flight
    helper.calls[1].resolve({ ok: true, scores: { on: 3 } as never });
    expect(await b).toEqual({ on: 3 });
    expect(helper.worker.terminated).toBe(true);
  });

  it('once the analysis worker has moved to another backend, the scoring workers leave and every batch is scored here', async () => {
    await startedPool(3);
    fake.backend = 'cpu';
    expect(await pool.scoreOnPool(batch(5), vi.fn())).toEqual({ here: 5 });
    expect(pool.poolWorkers()).toBe(1);
    expect(pool.poolNote()).toMatch(/moved off WASM; scoring with 1/);
    expect(fake.helpers.every((h) => h.calls.length === 0 && h.worker.terminated)).toBe(true);
  });

  it('a scoring worker that does not start is left out, and the note says how many did not', async () => {
    const starting = pool.ensurePool(3);
    await vi.waitFor(() => expect(fake.helpers).toHaveLength(2));
    fake.helpers[0].loaded.resolve();
    fake.helpers[1].worker.die('no WebAssembly');
    await starting;
    expect(pool.poolWorkers()).toBe(2);
    expect(pool.poolNote()).toMatch(/^1 of 2 scoring workers did not start \(a scoring worker stopped: no WebAssembly\); scoring with 2$/);
  });

  it('a scoring worker that dies with a batch in flight fails that call (never a silent drop)', async () => {
    await startedPool(2);
    const scored = pool.scoreOnPool(batch(1), vi.fn());
    await flush();
    fake.helpers[0].worker.die('out of memory');
    await expect(scored).rejects.toThrow('a scoring worker stopped: out of memory');
    expect(pool.poolWorkers()).toBe(1);
  });

  it('a pool of one is the analysis worker alone; stopPool ends every scoring worker', async () => {
    await pool.ensurePool(1);
    expect(fake.helpers).toHaveLength(0);
    expect(await pool.scoreOnPool(batch(7), vi.fn())).toEqual({ here: 7 });
    fake.generation += 1;
    await startedPool(3);
    pool.stopPool();
    expect(fake.helpers.every((h) => h.worker.terminated)).toBe(true);
    expect(pool.poolWorkers()).toBe(1);
  });
});
