/**
 * Records waiting for their place in the traffic windows (ConnectionTracker), in start-time order (ties in arrival order). Appending is the
 * usual case; a start time earlier than the last one (capture timestamps that go backwards) is
 * inserted by binary search after every entry with a start time ≤ its own. Limitation: a record is
 * only ordered among those still waiting: one that starts before an already placed record is
 * placed late, out of order.
 *
 * Start times are kept in a Float64Array beside the items (not in a wrapper object per item): the
 * waiting items are many, and each wrapper was one more object for the garbage collector to trace.
 */
export class StartOrderQueue<T> {
  private items: (T | undefined)[] = [];
  private starts = new Float64Array(1024);
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  push(item: T, startTs: number): void {
    const items = this.items;
    const end = items.length;
    if (end === this.starts.length) this.grow();
    const starts = this.starts;
    if (end === this.head || starts[end - 1] <= startTs) {
      items.push(item);
      starts[end] = startTs;
      return;
    }
    let lo = this.head;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= startTs) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    starts.copyWithin(lo + 1, lo, end);
    starts[lo] = startTs;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    // Drop the consumed prefix now and then, so the arrays do not grow with the capture.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.starts.copyWithin(0, this.head, this.head + this.items.length);
      this.head = 0;
    }
    return item;
  }

  /** Room for twice as many start times. */
  private grow(): void {
    const grown = new Float64Array(this.starts.length * 2);
    grown.set(this.starts);
    this.starts = grown;
  }
}
