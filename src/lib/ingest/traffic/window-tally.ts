import { REJ_ERROR, SYN_ERROR, type ErrorKind } from './error-flags';

/**
 * Running counts of the records of one group (a destination host, or a service) inside the 2-second
 * window: how many, and how many of them carry a SYN / REJ error. Added to when a record enters the
 * window and taken from when it leaves, so a rate is one division.
 */
export class WindowTally {
  count = 0;
  synErrors = 0;
  rejErrors = 0;

  add(error: ErrorKind): void {
    this.count++;
    if (error === SYN_ERROR) this.synErrors++;
    else if (error === REJ_ERROR) this.rejErrors++;
  }

  remove(error: ErrorKind): void {
    this.count--;
    if (error === SYN_ERROR) this.synErrors--;
    else if (error === REJ_ERROR) this.rejErrors--;
  }
}
