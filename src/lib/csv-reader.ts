/**
 * Streams a CSV (a browser File/Blob, a Node readable stream or a string) through papaparse in chunks,
 * never holding the whole text, and hands RecordBatches to `onBatch`. When `onBatch` returns a
 * promise the parser pauses until it settles, so a slow consumer (inference) bounds memory.
 */
import Papa from 'papaparse';
import { FileFormatError } from './column-layout';
import { RecordParser, type ParseSummary } from './record-parser';
import type { RecordBatch } from './record-batch';

export interface ReadProgress {
  bytesRead: number;
  /** Size of the input when known, else 0. */
  totalBytes: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

export interface ReadOptions {
  onBatch: (batch: RecordBatch) => void | Promise<void>;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** Records per batch (default 8192). */
  batchSize?: number;
  /** Bytes papaparse reads at a time (default 1 MiB). */
  chunkBytes?: number;
  /** Size of a stream input, for progress. */
  totalBytes?: number;
}

export type CsvInput = Blob | string | NodeJS.ReadableStream;

export function abortError(): Error {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

export function readRecords(input: CsvInput, options: ReadOptions): Promise<ParseSummary> {
  const { onBatch, onProgress, signal } = options;
  const totalBytes = options.totalBytes ?? (typeof input === 'string' ? input.length : isBlob(input) ? input.size : 0);
  return new Promise<ParseSummary>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const ready: RecordBatch[] = [];
    const parser = new RecordParser(options.batchSize ?? 8192, (b) => ready.push(b));
    let failed = false;
    let bytesRead = 0;
    const fail = (error: unknown, handle?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      handle?.abort();
      reject(error);
    };
    // Delivers queued batches in order; resolves once the consumer has taken them all.
    const drain = async () => {
      while (ready.length > 0) await onBatch(ready.shift()!);
    };
    // One code path for all inputs: papaparse picks its string, File or Node-stream reader at run time.
    const config: Papa.ParseLocalConfig<string[], Papa.LocalFile> = {
      delimiter: ',',
      skipEmptyLines: false,
      chunkSize: options.chunkBytes ?? 1 << 20,
      chunk(results: Papa.ParseResult<string[]>, handle: Papa.Parser) {
        if (failed) return;
        if (signal?.aborted) return fail(abortError(), handle);
        try {
          for (const fields of results.data) parser.pushRow(fields);
        } catch (error) {
          return fail(error, handle);
        }
        bytesRead = Math.max(bytesRead, results.meta.cursor ?? 0);
        onProgress?.({ bytesRead: Math.min(bytesRead, totalBytes || bytesRead), totalBytes, ...parser.counts });
        if (ready.length === 0) return;
        handle.pause();
        drain().then(
          () => (signal?.aborted ? fail(abortError(), handle) : handle.resume()),
          (error) => fail(error, handle),
        );
      },
      complete() {
        if (failed) return;
        if (signal?.aborted) return fail(abortError());
        try {
          const summary = parser.finish();
          if (parser.columnLayout === null) throw new FileFormatError('The file is empty: it has no rows.');
          drain().then(() => {
            onProgress?.({ bytesRead: totalBytes || bytesRead, totalBytes, ...parser.counts });
            resolve(summary);
          }, fail);
        } catch (error) {
          fail(error);
        }
      },
      error(error: Error) {
        fail(new FileFormatError(`The file could not be read: ${error.message}`));
      },
    };
    Papa.parse(input as Papa.LocalFile, config);
  });
}

function isBlob(x: unknown): x is Blob {
  return typeof Blob !== 'undefined' && x instanceof Blob;
}
