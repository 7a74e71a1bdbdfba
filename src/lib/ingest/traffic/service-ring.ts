import { REJ_ERROR, SYN_ERROR, type ErrorKind } from './error-flags';
import { HISTORY_LENGTH } from './host-ring';

/**
 * S for one service: its last 255 records to any host, with a running count per destination host
 * (for dst_host_srv_diff_host_rate) and of SYN / REJ errors. One ring per service name, and there
 * are about 70 of them, so the host counts stay at most 255 entries each.
 */
export class ServiceRing {
  private readonly hosts: string[] = new Array<string>(HISTORY_LENGTH);
  private readonly errors = new Uint8Array(HISTORY_LENGTH);
  private readonly perHost = new Map<string, number>();
  private head = 0;
  size = 0;
  synErrors = 0;
  rejErrors = 0;

  push(host: string, error: ErrorKind): void {
    if (this.size === HISTORY_LENGTH) {
      const oldHost = this.hosts[this.head];
      const left = this.perHost.get(oldHost)! - 1;
      if (left === 0) this.perHost.delete(oldHost);
      else this.perHost.set(oldHost, left);
      const oldError = this.errors[this.head];
      if (oldError === SYN_ERROR) this.synErrors--;
      else if (oldError === REJ_ERROR) this.rejErrors--;
    } else {
      this.size++;
    }
    this.hosts[this.head] = host;
    this.errors[this.head] = error;
    this.head = this.head + 1 === HISTORY_LENGTH ? 0 : this.head + 1;
    this.perHost.set(host, (this.perHost.get(host) ?? 0) + 1);
    if (error === SYN_ERROR) this.synErrors++;
    else if (error === REJ_ERROR) this.rejErrors++;
  }

  /** Records in the ring to this destination host. */
  countTo(host: string): number {
    return this.perHost.get(host) ?? 0;
  }
}
