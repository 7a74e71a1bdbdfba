import { REJ_ERROR, SYN_ERROR, type ErrorKind } from './error-flags';
import { PortTally } from './port-tally';

/** H and S hold the last 255 records (NSL-KDD's dst_host_count / dst_host_srv_count top out at 255). */
export const HISTORY_LENGTH = 255;

const SERVICE_MASK = 0x3fff;
const ERROR_SHIFT = 14;

/** Service ids below this get a running count per host (the vocabulary has about 70); others are counted by a scan. */
const TALLIED_SERVICES = 256;
/** A ring grown to this length gets a PortTally; a shorter one is scanned (cheap, and most hosts stay short). */
const TALLIED_PORTS_FROM = 64;

/**
 * H for one destination host: its last 255 records, each as its originator port (16 bits) and its
 * service id with its error kind (14 + 2 bits), so a full ring is 1 KiB. Error counts and per-service
 * counts (one byte per service id the host has seen, since a count is at most 255) run as records come
 * and go, so the same-service share is a lookup. So do per-port counts once the ring has grown to 64
 * (a PortTally, 1.5 KiB in typed arrays: a Map per host would be ~7 KiB, as a busy host sees a new
 * ephemeral port on nearly every connection); a shorter ring is scanned. A full host is then ~2.7 KiB,
 * 65,536 of them ~180 MB at worst. The ring starts small and doubles up to 255, since most hosts see
 * only a few records.
 */
export class HostRing {
  private ports = new Uint16Array(4);
  private servicesAndErrors = new Uint16Array(4);
  /** Records in the ring per service id (ids below TALLIED_SERVICES; grown to the largest id seen). */
  private serviceCounts = new Uint8Array(0);
  private portTally: PortTally | null = null;
  private head = 0;
  size = 0;
  synErrors = 0;
  rejErrors = 0;
  /** Results of the last countMatching (fields, not a returned object: no allocation per record). */
  sameService = 0;
  samePort = 0;

  push(origPort: number, serviceId: number, error: ErrorKind): void {
    const port = origPort & 0xffff;
    const service = serviceId & SERVICE_MASK;
    const tagged = service | (error << ERROR_SHIFT);
    if (this.size === HISTORY_LENGTH) {
      const oldestTagged = this.servicesAndErrors[this.head];
      const oldest = oldestTagged >>> ERROR_SHIFT;
      if (oldest === SYN_ERROR) this.synErrors--;
      else if (oldest === REJ_ERROR) this.rejErrors--;
      const oldService = oldestTagged & SERVICE_MASK;
      if (oldService < TALLIED_SERVICES) this.serviceCounts[oldService]--;
      this.portTally?.remove(this.ports[this.head]);
      this.ports[this.head] = port;
      this.servicesAndErrors[this.head] = tagged;
      this.head = this.head + 1 === HISTORY_LENGTH ? 0 : this.head + 1;
    } else {
      // Not yet wrapped: entries sit in [0, size); grow before the first wrap.
      if (this.size === this.ports.length) this.grow();
      this.ports[this.size] = port;
      this.servicesAndErrors[this.size] = tagged;
      this.size++;
    }
    this.portTally?.add(port);
    if (service < TALLIED_SERVICES) {
      if (service >= this.serviceCounts.length) this.growServiceCounts(service);
      this.serviceCounts[service]++;
    }
    if (error === SYN_ERROR) this.synErrors++;
    else if (error === REJ_ERROR) this.rejErrors++;
  }

  /** Counts the ring's records with this originator port and with this service id. */
  countMatching(origPort: number, serviceId: number): void {
    const ports = this.ports;
    const port = origPort & 0xffff;
    const service = serviceId & SERVICE_MASK;
    const n = this.size;
    if (this.portTally !== null) this.samePort = this.portTally.countOf(port);
    else {
      let samePort = 0;
      for (let i = 0; i < n; i++) if (ports[i] === port) samePort++;
      this.samePort = samePort;
    }
    if (service < TALLIED_SERVICES) {
      this.sameService = service < this.serviceCounts.length ? this.serviceCounts[service] : 0;
      return;
    }
    const services = this.servicesAndErrors;
    let sameService = 0;
    for (let i = 0; i < n; i++) if ((services[i] & SERVICE_MASK) === service) sameService++;
    this.sameService = sameService;
  }

  private growServiceCounts(service: number): void {
    const counts = new Uint8Array(Math.min(Math.max(service + 1, this.serviceCounts.length * 2, 8), TALLIED_SERVICES));
    counts.set(this.serviceCounts);
    this.serviceCounts = counts;
  }

  private grow(): void {
    const length = Math.min(this.ports.length * 2, HISTORY_LENGTH);
    const ports = new Uint16Array(length);
    const services = new Uint16Array(length);
    ports.set(this.ports);
    services.set(this.servicesAndErrors);
    this.ports = ports;
    this.servicesAndErrors = services;
    if (this.portTally === null && length >= TALLIED_PORTS_FROM) {
      const tally = new PortTally();
      for (let i = 0; i < this.size; i++) tally.add(ports[i]);
      this.portTally = tally;
    }
  }
}
