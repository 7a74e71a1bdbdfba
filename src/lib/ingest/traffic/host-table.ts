import { DestinationHost } from './destination-host';

/**
 * The destination hosts the windows remember. H is count-based, not time-based, so a host's ring
 * would otherwise live for the whole capture: past MAX_HOSTS hosts the least recently seen one is
 * forgotten, and a later record to it starts a fresh H. A host with a record still inside the
 * 2-second window is never forgotten (W's counts point at it), so during a burst of more than
 * MAX_HOSTS hosts in 2 s the table grows past the bound until the burst leaves the window.
 * Worst case ≈ 65,536 × (2.7 KiB ring and tallies + ~200 B) ≈ 190 MB; typical hosts hold a few records and far less.
 *
 * Recency is the Map's order (it keeps insertion order): seeing a host again moves it to the back,
 * unless it is already there (a run of records to one host costs one lookup each).
 */
export const MAX_HOSTS = 65_536;

export class HostTable {
  private readonly hosts = new Map<string, DestinationHost>();
  private newest: DestinationHost | undefined;
  private nextId = 0;

  constructor(private readonly maxHosts = MAX_HOSTS) {}

  get size(): number {
    return this.hosts.size;
  }

  /** The host's state, created if new, and marked most recently seen. */
  touch(address: string): DestinationHost {
    let host = this.hosts.get(address);
    if (host === undefined) {
      host = new DestinationHost(this.nextId++);
      this.hosts.set(address, host);
      if (this.hosts.size > this.maxHosts) this.forgetLeastRecent();
    } else if (host !== this.newest) {
      this.hosts.delete(address);
      this.hosts.set(address, host);
    }
    this.newest = host;
    return host;
  }

  private forgetLeastRecent(): void {
    for (const [address, oldest] of this.hosts) {
      if (this.hosts.size <= this.maxHosts) return;
      // The least recently seen host still has a record in W, so every other host does too.
      if (oldest.inWindow.count > 0) return;
      this.hosts.delete(address);
    }
  }
}
