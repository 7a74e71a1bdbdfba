/**
 * The first bytes of an input, for choosing its format, without losing them: a Blob is sliced, a
 * string encoded, and a stream of chunks read until enough bytes are in, then handed on whole
 * (those chunks first) as a new stream.
 */
import type { IngestInput } from './record-source';

/** How many leading bytes are looked at to choose a format (and to judge whether a file is text). */
export const SNIFF_BYTES = 4096;

/**
 * `decided`: a stream stops being read for its head once it tells the format from the bytes in so
 * far (a capture's magic number is its first 4 bytes, so a live capture's first packet is not kept
 * waiting for 4 KiB).
 */
export async function inputHead(input: IngestInput, decided?: (head: Uint8Array) => boolean): Promise<{ head: Uint8Array; input: IngestInput }> {
  if (typeof input === 'string') {
    const n = Math.min(input.length, SNIFF_BYTES);
    // Characters above U+00FF stand as a letter: text, never a magic number.
    const head = Uint8Array.from({ length: n }, (_, i) => (input.charCodeAt(i) > 0xff ? 0x61 : input.charCodeAt(i)));
    return { head, input };
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return { head: new Uint8Array(await input.slice(0, SNIFF_BYTES).arrayBuffer()), input };
  }
  const iterator = (input as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const taken: (Uint8Array | string)[] = [];
  let bytes = 0;
  let ended = false;
  while (bytes < SNIFF_BYTES) {
    const step = await iterator.next();
    if (step.done) {
      ended = true;
      break;
    }
    taken.push(step.value);
    bytes += typeof step.value === 'string' ? step.value.length : step.value.length;
    if (decided && bytes < SNIFF_BYTES && decided(headOf(taken, bytes))) break;
  }
  const head = headOf(taken, bytes);
  const replay: AsyncIterable<Uint8Array | string> = {
    [Symbol.asyncIterator]() {
      let k = 0;
      return {
        async next() {
          if (k < taken.length) return { done: false, value: taken[k++] };
          if (ended) return { done: true, value: undefined };
          return iterator.next();
        },
        async return() {
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { head, input: replay };
}

const encoder = new TextEncoder();

/** The first min(bytes, SNIFF_BYTES) bytes of the chunks taken. */
function headOf(taken: (Uint8Array | string)[], bytes: number): Uint8Array {
  const head = new Uint8Array(Math.min(bytes, SNIFF_BYTES));
  let at = 0;
  for (const chunk of taken) {
    if (at >= head.length) break;
    const b = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    head.set(b.subarray(0, head.length - at), at);
    at += Math.min(b.length, head.length - at);
  }
  return head;
}
