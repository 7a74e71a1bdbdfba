import { DestinationHost } from './destination-host';

/**
 * The destination hosts the windows remember, least recently seen first (a Map keeps insertion
 * order; seeing a host again moves it to the back). H is count-based, not time-based, so a host's
 * ring would otherwise live for the whole capture: past MAX_HOSTS hosts the least recently seen is
 * forgotten, and a later record to it starts a fresh H. A host with a record still inside the
 * 2-second window is never forgotten (W's counts point at it), so during a burst of more than
 * MAX_HOSTS hosts in 2 s the table grows past the bound until the burst leaves the window.
 * Worst case ≈ 65,536 × (1 KiB ring + ~150 B) ≈ 75 MB; typical hosts hold a few records and far less.
 */
export const MAX_HOSTS = 65_536;

export class HostTable {
  private readonly hosts = new Map<string, DestinationHost>();
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
      this.forgetIdle();
    } else {
      this.hosts.delete(address);
      this.hosts.set(address, host);
    }
    return host;
  }

  private forgetIdle(): void {
    while (this.hosts.size > this.maxHosts) {
      const [address, oldest] = this.hosts.entries().next().value as [string, DestinationHost];
      // The least recently seen host still has a record in W, so every other host does too.
      if (oldest.inWindow.count > 0) return;
      this.hosts.delete(address);
    }
  }
}
