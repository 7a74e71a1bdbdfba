/**
 * Streams a CSV (a browser File/Blob, a stream of byte chunks or a string) in chunks, never holding
 * the whole text, and hands RecordBatches to `onBatch`. When `onBatch` returns a promise the reader
 * pauses until it settles, so a slow consumer (inference) bounds memory.
 *
 * The rows are exactly papaparse's (5.x, delimiter ',', no header): papaparse guesses the line break
 * from the first chunk, then splits each chunk (after the partial line left by the one before) on
 * line breaks and commas when the chunk holds no quote character, and runs its full CSV parser
 * otherwise. The reader does the same: quote-free text goes line by line to RecordParser.pushLine
 * (which equals pushRow of the line's comma-split fields, without building them), any other chunk
 * through papaparse's Parser. Chunks are cut as papaparse's streamers cut them (string pieces and Blob
 * slices of `chunkBytes`, a stream's own chunks), so every row, reject and progress report is
 * the same; a Blob is read ahead while it is parsed, though (see blobSource).
 */
import Papa from 'papaparse';
import { FileFormatError } from './column-layout';
import { EMPTY_FILE_MESSAGE, notTextReason, notTextReasonForString } from '../text-check';
import { isTooLong, MAX_ROW_CHARS, RecordParser, TOO_LONG_REASON, type ParseSummary } from './record-parser';
import type { RecordBatch } from '../record-batch';
import type { ReadOptions } from '../record-source';
import { abortError } from '../../util/errors';

export type { ReadProgress, ReadOptions } from '../record-source';

/** Text, a Blob (a browser File), or a stream of byte chunks (a Node file stream, standard input). */
export type CsvInput = Blob | string | AsyncIterable<Uint8Array | string>;

export function readRecords(input: CsvInput, options: ReadOptions): Promise<ParseSummary> {
  const { onBatch, onProgress, signal } = options;
  const totalBytes = options.totalBytes ?? (typeof input === 'string' ? input.length : isBlob(input) ? input.size : 0);
  if (signal?.aborted) return Promise.reject(abortError());
  return (async () => {
    const ready: RecordBatch[] = [];
    const parser = new RecordParser(options.batchSize ?? 8192, (b) => ready.push(b));
    let bytesRead = 0;
    await splitRows(input, parser, {
      chunkBytes: options.chunkBytes,
      signal,
      afterPiece: async (consumed) => {
        bytesRead = Math.max(bytesRead, consumed);
        onProgress?.({ bytesRead: Math.min(bytesRead, totalBytes || bytesRead), totalBytes, ...parser.counts });
        if (ready.length > 0) {
          // Delivered in order, one at a time; nothing more is parsed until the consumer has taken them.
          while (ready.length > 0) await onBatch(ready.shift()!);
          if (signal?.aborted) throw abortError();
        }
      },
    });
    if (signal?.aborted) throw abortError();
    const summary = parser.finish();
    if (parser.columnLayout === null) throw new FileFormatError(EMPTY_FILE_MESSAGE);
    if (summary.rowsRead === 0) throw new FileFormatError('The file has a header row but no data rows.');
    while (ready.length > 0) await onBatch(ready.shift()!);
    onProgress?.({ bytesRead: totalBytes || bytesRead, totalBytes, ...parser.counts });
    return summary;
  })();
}

/** What rows go to: RecordParser, or a plain row counter that re-reads a file (data-rows.ts). */
export interface RowSink {
  pushRow(fields: readonly string[]): void;
  /** The line `text.slice(start, end)` of a quote-free text; `ascii`: its characters as bytes, or null. */
  pushLine(text: string, ascii: Uint8Array | null, start: number, end: number): void;
  /** A row that could not be tokenised (too long, a quote never closed): counted, and skipped. */
  rejectRow(kind: 'too-long' | 'unclosed-quote', reason: string): void;
}

export interface SplitOptions {
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Runs after each piece of the input is split, with the characters consumed so far; awaited. Reading stops when it gives false. */
  afterPiece?: (consumed: number) => void | boolean | Promise<void>;
}

/**
 * Splits `input` into rows for `sink`, piece by piece: the one tokeniser behind readRecords and every
 * re-reading of a file, so that row numbers agree. Refuses a file that is not text from its first piece.
 */
