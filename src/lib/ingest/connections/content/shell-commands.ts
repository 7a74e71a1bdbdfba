/**
 * Rules over one command a user typed (telnet / rlogin line, rsh command, FTP command argument):
 * - hot: the command names a system file or directory (/etc/, /bin/, /sbin/, /usr/bin/, /dev/,
 *   /root, .rhosts, .ssh/, passwd, shadow): 1 per command.
 * - su_attempted: the command is `su` (alone or with arguments, e.g. `su -`, `su root`).
 * - file creation: the command is `touch`, `mkdir` or `cp`, or writes a file with `>` / `>>`.
 */

const HOT = /\/etc\/|\/bin\/|\/sbin\/|\/usr\/bin\/|\/dev\/|\/root\b|\.rhosts|\.ssh\/|passwd|shadow/i;
const CREATES = /^(touch|mkdir|cp)(\s|$)|(^|[^-0-9&>])>>?\s*[^\s&>|]/;

export function isHotCommand(command: string): boolean {
  return HOT.test(command);
}

export function isSuCommand(command: string): boolean {
  return /^su(\s|$)/.test(command.trim());
}

export function createsFile(command: string): boolean {
  return CREATES.test(command.trim());
}
