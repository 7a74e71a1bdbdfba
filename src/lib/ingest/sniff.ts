/**
 * The page's early refusal: judged from a file's size and first bytes only, before any model loads or
 * a worker parses anything. The formats' own sniffing lives in their table (ingest/index.ts).
 */
import { formatOf, INPUT_FORMATS, type InputFormatEntry } from './index';
import { SNIFF_BYTES } from './input-head';
import { EMPTY_FILE_MESSAGE, looksLike, notTextReason } from './text-check';

// scripts/lib/cli-io.ts reads the head size from here.
export { SNIFF_BYTES } from './input-head';

/** The binary format a file's name claims (`.pcap`, `.pcapng`, `.cap`), if any. */
function binaryFormatNamed(name: string | undefined): InputFormatEntry | undefined {
  const lower = name?.toLowerCase();
  return lower === undefined ? undefined : INPUT_FORMATS.find((f) => f.binary && f.extensions.some((e) => lower.endsWith(e)));
}

/**
 * Why `blob` cannot be read at all (a few KiB read; a read that fails is a reason too), or null when
 * its format's reader may read it. A binary File named as a capture is told so when it is not one
 * (the format is always read from the bytes; the name only words the message).
 */
export async function refusalOf(blob: Blob): Promise<string | null> {
  const named = binaryFormatNamed((blob as Blob & { name?: string }).name);
  if (blob.size === 0) return named ? `The file is empty (0 bytes): a ${named.name} holds at least its file header.` : EMPTY_FILE_MESSAGE;
  try {
    const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
    // A binary format (a capture) is judged by its own reader; every other input must be text.
    if (formatOf(head).binary) return null;
    const notText = notTextReason(head);
    // Text named .pcap is still read for what its bytes are (a CSV, a conn.log).
    if (notText !== null && named) {
      const what = looksLike(head);
      return `This is not a ${named.name}, though its name says so: ${what === null ? 'its first bytes are no pcap or pcapng file header' : `it looks like ${what}`}.`;
    }
    return notText;
  } catch (error) {
    return `The file could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
