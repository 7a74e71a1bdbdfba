/**
 * How many of a host ring's records have each originator port: a small open-addressing hash table
 * (linear probing, 512 slots for at most 255 distinct ports, so probes stay short) in typed arrays,
 * 1.5 KiB, where a Map of up to 255 entries would take ~7 KiB. A count of 0 marks a free slot;
 * removal shifts the following entries back, so there are no tombstones.
 */
const SLOTS = 512;
const MASK = SLOTS - 1;

/** The port's home slot (Fibonacci hashing: consecutive ephemeral ports spread over the table). */
function home(port: number): number {
  return Math.imul(port, 0x9e3779b1) >>> 23;
}

export class PortTally {
  private readonly ports = new Uint16Array(SLOTS);
  /** At most 255 (the ring's length): one byte each. */
  private readonly counts = new Uint8Array(SLOTS);

  countOf(port: number): number {
    for (let i = home(port); ; i = (i + 1) & MASK) {
      const n = this.counts[i];
      if (n === 0) return 0;
      if (this.ports[i] === port) return n;
    }
  }

  add(port: number): void {
    let i = home(port);
    while (this.counts[i] !== 0 && this.ports[i] !== port) i = (i + 1) & MASK;
    this.ports[i] = port;
    this.counts[i]++;
  }

  /** Takes one record of `port` away (the port must have been added). */
  remove(port: number): void {
    let i = home(port);
    while (this.ports[i] !== port || this.counts[i] === 0) i = (i + 1) & MASK;
    if (--this.counts[i] > 0) return;
    // Backward-shift deletion: move up each later entry of the run that may no longer be found past the gap.
    for (let j = (i + 1) & MASK; this.counts[j] !== 0; j = (j + 1) & MASK) {
      const h = home(this.ports[j]);
      // The entry at j can fill the gap at i when its home is not in the cyclic range (i, j].
      const homeBetween = i <= j ? h > i && h <= j : h > i || h <= j;
      if (homeBetween) continue;
      this.ports[i] = this.ports[j];
      this.counts[i] = this.counts[j];
      this.counts[j] = 0;
      i = j;
    }
  }
}
