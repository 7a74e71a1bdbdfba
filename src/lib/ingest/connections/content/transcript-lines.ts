/**
 * A transcript as text lines in capture order, per side: what the content rules read.
 *
 * Lines end at CR, LF or CRLF (and at NUL where the protocol separates fields with NUL: rlogin, rsh).
 * Terminal protocols (telnet, rlogin) also drop telnet IAC negotiation and apply backspace / DEL, so a
 * line typed one key per packet reads as typed. A responder's unterminated text (a prompt such as
 * "login: " or "$ ") is ended when the originator next sends; it is marked `prompt` when it began at
 * the start of a line (so echoed keystrokes are not taken for prompts).
 */

import type { Transcript } from './transcript';

export interface TranscriptLine {
  fromOrig: boolean;
  text: string;
  /** A responder's unterminated text that began a line: a prompt. */
  prompt: boolean;
}

export interface LineOptions {
  /** Strip telnet IAC sequences and apply backspace (telnet, rlogin). */
  terminal: boolean;
  /** NUL ends a line (rlogin / rsh handshakes); otherwise NUL is ignored (telnet's CR NUL). */
  nulEndsLine: boolean;
}

/** Longest line kept: longer ones are cut (the rules read commands and replies, not data). */
const MAX_LINE = 1024;

const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const DONT = 254;

class SideReader {
  /** The line so far as bytes (each one character, as String.fromCharCode reads it), made a string once it ends. */
  private readonly line = new Uint8Array(MAX_LINE);
  private lineLength = 0;
  private lastWasCr = false;
  private atLineStart = true;
  private startedAtLineStart = true;
  private iac = 0; // 0 text, 1 after IAC, 2 option byte, 3 in subnegotiation, 4 IAC inside it

  constructor(
    private readonly fromOrig: boolean,
    private readonly options: LineOptions,
    private readonly out: TranscriptLine[],
  ) {}

  read(bytes: Uint8Array): void {
    const n = bytes.length;
    for (let i = 0; i < n; ) {
      const b = bytes[i];
      if (b < 32 || b >= 127 || this.iac !== 0) {
        this.byte(b);
        i++;
        continue;
      }
      // A run of printable characters outside a telnet command (most of a transcript): what byte()
      // would do to each of them, in one copy.
      let end = i + 1;
      while (end < n && bytes[end] >= 32 && bytes[end] < 127) end++;
      if (this.lineLength === 0) this.startedAtLineStart = this.atLineStart;
      this.lastWasCr = false;
      const take = Math.min(end - i, MAX_LINE - this.lineLength);
      if (take > 0) {
        this.line.set(bytes.subarray(i, i + take), this.lineLength);
        this.lineLength += take;
      }
      i = end;
    }
  }

  private byte(b: number): void {
    if (this.options.terminal && this.telnetControl(b)) return;
    const cr = this.lastWasCr;
    this.lastWasCr = b === 13;
    if (b === 13 || (b === 10 && !cr)) return this.endLine();
    if (b === 10) return; // the LF of CRLF
    if (b === 0) {
      if (this.options.nulEndsLine) this.endLine();
      return;
    }
    if (this.options.terminal && (b === 8 || b === 127)) {
      if (this.lineLength > 0) this.lineLength--;
      return;
    }
    if (b < 32 && b !== 9) return;
    if (this.lineLength === 0) this.startedAtLineStart = this.atLineStart;
    if (this.lineLength < MAX_LINE) this.line[this.lineLength++] = b;
  }

  /** Consumes telnet IAC sequences; true when b belonged to one. */
  private telnetControl(b: number): boolean {
    switch (this.iac) {
      case 0:
        if (b !== IAC) return false;
        this.iac = 1;
        return true;
      case 1:
        this.iac = b >= WILL && b <= DONT ? 2 : b === SB ? 3 : 0;
        return true;
      case 2:
        this.iac = 0;
        return true;
      case 3:
        if (b === IAC) this.iac = 4;
        return true;
      default:
        this.iac = b === SE ? 0 : 3;
        return true;
    }
  }

  private endLine(): void {
    this.out.push({ fromOrig: this.fromOrig, text: this.takeLine(), prompt: false });
    this.atLineStart = true;
  }

  /** Ends unterminated text (the other side spoke, or the transcript ended). */
  flush(): void {
    if (this.lineLength === 0) return;
    this.out.push({ fromOrig: this.fromOrig, text: this.takeLine(), prompt: !this.fromOrig && this.startedAtLineStart });
    this.atLineStart = false;
  }

  /** The line as text (one string per line: adding a character at a time cost more than the rules). */
  private takeLine(): string {
    const text = String.fromCharCode.apply(null, this.line.subarray(0, this.lineLength) as unknown as number[]);
    this.lineLength = 0;
    return text;
  }
}

export function transcriptLines(transcript: Transcript, origSide: 0 | 1, options: LineOptions): TranscriptLine[] {
  const out: TranscriptLine[] = [];
  const orig = new SideReader(true, options, out);
  const resp = new SideReader(false, options, out);
  for (const chunk of transcript.chunks) {
    if (chunk.side === origSide) {
      resp.flush();
      orig.read(chunk.bytes);
    } else resp.read(chunk.bytes);
  }
  resp.flush();
  orig.flush();
  return out;
}
