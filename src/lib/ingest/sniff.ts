/**
 * The page's early refusal: judged from a file's size and first bytes only, before any model loads or
 * a worker parses anything. The formats' own sniffing lives in their table (ingest/index.ts).
 */
import { formatOf } from './index';
import { SNIFF_BYTES } from './input-head';
import { EMPTY_FILE_MESSAGE, notTextReason } from './text-check';

// scripts/lib/cli-io.ts reads the head size from here.
export { SNIFF_BYTES } from './input-head';

/**
 * Why `blob` cannot be read at all (a few KiB read; a read that fails is a reason too), or null when
 * its format's reader may read it.
 */
export async function refusalOf(blob: Blob): Promise<string | null> {
  if (blob.size === 0) return EMPTY_FILE_MESSAGE;
  try {
    const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
    // A binary format (a capture) is judged by its own reader; every other input must be text.
    if (formatOf(head).binary) return null;
    return notTextReason(head);
  } catch (error) {
    return `The file could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
