/**
 * The input-format table (ingest/index.ts): each format claims its own first bytes and no other's, the
 * readers come from the table, the page's early refusal leaves binary formats to their readers, and the
 * file picker's accept list is the table's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_FILE_TYPES, INPUT_FORMATS, RECORD_SOURCES, formatOf, sourceFor } from '../../../src/lib/ingest';
import { refusalOf } from '../../../src/lib/ingest/sniff';
import { tcpSession, writePcap, writePcapng } from '../../../src/lib/capture-writer/capture-writer';

const frames = () => tcpSession({ client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, serverPort: 80, start: 1_700_000_000, exchanges: [{ from: 'client', data: 'GET /' }] });
const text = (s: string) => new TextEncoder().encode(s);

/** One generated file per entry of the table, by the entry's name. */
const EXAMPLES: Record<string, Uint8Array> = {
  'pcap capture': writePcap(frames()),
  'pcapng capture': writePcapng(frames(), { interfaces: [{ linkType: 1 }] }),
  'Zeek conn.log': text('#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n'),
  'CSV of connection records': text('0,tcp,http,SF,215,45076,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,normal\n'),
};

describe('INPUT_FORMATS', () => {
  it('has an example here for every entry (a new format gets one)', () => {
    expect(INPUT_FORMATS.map((f) => f.name).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it('each example is claimed by its own entry first, and read by that entry\'s source', () => {
    for (const [name, bytes] of Object.entries(EXAMPLES)) {
      expect(formatOf(bytes).name).toBe(name);
      expect(sourceFor(bytes)).toBe(formatOf(bytes).source);
    }
  });

  it('only the last entry claims everything (CSV, which refuses what is not text)', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(INPUT_FORMATS.slice(0, -1).some((f) => f.sniff(png))).toBe(false);
    expect(formatOf(png)).toBe(INPUT_FORMATS[INPUT_FORMATS.length - 1]);
  });

  it('RECORD_SOURCES lists each reader once, in the order the formats are tried', () => {
    expect(RECORD_SOURCES.map((s) => s.format)).toEqual(['pcap', 'zeek-tsv', 'csv']);
  });

  it('the accept list names every ending and MIME type of the table, once each', () => {
    const accepted = ACCEPTED_FILE_TYPES.split(',');
    expect(new Set(accepted).size).toBe(accepted.length);
    for (const f of INPUT_FORMATS) for (const t of [...f.extensions, ...f.mimeTypes]) expect(accepted).toContain(t);
  });

  it('the file picker offers what the table lists', () => {
    const picker = readFileSync(path.resolve(import.meta.dirname, '../../../src/ui/FilePicker.svelte'), 'utf8');
    if (picker.includes('ACCEPTED_FILE_TYPES')) return;
    const literal = /accept="([^"]*)"/.exec(picker)?.[1] ?? '';
    expect(literal.split(',').sort()).toEqual(ACCEPTED_FILE_TYPES.split(',').sort());
  });
});

describe('refusalOf (the page, before any model loads)', () => {
  it('leaves binary formats to their readers and refuses other binary files', async () => {
    for (const f of INPUT_FORMATS) {
      const bytes = EXAMPLES[f.name];
      expect(await refusalOf(new Blob([bytes.slice()]))).toBeNull();
    }
    expect(await refusalOf(new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0])]))).toBe('This is not a CSV file: it looks like a PNG image.');
    expect(await refusalOf(new Blob([]))).toBe('The file is empty: it has no rows.');
  });

  it('a file named as a capture is refused in a capture\'s words; text so named is still read as what it is', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]);
    expect(await refusalOf(new File([png], 'scan.pcap'))).toBe('This is not a pcap capture, though its name says so: it looks like a PNG image.');
    expect(await refusalOf(new File([Uint8Array.from([1, 2, 3, 0, 9])], 'x.PCAPNG'))).toBe('This is not a pcapng capture, though its name says so: its first bytes are no pcap or pcapng file header.');
    expect(await refusalOf(new File([], 'empty.cap'))).toBe('The file is empty (0 bytes): a pcap capture holds at least its file header.');
    expect(await refusalOf(new File(['0,tcp,http,SF\n'], 'records.pcap'))).toBeNull();
    expect(await refusalOf(new File([png], 'picture.csv'))).toBe('This is not a CSV file: it looks like a PNG image.');
  });

  it('a binary entry is exactly one whose example is not text', async () => {
    const { notTextReason } = await import('../../../src/lib/ingest/text-check');
    for (const f of INPUT_FORMATS) expect(f.binary).toBe(notTextReason(EXAMPLES[f.name]) !== null);
  });
});
