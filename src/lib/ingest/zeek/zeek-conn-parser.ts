import type { Connection } from '../connections/connection';
import type { RawConnRow } from './conn-fields';
import { checkConnRow, type ConnRow } from './conn-row';
import { connectionFromRow } from './conn-to-connection';
import type { ZeekLogFormat } from './detect';
import { jsonRowOf } from './json-row';
import { LineSplitter } from './line-splitter';
import { MAX_KEPT_REJECTS, RowRejected, type ZeekReject, type ZeekRejectKind } from './rejects';
import { TsvHeader } from './tsv-header';

/** Longest line kept: conn.log rows are a few hundred characters; this only bounds a hostile file. */
export const MAX_LINE_CHARS = 65_536;

export interface ZeekSummary {
  /** The form read, from the first non-empty line (null: no line was read). */
  format: ZeekLogFormat | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first MAX_KEPT_REJECTS rejects; rejectCounts counts them all. */
  rejects: ZeekReject[];
  rejectCounts: Partial<Record<ZeekRejectKind, number>>;
  /** Accepted rows that started before a row earlier in the file (Zeek writes rows as connections end). */
  rowsOutOfStartOrder: number;
}

export interface ZeekConnParserOptions {
  onConnection(c: Connection): void;
}

/**
 * Streams a Zeek conn.log (TSV with its `#` header, or JSON lines), in text chunks cut anywhere,
 * into Connections. Rows (data lines, 1-based; header, comment and blank lines are not rows) are
 * checked one by one: a bad row is rejected with its number and reason and reading goes on, so
 * rowsRead = rowsAccepted + rowsRejected.
 *
 * Zeek writes a row when its connection ENDS, but the traffic features need records in START
 * order; how far back a row's start can lie is unbounded (a long connection), so no bounded reorder
 * buffer is safe. The reader therefore keeps every accepted row (one small ConnRow each, ~150 bytes
 * with its address strings) and, at finish(), delivers them to onConnection sorted by ts, ties in
 * file order (Array.prototype.sort is stable).
 */
export class ZeekConnParser {
  private readonly lines: LineSplitter;
  private readonly onConnection: (c: Connection) => void;
  private format: ZeekLogFormat | null = null;
  private readonly header = new TsvHeader();
  private readonly accepted: ConnRow[] = [];
  private rowsRead = 0;
  private rowsRejected = 0;
  private readonly rejects: ZeekReject[] = [];
  private readonly rejectCounts: Partial<Record<ZeekRejectKind, number>> = {};
  private latestTs = -Infinity;
  private rowsOutOfStartOrder = 0;
  private finished = false;

  constructor(options: ZeekConnParserOptions) {
    this.onConnection = options.onConnection;
    this.lines = new LineSplitter((line, tooLong) => this.line(line, tooLong), MAX_LINE_CHARS);
  }

  pushText(chunk: string): void {
    if (this.finished) throw new Error('ZeekConnParser: pushText after finish');
    this.lines.push(chunk);
  }

  /** Ends the log: delivers every accepted row in start order, then returns the summary. */
  finish(): ZeekSummary {
    if (!this.finished) {
      this.finished = true;
      this.lines.finish();
      const rows = this.accepted.splice(0);
      rows.sort((a, b) => a.ts - b.ts);
      for (const r of rows) this.onConnection(connectionFromRow(r));
    }
    return {
      format: this.format,
      rowsRead: this.rowsRead,
      rowsAccepted: this.rowsRead - this.rowsRejected,
      rowsRejected: this.rowsRejected,
      rejects: this.rejects.slice(),
      rejectCounts: { ...this.rejectCounts },
      rowsOutOfStartOrder: this.rowsOutOfStartOrder,
    };
  }

  private line(line: string, tooLong: boolean): void {
    if (tooLong) {
      this.rowsRead++;
      this.reject('too-long', `line longer than ${MAX_LINE_CHARS} characters`);
      return;
    }
    if (line.trim() === '') return;
    if (this.format === null) {
      const start = line.startsWith('\uFEFF') ? line.slice(1) : line;
      this.format = start.trimStart().startsWith('{') ? 'zeek-json' : 'zeek-tsv';
      line = start;
    }
    if (this.format === 'zeek-tsv' && line.startsWith('#')) {
      this.header.apply(line);
      return;
    }
    this.rowsRead++;
    try {
      this.accept(checkConnRow(this.format === 'zeek-json' ? jsonRowOf(line) : this.tsvRow(line)));
    } catch (e) {
      if (!(e instanceof RowRejected)) throw e;
      this.reject(e.kind, e.reason);
    }
  }

  private tsvRow(line: string): RawConnRow {
    const h = this.header;
    if (!h.hasFields) throw new RowRejected('no-header', 'data line before any #fields header');
    const absent = h.missingRequiredColumns();
    if (absent.length > 0) throw new RowRejected('missing-field', `#fields has no ${absent.join(', ')} column`);
    const row = h.rowOf(line);
    if (row === null) {
      const found = line.split(h.separator).length;
      throw new RowRejected('field-count', `expected ${h.fieldCount} fields (as #fields names), found ${found}`);
    }
    return row;
  }

  private accept(r: ConnRow): void {
    if (r.ts < this.latestTs) this.rowsOutOfStartOrder++;
    else this.latestTs = r.ts;
    this.accepted.push(r);
  }

  private reject(kind: ZeekRejectKind, reason: string): void {
    this.rowsRejected++;
    this.rejectCounts[kind] = (this.rejectCounts[kind] ?? 0) + 1;
    if (this.rejects.length < MAX_KEPT_REJECTS) this.rejects.push({ row: this.rowsRead, kind, reason });
  }
}
