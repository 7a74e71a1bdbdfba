/**
 * Telnet (23) and rlogin (513) content rules, over the session's lines (terminal mode: telnet
 * negotiation stripped, keystrokes assembled into lines):
 * - num_failed_logins: each responder line or prompt containing "login incorrect", "login failed",
 *   "authentication failure" or "permission denied" (any case).
 * - logged_in: a responder "Last login" line, or a shell prompt (responder prompt ending in $, #, %
 *   or >) after the originator has sent at least one line (its login name, or rlogin's handshake).
 * - root_shell: such a shell prompt ending in `#`.
 * - is_guest_login: logged in with the login name (the originator's line after a "login:" prompt,
 *   or rlogin's remote user name) guest, anonymous or ftp.
 * - su_attempted, hot, num_file_creations: the originator's command lines by shell-commands.ts.
 */

import { emptyContentResult, isGuestName, type ContentResult } from './content-result';
import { createsFile, isHotCommand, isSuCommand } from './shell-commands';
import type { TranscriptLine } from './transcript-lines';

const FAILED = /login incorrect|login failed|authentication failure|permission denied/i;
const SHELL_PROMPT = /[$#%>]$/;

export function terminalContent(lines: readonly TranscriptLine[], rlogin: boolean): ContentResult {
  const r = emptyContentResult();
  r.loginStep = true;
  let origLines = 0;
  let loginName = '';
  let expectName = false;
  for (const line of lines) {
    const text = line.text.trim();
    if (line.fromOrig) {
      origLines++;
      // rlogin's handshake: local user, remote user, terminal/speed (NUL-separated; an empty first field).
      if (rlogin && origLines <= 4) {
        if (origLines === 3) loginName = text;
        continue;
      }
      if (expectName) {
        loginName = text;
        expectName = false;
        continue;
      }
      if (isSuCommand(text)) r.su_attempted = 1;
      if (isHotCommand(text)) r.hot++;
      if (createsFile(text)) r.num_file_creations++;
      continue;
    }
    if (FAILED.test(text)) {
      r.num_failed_logins++;
      continue;
    }
    if (/login:$/i.test(text)) {
      expectName = true;
      continue;
    }
    if (/^last login/i.test(text)) r.logged_in = 1;
    if (line.prompt && origLines > 0 && SHELL_PROMPT.test(text) && !/password:?$/i.test(text)) {
      r.logged_in = 1;
      if (text.endsWith('#')) r.root_shell = 1;
    }
  }
  if (r.logged_in && isGuestName(loginName)) r.is_guest_login = 1;
  return r;
}
