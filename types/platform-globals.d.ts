/**
 * The web-platform globals src/lib may use, for `tsc -p tsconfig.lib.json` only: each exists, with
 * these members, in the browser's page and workers and in Node 20. Nothing else is declared, so a use of
 * `process`, `Buffer`, `window`, `document` or `self` in src/lib fails the check. Declared by hand
 * because the DOM and WebWorker libraries declare page- or worker-only globals too, and Node's types
 * declare Node's.
 */
interface Blob {
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  stream(): ReadableStream<Uint8Array>;
}
declare var Blob: {
  prototype: Blob;
  new (parts?: (ArrayBuffer | ArrayBufferView | Blob | string)[], options?: { type?: string }): Blob;
};

type ReadableStreamReadResult<T> = { done: false; value: T } | { done: true; value?: undefined };
interface ReadableStreamDefaultReader<T> {
  read(): Promise<ReadableStreamReadResult<T>>;
  releaseLock(): void;
  cancel(reason?: unknown): Promise<void>;
}
interface ReadableStream<T> {
  getReader(): ReadableStreamDefaultReader<T>;
  [Symbol.asyncIterator]?(): AsyncIterableIterator<T>;
}

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare var AbortSignal: { prototype: AbortSignal; abort(reason?: unknown): AbortSignal };
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };

interface DOMException extends Error {
  readonly name: string;
}
declare var DOMException: { prototype: DOMException; new (message?: string, name?: string): DOMException };

interface TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
interface TextDecoder {
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };

declare var performance: { now(): number };
declare var crypto: { subtle: { digest(algorithm: string, data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> } };
declare function atob(data: string): string;
declare function btoa(data: string): string;
