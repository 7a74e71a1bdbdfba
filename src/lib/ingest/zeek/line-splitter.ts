/**
 * Cuts text arriving in chunks of any size into lines (LF or CRLF), so a line split across chunks
 * is seen whole. A line longer than maxChars is not kept in memory: it is reported once, as too
 * long, when its end arrives.
 */
export class LineSplitter {
  private pending = '';
  private overlong = false;

  constructor(
    private readonly onLine: (line: string, tooLong: boolean) => void,
    private readonly maxChars: number,
  ) {}

  push(chunk: string): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl < 0) break;
      this.emit(chunk.slice(from, nl));
      from = nl + 1;
    }
    if (from < chunk.length) this.keep(chunk.slice(from));
  }

  /** The last line, when the text does not end with a line break. */
  finish(): void {
    if (this.pending !== '' || this.overlong) this.emit('');
  }

  private keep(part: string): void {
    if (this.overlong) return;
    this.pending += part;
    if (this.pending.length > this.maxChars) {
      this.pending = '';
      this.overlong = true;
    }
  }

  private emit(tail: string): void {
    if (this.overlong) {
      this.overlong = false;
      this.onLine('', true);
      return;
    }
    let line = this.pending === '' ? tail : this.pending + tail;
    this.pending = '';
    if (line.length > this.maxChars) {
      this.onLine('', true);
      return;
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.onLine(line, false);
  }
}
