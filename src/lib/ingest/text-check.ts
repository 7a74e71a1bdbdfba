/**
 * Refuses, from its first bytes, a file that is not UTF-8 (or ASCII) text: UTF-16/32, archives,
 * images, documents, executables, any binary. Reading such a file row by row would only produce
 * a wall of confusing rejects (or a "header" of garbage), so it is stopped with one clear message
 * before any parsing. Used by the CSV reader and by the page's early refusal (sniff.ts).
 */
import { SNIFF_BYTES } from './input-head';

interface Signature {
  bytes: number[];
  what: string;
}

// Magic numbers of the files most often picked by mistake instead of a CSV.
const SIGNATURES: Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an .xlsx/.docx document, which are ZIP files)' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data: decompress it first' },
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2-compressed data: decompress it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data: decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data: decompress it first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Office document (.xls/.doc)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable (ELF)' },
  { bytes: [0x4d, 0x5a], what: 'a Windows executable' },
  { bytes: [0xd4, 0xc3, 0xb2, 0xa1], what: 'a packet capture (pcap), which is read as a capture, not as CSV' },
  { bytes: [0xa1, 0xb2, 0xc3, 0xd4], what: 'a packet capture (pcap), which is read as a capture, not as CSV' },
  { bytes: [0x0a, 0x0d, 0x0d, 0x0a], what: 'a packet capture (pcapng), which is read as a capture, not as CSV' },
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);

/** What a file often picked by mistake looks like from its first bytes ("a PNG image"), or null. */
export function looksLike(head: Uint8Array): string | null {
  for (const { bytes: magic, what } of SIGNATURES) if (startsWith(head, magic)) return what;
  return null;
}

/**
 * Why the file whose first bytes are `head` is not a text file this tool reads, or null when it
 * may be one. Looks at the first SNIFF_BYTES bytes at most.
 */
export function notTextReason(head: Uint8Array): string | null {
  const bytes = head.subarray(0, SNIFF_BYTES);
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return 'The file is UTF-32 text. Save it as UTF-8 (or plain ASCII) comma-separated text and choose it again.';
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || looksLikeUtf16WithoutMark(bytes)) {
    return 'The file is UTF-16 text (as "Unicode text" exports often are). Save it as UTF-8 (or plain ASCII) comma-separated text and choose it again.';
  }
  const what = looksLike(bytes);
  if (what !== null) return `This is not a CSV file: it looks like ${what}.`;
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return `This is not a text file: it holds a zero byte at byte ${i + 1}, as binary files do.`;
    // Tab, line feed, carriage return and form feed are text; other C0 controls are not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > 0 && control * 100 > bytes.length) {
    return `This is not a text file: ${control} of its first ${bytes.length} bytes are control characters, as in binary files.`;
  }
  return null;
}

/** ASCII text in UTF-16 without a byte-order mark: every other byte is zero. */
function looksLikeUtf16WithoutMark(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = Math.floor(bytes.length / 2);
  return (oddZeros > pairs * 0.9 && evenZeros === 0) || (evenZeros > pairs * 0.9 && oddZeros === 0);
}

/** notTextReason for text already decoded (a string input): its first characters as bytes when they are all below 256. */
export function notTextReasonForString(text: string): string | null {
  const n = Math.min(text.length, SNIFF_BYTES);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // A character above U+00FF is text, not a control byte: stand it in by a letter.
    bytes[i] = c > 0xff ? 0x61 : c;
  }
  return notTextReason(bytes);
}

export const EMPTY_FILE_MESSAGE = 'The file is empty: it has no rows.';
