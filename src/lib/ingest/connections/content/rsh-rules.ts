/**
 * rsh (514) content rules. The client sends NUL-terminated fields: its stderr port, local user,
 * remote user, command; the server answers one byte: 0 (accepted) or 1 followed by a message.
 * - logged_in: the server's first byte is 0. num_failed_logins: 1 when it is 1.
 * - is_guest_login: accepted with the remote user guest, anonymous or ftp.
 * - su_attempted, hot, num_file_creations: the command by shell-commands.ts.
 */

import { emptyContentResult, isGuestName, type ContentResult } from './content-result';
import { createsFile, isHotCommand, isSuCommand } from './shell-commands';
import type { Transcript } from './transcript';
import { transcriptLines } from './transcript-lines';

export function rshContent(transcript: Transcript, origSide: 0 | 1): ContentResult {
  const r = emptyContentResult();
  r.loginStep = true;
  const firstReply = transcript.chunks.find((c) => c.side !== origSide && c.bytes.length > 0);
  const fields = transcriptLines(transcript, origSide, { terminal: false, nulEndsLine: true })
    .filter((l) => l.fromOrig)
    .map((l) => l.text);
  const remoteUser = fields[2] ?? '';
  const command = (fields[3] ?? '').trim();
  if (firstReply) {
    if (firstReply.bytes[0] === 0) r.logged_in = 1;
    else if (firstReply.bytes[0] === 1) r.num_failed_logins = 1;
  }
  if (r.logged_in && isGuestName(remoteUser)) r.is_guest_login = 1;
  if (command) {
    if (isSuCommand(command)) r.su_attempted = 1;
    if (isHotCommand(command)) r.hot++;
    if (createsFile(command)) r.num_file_creations++;
  }
  return r;
}
