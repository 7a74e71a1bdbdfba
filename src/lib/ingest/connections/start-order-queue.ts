/**
 * Records waiting to be emitted, in start-time order (ties in arrival order). Appending is the
 * usual case; a start time earlier than the last one (capture timestamps that go backwards) is
 * inserted by binary search after every entry with a start time ≤ its own. Limitation: a record is
 * only ordered among those still waiting: one that starts before an already emitted record is
 * emitted late, out of order.
 */
export interface Startable {
  readonly firstTs: number;
}

export class StartOrderQueue<T extends Startable> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  push(item: T): void {
    const items = this.items;
    if (items.length === this.head || items[items.length - 1].firstTs <= item.firstTs) {
      items.push(item);
      return;
    }
    let lo = this.head;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid].firstTs <= item.firstTs) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    (this.items as (T | undefined)[])[this.head] = undefined;
    this.head++;
    // Drop the consumed prefix now and then, so the array does not grow with the capture.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