export async function splitRows(input: CsvInput, sink: RowSink, options: SplitOptions = {}): Promise<void> {
  const { signal, afterPiece } = options;
  if (signal?.aborted) throw abortError();
  const chunkSize = Math.max(0, Math.trunc(options.chunkBytes ?? 1 << 20)) || 0;
  const source =
    typeof input === 'string' ? stringSource(input, chunkSize) : isBlob(input) ? blobSource(input, chunkSize) : iterableSource(input);
  const rows = new RowSplitter(sink);
  let sniffed = false;
  try {
    for (;;) {
      let piece: Piece;
      try {
        piece = await source.next();
      } catch (error) {
        throw new FileFormatError(`The file could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (signal?.aborted) throw abortError();
      if (!sniffed && (piece.text !== '' || piece.last)) {
        // Refused before a row is parsed: a binary or UTF-16 file would only give pages of rejects.
        sniffed = true;
        const notText = piece.raw ? notTextReason(piece.raw) : notTextReasonForString(piece.text);
        if (notText !== null) throw new FileFormatError(notText);
      }
      const consumed = rows.push(piece.text, piece.last, piece.ascii);
      if ((await afterPiece?.(consumed)) === false || piece.last) break;
    }
  } finally {
    source.close();
  }
}

/** A piece of the input's text; `last` for the final one (which may be empty). */
interface Piece {
  text: string;
  last: boolean;
  /** The bytes the text was decoded from, when they are all ASCII (so byte i is character i). */
  ascii?: Uint8Array | null;
  /** The bytes the text was decoded from (for sniffing the first piece), when the source has bytes. */
  raw?: Uint8Array;
}

interface ChunkSource {
  next(): Piece | Promise<Piece>;
  /** Stops reading (after the end, a failure or an abort). */
  close(): void;
}

/**
 * Splits text into rows as papaparse does and feeds them to the RecordParser. `push` returns
 * papaparse's cursor: the characters consumed so far, up to the end of the last complete row.
 */
class RowSplitter {
  private newline = '';
  private partialLine = '';
  private baseIndex = 0;
  /** A quote-free chunk's characters as bytes, when they are all ASCII (read faster than the string). */
  private ascii = new Uint8Array(0);
  private readonly encoder = new TextEncoder();
  /** Dropping an over-long row until its line break; `skippedTail` holds the last dropped characters, which may begin one. */
  private skipping = false;
  private skippedTail = '';

  constructor(private readonly parser: RowSink) {}

  /** Parses `chunk` after the partial line left by the last one; `chunkAscii`: see Piece.ascii. */
  push(chunk: string, last: boolean, chunkAscii: Uint8Array | null = null): number {
    if (this.skipping) {
      // Dropping the rest of an over-long row, up to its line break (which may straddle two chunks).
      const tail = this.skippedTail;
      const at = (tail + chunk).indexOf(this.newline);
      if (at < 0) {
        this.skippedTail = this.newline.length > 1 ? chunk.slice(-1) : '';
        this.baseIndex += chunk.length;
        if (!last) return this.baseIndex;
        this.skipping = false;
        return this.push('', true);
      }
      const resume = at + this.newline.length - tail.length;
      this.skipping = false;
      this.skippedTail = '';
      this.baseIndex += resume;
      return this.push(chunk.substring(resume), last, chunkAscii?.subarray(resume) ?? null);
    }
    const partialLine = this.partialLine;
    // One flat string (not a concatenation or a slice of a bigger one): reading its characters is faster.
    const text = [partialLine, chunk].join('');
    this.partialLine = '';
    if (this.newline === '') {
      // The line ending is guessed from text that holds one: a first piece shorter than the first row has none.
      if (!last && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
        this.partialLine = text;
        if (text.length > MAX_ROW_CHARS) this.parser.rejectRow('too-long', TOO_LONG_REASON); // the first row: refuses the file
        return this.baseIndex;
      }
      this.newline = guessLineEndings(text);
    }
    let cursor = this.baseIndex;
    if (text === '') {
      // The input ended right after a line break: the empty last line, as a one-piece input has it
      // (a blank line before that break is then a row; the parser drops this final empty one).
      if (last && this.baseIndex > 0) this.parser.pushRow(['']);
    } else if (text.indexOf('"') === -1) {
      cursor += this.pushLines(text, last, this.asciiBytes(text, partialLine, chunkAscii));
    } else {
      // Quotes: papaparse's full parser, configured as papaparse configures it for this file.
      const papa = new Papa.Parser({ delimiter: ',', newline: this.newline as '\n' | '\r\n' | '\r' });
      const parsed = papa.parse(text, this.baseIndex, !last) as Papa.ParseResult<string[]>;
      const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes');
      if (unclosed === undefined) {
        for (const fields of parsed.data) this.pushFields(fields);
        cursor = parsed.meta.cursor;
      } else {
        // Only at the end of the input (before it, the open row waits for more text): the rows before
        // it are read, it is rejected, and reading goes on at the line after its opening quote.
        for (let r = 0; r < (unclosed.row ?? parsed.data.length - 1); r++) this.pushFields(parsed.data[r]);
        this.parser.rejectRow('unclosed-quote', 'a quoted field opens in this row and is never closed; reading went on at the next line');
        const resume = text.indexOf(this.newline, unclosed.index);
        if (resume < 0) return this.baseIndex + text.length;
        this.baseIndex += resume + this.newline.length;
        return this.push(text.substring(resume + this.newline.length), true);
      }
    }
    if (!last) {
      this.partialLine = text.substring(cursor - this.baseIndex);
      this.baseIndex = cursor;
      if (this.partialLine.length > MAX_ROW_CHARS) return this.dropLongRow();
    }
    return cursor;
  }

  /** Every row goes to the sink through these two: one longer than MAX_ROW_CHARS is rejected unread, whichever sink it is. */
  private pushFields(fields: readonly string[]): void {
    if (isTooLong(fields)) this.parser.rejectRow('too-long', TOO_LONG_REASON);
    else this.parser.pushRow(fields);
  }

  private pushLine(text: string, ascii: Uint8Array | null, start: number, end: number): void {
    if (end - start > MAX_ROW_CHARS) this.parser.rejectRow('too-long', TOO_LONG_REASON);
    else this.parser.pushLine(text, ascii, start, end);
  }

  /**
   * The unfinished row carried to the next chunk is longer than any record: rejected unread. When it
   * spans lines (a quote left open), reading goes on at its second line; else at its line break.
   */
  private dropLongRow(): number {
    const row = this.partialLine;
    this.partialLine = '';
    const lineBreak = row.indexOf(this.newline);
    if (lineBreak >= 0) {
      this.parser.rejectRow(
        'unclosed-quote',
        `a quoted field opens in this row and is not closed within ${MAX_ROW_CHARS.toLocaleString('en-US')} characters; reading went on at the next line`,
      );
      this.baseIndex += lineBreak + this.newline.length;
      return this.push(row.substring(lineBreak + this.newline.length), false);
    }
    this.parser.rejectRow('too-long', TOO_LONG_REASON);
    this.baseIndex += row.length;
    this.skipping = true;
    this.skippedTail = this.newline.length > 1 ? row.slice(-1) : '';
    return this.baseIndex;
  }

  /** `text` (= partialLine + the chunk) as bytes when it is all ASCII, else null. */
  private asciiBytes(text: string, partialLine: string, chunkAscii: Uint8Array | null): Uint8Array | null {
    if (this.ascii.length < text.length) this.ascii = new Uint8Array(Math.ceil(text.length * 1.25));
    // The chunk's own bytes when the source has them, so only the (short) partial line is encoded.
    const head = chunkAscii !== null && chunkAscii.length === text.length - partialLine.length ? partialLine : text;
    const { read, written } = this.encoder.encodeInto(head, this.ascii);
    if (read !== head.length || written !== head.length) return null;
    if (head !== text) this.ascii.set(chunkAscii!, head.length);
    return this.ascii;
  }

  /** papaparse's quote-free path: every line (`split(newline)`) is a row; the last one waits for more text unless `last`. */
  private pushLines(text: string, last: boolean, ascii: Uint8Array | null): number {
    const newline = this.newline;

    let start = 0;
    for (;;) {
      const end = text.indexOf(newline, start);
      if (end < 0) break;
      this.pushLine(text, ascii, start, end);
      start = end + newline.length;
    }
    if (!last) return start;
    this.pushLine(text, ascii, start, text.length);
    return text.length;
  }
}

/** papaparse's own guess ('\n', '\r\n' or '\r'), made once from the first chunk as papaparse makes it. */
function guessLineEndings(text: string): string {
  const internals = Papa as unknown as { ParserHandle: new (config: object) => { guessLineEndings(input: string, quoteChar: string): string } };
  return new internals.ParserHandle({}).guessLineEndings(text, '"');
}

/** Pieces of `chunkSize` characters (all at once when 0), after a leading byte-order mark is dropped. */
function stringSource(input: string, chunkSize: number): ChunkSource {
  let remaining = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return {
    next() {
      let text = remaining;
      if (chunkSize > 0) {
        text = remaining.substring(0, chunkSize);
        remaining = remaining.substring(chunkSize);
      } else remaining = '';
      return { text, last: remaining === '' };
    },
    close() {
      remaining = '';
    },
  };
}

/**
 * Pieces of `chunkSize` bytes (the whole Blob when 0), each decoded on its own as papaparse's
 * FileReader.readAsText decoded each slice (UTF-8, a leading byte-order mark dropped). The bytes come
 * from blob.stream() with one read always under way, so the browser reads while a piece is parsed
 * (papaparse read the next slice only after parsing the last one).
 */
function blobSource(blob: Blob, chunkSize: number): ChunkSource {
  const pieceSize = chunkSize > 0 ? chunkSize : blob.size;
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder();
  let reading: ReturnType<typeof reader.read> | null = null;
  const readAhead = () => {
    reading = reader.read();
    reading.catch(() => {}); // handled where it is awaited; not "unhandled" if reading stops first
  };
  let held: Uint8Array = new Uint8Array(0); // read from the stream, not handed out yet
  let taken = 0;
  let ended = false;
  return {
    async next() {
      const want = Math.min(pieceSize, blob.size - taken);
      let piece: Uint8Array | null = null;
      let filled = 0;
      while (filled < want) {
        if (held.length === 0) {
          if (reading === null) readAhead();
          const { done, value } = await reading!;
          if (done) {
            ended = true;
            break;
          }
          held = value;
          readAhead();
          continue;
        }
        const n = Math.min(held.length, want - filled);
        if (piece === null && n === want) piece = held.subarray(0, n);
        else {
          piece ??= new Uint8Array(want);
          piece.set(held.subarray(0, n), filled);
        }
        held = held.subarray(n);
        filled += n;
      }
      taken += filled;
      const bytes = piece === null ? new Uint8Array(0) : piece.subarray(0, filled);
      const text = decoder.decode(bytes);
      return { text, last: ended || taken >= blob.size, ascii: asciiOrNull(bytes, text), raw: bytes };
    },
    close() {
      reader.cancel().catch(() => {});
    },
  };
}

/**
 * The chunks of a byte stream (a Node file stream, standard input: anything async-iterable), each
 * decoded on its own as papaparse decodes a stream's chunks, then an empty last piece at its end.
 * Pulled one at a time, so a slow consumer pauses the stream.
 */
function iterableSource(chunks: AsyncIterable<Uint8Array | string>): ChunkSource {
  const iterator = chunks[Symbol.asyncIterator]();
  // A byte-order mark stays in the text (the header reader drops it), as Buffer.toString keeps it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let done = false;
  return {
    async next() {
      if (done) return { text: '', last: true };
      const step = await iterator.next();
      if (step.done) {
        done = true;
        return { text: '', last: true };
      }
      const chunk = step.value;
      if (typeof chunk === 'string') return { text: chunk, last: false };
      const text = decoder.decode(chunk);
      return { text, last: false, ascii: asciiOrNull(chunk, text), raw: chunk };
    },
    close() {
      if (done) return;
      // Stopped early: ending the iteration closes the stream and releases its file.
      done = true;
      void iterator.return?.()?.catch(() => {});
    },
  };
}

/**
 * `bytes` when they are all ASCII, given `text`, their UTF-8 decoding: then the decoding has as many
 * characters as there are bytes and no U+FFFD (a multi-byte character, a dropped byte-order mark or
 * U+FFFD itself shortens it; an invalid byte becomes U+FFFD).
 */
function asciiOrNull(bytes: Uint8Array, text: string): Uint8Array | null {
  return text.length === bytes.length && text.indexOf('\uFFFD') < 0 ? bytes : null;
}

function isBlob(x: unknown): x is Blob {
  return typeof Blob !== 'undefined' && x instanceof Blob;
}
