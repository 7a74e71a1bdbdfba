import { REJ_ERROR, SYN_ERROR, type ErrorKind } from './error-flags';

/** H and S hold the last 255 records (NSL-KDD's dst_host_count / dst_host_srv_count top out at 255). */
export const HISTORY_LENGTH = 255;

const SERVICE_MASK = 0x3fff;
const ERROR_SHIFT = 14;

/**
 * H for one destination host: its last 255 records, each as its originator port (16 bits) and its
 * service id with its error kind (14 + 2 bits), so a full ring is 1 KiB. Error counts run as records
 * come and go; the same-service and same-port counts are one pass over at most 255 entries per
 * record. Running per-host count maps would make that O(1), but a busy host sees a new ephemeral
 * port on nearly every connection, so a port map per host costs ~7 KiB against the ring's 1 KiB:
 * 65,536 full hosts would need ~500 MB instead of ~70 MB. The ring starts small and doubles up to
 * 255, since most hosts see only a few records.
 */
export class HostRing {
  private ports = new Uint16Array(4);
  private servicesAndErrors = new Uint16Array(4);
  private head = 0;
  size = 0;
  synErrors = 0;
  rejErrors = 0;
  /** Results of the last countMatching (fields, not a returned object: no allocation per record). */
  sameService = 0;
  samePort = 0;

  push(origPort: number, serviceId: number, error: ErrorKind): void {
    const tagged = (serviceId & SERVICE_MASK) | (error << ERROR_SHIFT);
    if (this.size === HISTORY_LENGTH) {
      const oldest = this.servicesAndErrors[this.head] >>> ERROR_SHIFT;
      if (oldest === SYN_ERROR) this.synErrors--;
      else if (oldest === REJ_ERROR) this.rejErrors--;
      this.ports[this.head] = origPort;
      this.servicesAndErrors[this.head] = tagged;
      this.head = this.head + 1 === HISTORY_LENGTH ? 0 : this.head + 1;
    } else {
      // Not yet wrapped: entries sit in [0, size); grow before the first wrap.
      if (this.size === this.ports.length) this.grow();
      this.ports[this.size] = origPort;
      this.servicesAndErrors[this.size] = tagged;
      this.size++;
    }
    if (error === SYN_ERROR) this.synErrors++;
    else if (error === REJ_ERROR) this.rejErrors++;
  }

  /** Counts the ring's records with this originator port and with this service id. */
  countMatching(origPort: number, serviceId: number): void {
    const ports = this.ports;
    const services = this.servicesAndErrors;
    const port = origPort & 0xffff;
    const service = serviceId & SERVICE_MASK;
    const n = this.size;
    let sameService = 0;
    let samePort = 0;
    for (let i = 0; i < n; i++) {
      if (ports[i] === port) samePort++;
      if ((services[i] & SERVICE_MASK) === service) sameService++;
    }
    this.sameService = sameService;
    this.samePort = samePort;
  }

  private grow(): void {
    const length = Math.min(this.ports.length * 2, HISTORY_LENGTH);
    const ports = new Uint16Array(length);
    const services = new Uint16Array(length);
    ports.set(this.ports);
    services.set(this.servicesAndErrors);
    this.ports = ports;
    this.servicesAndErrors = services;
  }
}
