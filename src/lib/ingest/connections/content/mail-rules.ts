/**
 * Login rules of the mail protocols, over their lines:
 * - POP3 (110): after USER, PASS, APOP or AUTH, the next status line decides: `-ERR` → one failed
 *   login; `+OK` after PASS, APOP or AUTH → logged_in (a `+OK` to USER only accepts the name).
 * - IMAP (143): a tagged `LOGIN` or `AUTHENTICATE`; the server's line with the same tag decides:
 *   `OK` → logged_in, `NO` → one failed login.
 * - SMTP (25): only when the client sent `AUTH` (otherwise SMTP has no login step): a `235` reply
 *   → logged_in, each `535` → one failed login.
 */

import { emptyContentResult, type ContentResult } from './content-result';
import type { TranscriptLine } from './transcript-lines';

function firstWord(text: string): string {
  const t = text.trim();
  const space = t.indexOf(' ');
  return (space < 0 ? t : t.slice(0, space)).toUpperCase();
}

export function pop3Content(lines: readonly TranscriptLine[]): ContentResult {
  const r = emptyContentResult();
  r.loginStep = true;
  let pending = '';
  for (const line of lines) {
    if (line.fromOrig) {
      const command = firstWord(line.text);
      if (command === 'USER' || command === 'PASS' || command === 'APOP' || command === 'AUTH') pending = command;
      continue;
    }
    if (!pending) continue;
    const upper = line.text.toUpperCase();
    if (upper.startsWith('-ERR')) {
      r.num_failed_logins++;
      pending = '';
    } else if (upper.startsWith('+OK')) {
      if (pending !== 'USER') r.logged_in = 1;
      pending = '';
    }
  }
  return r;
}

export function imapContent(lines: readonly TranscriptLine[]): ContentResult {
  const r = emptyContentResult();
  r.loginStep = true;
  const pendingTags = new Set<string>();
  for (const line of lines) {
    const words = line.text.trim().split(/\s+/);
    if (words.length < 2) continue;
    const [tag, word] = words;
    const verb = word.toUpperCase();
    if (line.fromOrig) {
      if (verb === 'LOGIN' || verb === 'AUTHENTICATE') pendingTags.add(tag);
      continue;
    }
    if (!pendingTags.has(tag)) continue;
    if (verb === 'OK') {
      r.logged_in = 1;
      pendingTags.delete(tag);
    } else if (verb === 'NO') {
      r.num_failed_logins++;
      pendingTags.delete(tag);
    }
  }
  return r;
}

export function smtpContent(lines: readonly TranscriptLine[]): ContentResult {
  const r = emptyContentResult();
  for (const line of lines) {
    if (line.fromOrig) {
      if (firstWord(line.text) === 'AUTH') r.loginStep = true;
      continue;
    }
    if (!r.loginStep) continue;
    if (/^235( |$)/.test(line.text)) r.logged_in = 1;
    else if (/^535( |$)/.test(line.text)) r.num_failed_logins++;
  }
  return r;
}
