/**
 * Any input as a sequence of byte chunks, for the binary formats (captures): a Blob through its
 * stream (the browser reads ahead while a chunk is decoded), byte streams as they come, text encoded.
 */
import type { IngestInput } from './record-source';

export async function* byteChunks(input: IngestInput, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  if (typeof input === 'string') {
    for (let at = 0; at < input.length; at += chunkBytes) yield encoder.encode(input.slice(at, at + chunkBytes));
    return;
  }
  const chunks: AsyncIterable<Uint8Array | string> =
    typeof Blob !== 'undefined' && input instanceof Blob ? (input.stream() as unknown as AsyncIterable<Uint8Array>) : (input as AsyncIterable<Uint8Array | string>);
  for await (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}
