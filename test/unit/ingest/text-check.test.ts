import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES } from '../../../src/lib/ingest/input-head';
import { notTextReason, notTextReasonForString } from '../../../src/lib/ingest/text-check';

const ascii = (s: string) => new TextEncoder().encode(s);
const RECORD = '0,tcp,ftp_data,SF,491,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0.00,0.00,0.00,0.00,1.00,0.00,0.00,150,25,0.17,0.03,0.17,0.00,0.00,0.00,0.05,0.00,normal,20\n';

describe('notTextReason', () => {
  it('lets text through: ASCII records, CRLF, tabs, a UTF-8 byte-order mark and UTF-8 letters', () => {
    expect(notTextReason(ascii(RECORD.repeat(40)))).toBeNull();
    expect(notTextReason(ascii(RECORD.replace('\n', '\r\n').replaceAll(',', '\t')))).toBeNull();
    expect(notTextReason(ascii('\uFEFFduration,protocol_type,service,Ünïcödé\n'))).toBeNull();
    expect(notTextReason(new Uint8Array(0))).toBeNull();
  });

  it('names UTF-16 with either byte-order mark, and without one', () => {
    const utf16le = Buffer.from('\uFEFFduration,protocol_type\n', 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    const bare = Buffer.from('duration,protocol_type,service\n', 'utf16le');
    for (const bytes of [utf16le, utf16be, bare]) expect(notTextReason(bytes)).toMatch(/^The file is UTF-16 text/);
  });

  it('names UTF-32 before mistaking it for UTF-16', () => {
    expect(notTextReason(Uint8Array.from([0xff, 0xfe, 0, 0, 0x64, 0, 0, 0]))).toMatch(/^The file is UTF-32 text/);
  });

  it('names common binary formats by their magic numbers', () => {
    expect(notTextReason(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(
      'This is not a CSV file: it looks like a ZIP archive (or an .xlsx/.docx document, which are ZIP files).',
    );
    expect(notTextReason(Uint8Array.from([0x1f, 0x8b, 0x08]))).toBe('This is not a CSV file: it looks like gzip-compressed data: decompress it first.');
    expect(notTextReason(ascii('%PDF-1.7\n'))).toBe('This is not a CSV file: it looks like a PDF document.');
    expect(notTextReason(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0]))).toMatch(/packet capture \(pcap\)/);
  });

  it('gives the 1-based position of the first zero byte', () => {
    const bytes = ascii(RECORD);
    bytes[10] = 0;
    expect(notTextReason(bytes)).toBe('This is not a text file: it holds a zero byte at byte 11, as binary files do.');
  });

  it('refuses many control characters but tolerates a stray one', () => {
    const noisy = ascii(RECORD.repeat(4));
    for (let i = 0; i < noisy.length; i += 20) noisy[i] = 0x01;
    expect(notTextReason(noisy)).toMatch(/^This is not a text file: \d+ of its first \d+ bytes are control characters/);
    const stray = ascii(RECORD.repeat(4));
    stray[5] = 0x1b;
    expect(notTextReason(stray)).toBeNull();
  });

  it('only looks at the first SNIFF_BYTES bytes', () => {
    const bytes = ascii(RECORD.repeat(Math.ceil((SNIFF_BYTES * 2) / RECORD.length)));
    bytes[SNIFF_BYTES + 10] = 0;
    expect(notTextReason(bytes)).toBeNull();
    bytes[SNIFF_BYTES - 1] = 0;
    expect(notTextReason(bytes)).toMatch(`at byte ${SNIFF_BYTES},`);
  });
});

describe('notTextReasonForString', () => {
  it('reads a decoded string the same way, any character above U+00FF counting as text', () => {
    expect(notTextReasonForString(RECORD)).toBeNull();
    expect(notTextReasonForString('日本語,テキスト\n'.repeat(50))).toBeNull();
    expect(notTextReasonForString('ab\u0000cd')).toBe('This is not a text file: it holds a zero byte at byte 3, as binary files do.');
  });
});
