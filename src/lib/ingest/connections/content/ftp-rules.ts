/**
 * FTP (port 21) content rules, over the control connection's lines:
 * - logged_in: a `230` reply (login successful).
 * - num_failed_logins: `530` replies that answer USER or PASS (a 530 to any other command is "not
 *   logged in", not a login attempt).
 * - is_guest_login: the `230` came after USER anonymous / ftp / guest.
 * - num_file_creations: STOR, STOU, MKD and XMKD commands.
 * - hot: commands whose argument names a system path (shell-commands.ts).
 * Replies are read from their last line only (`230 ...`, not the `230-` continuation lines).
 */

import { emptyContentResult, isGuestName, type ContentResult } from './content-result';
import { isHotCommand } from './shell-commands';
import type { TranscriptLine } from './transcript-lines';

const CREATE_COMMANDS = new Set(['STOR', 'STOU', 'MKD', 'XMKD']);

export function ftpContent(lines: readonly TranscriptLine[]): ContentResult {
  const r = emptyContentResult();
  r.loginStep = true;
  let user = '';
  let lastCommand = '';
  for (const line of lines) {
    if (line.fromOrig) {
      const text = line.text.trim();
      const space = text.indexOf(' ');
      const command = (space < 0 ? text : text.slice(0, space)).toUpperCase();
      const argument = space < 0 ? '' : text.slice(space + 1);
      if (command.length === 0) continue;
      lastCommand = command;
      if (command === 'USER') user = argument;
      if (CREATE_COMMANDS.has(command)) r.num_file_creations++;
      if (argument && isHotCommand(argument)) r.hot++;
      continue;
    }
    const code = /^(\d{3})( |$)/.exec(line.text);
    if (!code) continue;
    if (code[1] === '230') {
      r.logged_in = 1;
      if (isGuestName(user)) r.is_guest_login = 1;
    } else if (code[1] === '530' && (lastCommand === 'USER' || lastCommand === 'PASS')) {
      r.num_failed_logins++;
    }
  }
  return r;
}
