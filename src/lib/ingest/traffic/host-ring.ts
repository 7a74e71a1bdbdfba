import { REJ_ERROR, SYN_ERROR, type ErrorKind } from './error-flags';

/** H and S hold the last 255 records (NSL-KDD's dst_host_count / dst_host_srv_count top out at 255). */
export const HISTORY_LENGTH = 255;

const PORT_MASK = 0xffff;
const SERVICE_SHIFT = 16;
const SERVICE_MASK = 0x3fff;
const ERROR_SHIFT = 30;

/**
 * H for one destination host: its last 255 records, each packed into 32 bits (originator port: 16,
 * service id: 14, error kind: 2), so a full ring is 1 KiB. Error counts run as records come and go;
 * same-service and same-port counts are one pass over at most 255 packed words per record, which
 * costs less than keeping two count maps per host (and a port map per host would be far larger).
 * The ring starts small and doubles up to 255: most hosts see only a few records.
 */
export class HostRing {
  private slots = new Uint32Array(4);
  private head = 0;
  size = 0;
  synErrors = 0;
  rejErrors = 0;

  push(origPort: number, serviceId: number, error: ErrorKind): void {
    const word = ((origPort & PORT_MASK) | ((serviceId & SERVICE_MASK) << SERVICE_SHIFT) | (error << ERROR_SHIFT)) >>> 0;
    if (this.size < this.slots.length) {
      // Not yet wrapped: entries sit in [0, size).
      this.slots[this.size++] = word;
    } else if (this.slots.length < HISTORY_LENGTH) {
      const grown = new Uint32Array(Math.min(this.slots.length * 2, HISTORY_LENGTH));
      grown.set(this.slots);
      this.slots = grown;
      this.slots[this.size++] = word;
    } else {
      const oldest = this.slots[this.head];
      this.forget((oldest >>> ERROR_SHIFT) as ErrorKind);
      this.slots[this.head] = word;
      this.head = this.head + 1 === HISTORY_LENGTH ? 0 : this.head + 1;
      this.size = HISTORY_LENGTH;
    }
    if (error === SYN_ERROR) this.synErrors++;
    else if (error === REJ_ERROR) this.rejErrors++;
  }

  /** Records in the ring with this service id, and with this originator port. */
  countMatching(origPort: number, serviceId: number): { sameService: number; samePort: number } {
    const slots = this.slots;
    const port = origPort & PORT_MASK;
    const service = serviceId & SERVICE_MASK;
    let sameService = 0;
    let samePort = 0;
    for (let i = 0; i < this.size; i++) {
      const w = slots[i];
      if ((w & PORT_MASK) === port) samePort++;
      if (((w >>> SERVICE_SHIFT) & SERVICE_MASK) === service) sameService++;
    }
    return { sameService, samePort };
  }

  private forget(error: ErrorKind): void {
    if (error === SYN_ERROR) this.synErrors--;
    else if (error === REJ_ERROR) this.rejErrors--;
  }
}
