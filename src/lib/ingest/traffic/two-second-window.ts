import type { ErrorKind } from './error-flags';
import { MAX_SERVICE_IDS } from './service-ids';
import type { WindowTally } from './window-tally';

/**
 * W: the records whose start lies within the last 2 seconds of the newest one, as a growable ring
 * (a deque: records enter at the back in start order and leave at the front). Every record adds to
 * its host's and its service's WindowTally and to the count of its (host, service) pair, and takes
 * it back when it leaves, so the window's counts are read without scanning it.
 *
 * The edge, in whole microseconds (identity ts has microsecond resolution, and integers avoid the
 * rounding of subtracting two 1.7e9-sized doubles): record j is in record i's window when
 * t_i − t_j ≤ 2 s, so a record exactly 2 s older still counts.
 */
export const WINDOW_MICROSECONDS = 2_000_000;

export class TwoSecondWindow {
  private starts = new Float64Array(1024);
  private hostTallies: WindowTally[] = new Array<WindowTally>(1024);
  private serviceTallies: WindowTally[] = new Array<WindowTally>(1024);
  private pairKeys = new Float64Array(1024);
  private errors = new Uint8Array(1024);
  private head = 0;
  private length = 0;
  /** Records in the window per (host id, service id), keyed hostId · MAX_SERVICE_IDS + serviceId. */
  private readonly pairs = new Map<number, number>();

  get size(): number {
    return this.length;
  }

  /** Drops the records that started more than 2 s before `nowMicros`. */
  advanceTo(nowMicros: number): void {
    const cap = this.starts.length;
    while (this.length > 0 && nowMicros - this.starts[this.head] > WINDOW_MICROSECONDS) {
      const h = this.head;
      const error = this.errors[h] as ErrorKind;
      this.hostTallies[h].remove(error);
      this.serviceTallies[h].remove(error);
      const key = this.pairKeys[h];
      const left = this.pairs.get(key)! - 1;
      if (left === 0) this.pairs.delete(key);
      else this.pairs.set(key, left);
      // Let go of the tallies so an evicted host's state can be collected.
      this.hostTallies[h] = undefined as unknown as WindowTally;
      this.serviceTallies[h] = undefined as unknown as WindowTally;
      this.head = h + 1 === cap ? 0 : h + 1;
      this.length--;
    }
  }

  /** Adds a record; returns how many records of the window (itself included) share its host and service. */
  add(startMicros: number, host: WindowTally, hostId: number, service: WindowTally, serviceId: number, error: ErrorKind): number {
    if (this.length === this.starts.length) this.grow();
    const cap = this.starts.length;
    let at = this.head + this.length;
    if (at >= cap) at -= cap;
    const key = hostId * MAX_SERVICE_IDS + serviceId;
    this.starts[at] = startMicros;
    this.hostTallies[at] = host;
    this.serviceTallies[at] = service;
    this.pairKeys[at] = key;
    this.errors[at] = error;
    this.length++;
    host.add(error);
    service.add(error);
    const pair = (this.pairs.get(key) ?? 0) + 1;
    this.pairs.set(key, pair);
    return pair;
  }

  private grow(): void {
    const cap = this.starts.length;
    const order = (i: number) => (this.head + i) % cap;
    const starts = new Float64Array(cap * 2);
    const pairKeys = new Float64Array(cap * 2);
    const errors = new Uint8Array(cap * 2);
    const hostTallies = new Array<WindowTally>(cap * 2);
    const serviceTallies = new Array<WindowTally>(cap * 2);
    for (let i = 0; i < this.length; i++) {
      const j = order(i);
      starts[i] = this.starts[j];
      pairKeys[i] = this.pairKeys[j];
      errors[i] = this.errors[j];
      hostTallies[i] = this.hostTallies[j];
      serviceTallies[i] = this.serviceTallies[j];
    }
    this.starts = starts;
    this.pairKeys = pairKeys;
    this.errors = errors;
    this.hostTallies = hostTallies;
    this.serviceTallies = serviceTallies;
    this.head = 0;
  }
}
