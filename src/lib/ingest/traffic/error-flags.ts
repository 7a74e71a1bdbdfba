/**
 * Which connection flags count as a SYN error and which as a REJ error in the traffic features,
 * as read off KDDTrain+ itself: a record alone in its window (count = 1) with S0, S1, S2, S3 or SH
 * has serror_rate 1, one with REJ, RSTO, RSTR or RSTOS0 has rerror_rate 1, SF and OTH neither.
 */

export const SYN_ERROR_FLAGS: readonly string[] = ['S0', 'S1', 'S2', 'S3', 'SH'];
export const REJ_ERROR_FLAGS: readonly string[] = ['REJ', 'RSTO', 'RSTR', 'RSTOS0'];

/** 0 = no error, SYN_ERROR or REJ_ERROR: one small number so the windows can store it packed. */
export type ErrorKind = 0 | 1 | 2;
export const NO_ERROR = 0;
export const SYN_ERROR = 1;
export const REJ_ERROR = 2;

/** The error kind of a flag (a switch: called once per record; the lists above say the same). */
export function errorKindOf(flag: string): ErrorKind {
  switch (flag) {
    case 'S0':
    case 'S1':
    case 'S2':
    case 'S3':
    case 'SH':
      return SYN_ERROR;
    case 'REJ':
    case 'RSTO':
    case 'RSTR':
    case 'RSTOS0':
      return REJ_ERROR;
    default:
      return NO_ERROR;
  }
}
