/**
 * Content features from cleartext, for the login protocols only (by the responder's port):
 * FTP 21, telnet 23, SMTP 25, POP3 110, IMAP 143, rlogin 513, rsh 514. Each rule file documents its
 * rules; every other content feature stays 0.
 */

import { emptyContentResult, type ContentResult } from './content-result';
import { ftpContent } from './ftp-rules';
import { imapContent, pop3Content, smtpContent } from './mail-rules';
import { rshContent } from './rsh-rules';
import { terminalContent } from './terminal-rules';
import type { Transcript } from './transcript';
import { transcriptLines } from './transcript-lines';

export { Transcript, MAX_BYTES_PER_SIDE } from './transcript';
export type { ContentResult } from './content-result';

export const CONTENT_PORTS: ReadonlySet<number> = new Set([21, 23, 25, 110, 143, 513, 514]);

/**
 * The content features of a TCP connection whose responder port is respPort. With no captured payload
 * (e.g. cut by the snap length) nothing is known: loginStep false, all 0.
 */
export function contentFeatures(respPort: number, transcript: Transcript | null, origSide: 0 | 1): ContentResult {
  if (!transcript || transcript.chunks.length === 0 || !CONTENT_PORTS.has(respPort)) return emptyContentResult();
  const plain = { terminal: false, nulEndsLine: false };
  switch (respPort) {
    case 21:
      return ftpContent(transcriptLines(transcript, origSide, plain));
    case 23:
      return terminalContent(transcriptLines(transcript, origSide, { terminal: true, nulEndsLine: false }), false);
    case 513:
      return terminalContent(transcriptLines(transcript, origSide, { terminal: true, nulEndsLine: true }), true);
    case 514:
      return rshContent(transcript, origSide);
    case 110:
      return pop3Content(transcriptLines(transcript, origSide, plain));
    case 143:
      return imapContent(transcriptLines(transcript, origSide, plain));
    default:
      return smtpContent(transcriptLines(transcript, origSide, plain));
  }
}
