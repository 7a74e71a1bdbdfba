/** The analysis worker's order window (src/lib/util/ordered-window.ts) with pieces that finish when a test says. */
import { describe, expect, it } from 'vitest';
import { OrderedWindow } from '../../../src/lib/util/ordered-window';

/** A promise the test settles. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}
const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('OrderedWindow', () => {
  it('hands pieces on in the order they were added, whichever finishes first', async () => {
    const out: number[] = [];
    const w = new OrderedWindow<number>(10, (v) => void out.push(v));
    const p = [later<number>(), later<number>(), later<number>()];
    for (const x of p) await w.add(x.promise);
    p[2].resolve(2);
    p[1].resolve(1);
    await ticks();
    expect(out).toEqual([]);
    p[0].resolve(0);
    await w.drain();
    expect(out).toEqual([0, 1, 2]);
  });

  it('hands on what is done at each add; waits while `limit` pieces are in flight', async () => {
    const out: number[] = [];
    const w = new OrderedWindow<number>(2, (v) => void out.push(v));
    const a = later<number>();
    const b = later<number>();
    await w.add(a.promise);
    a.resolve(1);
    await ticks();
    await w.add(b.promise);
    // a was done: handed on at b's add.
    expect(out).toEqual([1]);
    let added = false;
    const c = later<number>();
    const third = w.add(c.promise).then(() => (added = true));
    await ticks();
    // b and c in flight: the window is full, the add waits for b.
    expect(added).toBe(false);
    b.resolve(2);
    await third;
    expect(out).toEqual([1, 2]);
    expect(w.size).toBe(1);
    c.resolve(3);
    await w.drain();
    expect(out).toEqual([1, 2, 3]);
  });

  it('a piece that fails rejects when its turn comes, not before; settle waits for the rest without handing them on', async () => {
    const out: number[] = [];
    const w = new OrderedWindow<number>(10, (v) => void out.push(v));
    const a = later<number>();
    const b = later<number>();
    const c = later<number>();
    await w.add(a.promise);
    await w.add(b.promise);
    await w.add(c.promise);
    b.reject(new Error('scoring failed'));
    await ticks();
    a.resolve(1);
    await expect(w.drain()).rejects.toThrow('scoring failed');
    expect(out).toEqual([1]);
    let settled = false;
    const done = w.settle().then(() => (settled = true));
    await ticks();
    expect(settled).toBe(false);
    c.resolve(3);
    await done;
    expect(out).toEqual([1]);
    expect(w.size).toBe(0);
  });

  it('waits for the hand-on itself (the page taking a chunk) before the next', async () => {
    const order: string[] = [];
    const gate = later<void>();
    const w = new OrderedWindow<number>(10, async (v) => {
      order.push(`start ${v}`);
      if (v === 1) await gate.promise;
      order.push(`end ${v}`);
    });
    await w.add(Promise.resolve(1));
    // 1 is done: this add hands it on and waits for the page to take it.
    const adding = w.add(Promise.resolve(2));
    await ticks();
    expect(order).toEqual(['start 1']);
    gate.resolve();
    await adding;
    await w.drain();
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
