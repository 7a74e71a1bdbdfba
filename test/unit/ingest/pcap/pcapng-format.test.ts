import { describe, expect, it } from 'vitest';
import { concatFiles, cutFile, tcp, udp, writePcapng, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { readCapture } from './read-capture.ts';

const packet = (ts: number, o: Partial<Parameters<typeof udp>[0]> = {}): Frame =>
  udp({ ts, src: '172.16.0.122', dst: '4.2.2.1', sport: 51000, dport: 53, payload: 12, ...o });

describe('pcapng files', () => {
  it('reads enhanced packet blocks in both byte orders', () => {
    const frames = [packet(1270661369.782934), packet(1270661371.830416, { sport: 51001 })];
    for (const bigEndian of [false, true]) {
      const { packets, summary } = readCapture(writePcapng(frames, { interfaces: [{ linkType: 1 }], bigEndian }));
      expect(summary).toMatchObject({ format: 'pcapng', byteOrder: bigEndian ? 'big' : 'little', timestampResolution: 1e-6, framesRead: 2, datagrams: 2 });
      expect(packets.map((p) => p.ts.toFixed(6))).toEqual(['1270661369.782934', '1270661371.830416']);
      expect(packets.map((p) => [p.src, p.dst, p.srcPort, p.dstPort, p.payloadLength])).toEqual([
        ['172.16.0.122', '4.2.2.1', 51000, 53, 12],
        ['172.16.0.122', '4.2.2.1', 51001, 53, 12],
      ]);
    }
  });

  it('uses each interface’s link type and if_tsresol (10^-9, 2^-20) and if_tsoffset', () => {
    const frames: Frame[] = [
      { ...packet(1653830614, { nanoseconds: 885814512 }), interfaceId: 0 },
      { ...packet(1653830615.5), interfaceId: 1 },
      { ...packet(100.25), interfaceId: 2 },
    ];
    const { packets, summary } = readCapture(
      writePcapng(frames, { interfaces: [{ linkType: 1, tsresol: 9 }, { linkType: 113, tsresol: 0x80 | 20 }, { linkType: 101, tsoffset: 1600000000 }] }),
    );
    expect(summary.timestampResolution).toBe(1e-9);
    expect(summary.linkTypes).toEqual([
      { linkType: 1, name: 'Ethernet', frames: 1 },
      { linkType: 113, name: 'Linux cooked capture (SLL)', frames: 1 },
      { linkType: 101, name: 'raw IP', frames: 1 },
    ]);
    expect(packets.map((p) => p.ts.toFixed(6))).toEqual(['1653830614.885815', '1653830615.500000', '1600000100.250000']);
    expect(packets.every((p) => p.src === '172.16.0.122')).toBe(true);
  });

  it('reads simple packet blocks (interface 0, previous timestamp) and obsolete packet blocks', () => {
    const frames: Frame[] = [packet(10.5), { ...packet(99, { sport: 2 }), block: 'simple' }, { ...packet(11.25, { sport: 3 }), block: 'obsolete' }];
    const { packets, summary } = readCapture(writePcapng(frames, { interfaces: [{ linkType: 1 }] }));
    expect(summary.datagrams).toBe(3);
    expect(packets.map((p) => [p.srcPort, p.ts])).toEqual([
      [51000, 10.5],
      [2, 10.5],
      [3, 11.25],
    ]);
  });

  it('cuts a simple packet block to the interface snap length, decoding from the headers', () => {
    const frame = tcp({ ts: 1, src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, flags: 'PA', payload: 100 });
    const { packets } = readCapture(writePcapng([{ ...frame, block: 'simple' }], { interfaces: [{ linkType: 1, snapLength: 64 }] }));
    expect(packets[0].payloadLength).toBe(100);
    expect(packets[0].payload.length).toBe(64 - 54);
  });

  it('skips unknown blocks by their length', () => {
    const { packets, summary } = readCapture(
      writePcapng([{ rawBlock: { type: 0x00000bad, body: new Uint8Array(13) } }, packet(1), { rawBlock: { type: 5, body: new Uint8Array(20) } }, packet(2)], { interfaces: [{ linkType: 1 }] }),
    );
    expect(packets.length).toBe(2);
    expect(summary).toMatchObject({ framesRead: 2, framesSkipped: 0 });
  });

  it('starts a new section at a second section header: new byte order, interfaces reset', () => {
    const first = writePcapng([packet(1)], { interfaces: [{ linkType: 1 }] });
    const second = writePcapng([packet(2, { sport: 7 }), { ...packet(3), interfaceId: 1 }], { interfaces: [{ linkType: 101 }], bigEndian: true });
    const { packets, summary } = readCapture(concatFiles(first, second));
    expect(summary.byteOrder).toBe('little');
    expect(packets.map((p) => [p.srcPort, p.ts])).toEqual([
      [51000, 1],
      [7, 2],
    ]);
    expect(summary.linkTypes.map((l) => [l.linkType, l.frames])).toEqual([
      [1, 1],
      [101, 1],
    ]);
    // The third packet names interface 1, which the second section does not describe.
    expect(summary.skips).toEqual([{ kind: 'interface', reason: 'packet of interface 1, which no interface description block describes', count: 1, firstFrame: 3 }]);
  });

  it('refuses a section of a major version other than 1, naming the section and its byte (the spec: a reader must not parse it)', () => {
    const v1 = writePcapng([packet(1)], { interfaces: [{ linkType: 1 }] });
    const refusal = (n: number, at: number, version: string) =>
      `pcapng section ${n} (at byte ${at}) is version ${version}; only major version 1 is defined, and a reader must not parse a section of a major version it does not know`;
    for (const bigEndian of [false, true]) {
      const v2 = writePcapng([packet(2)], { interfaces: [{ linkType: 1 }], bigEndian, version: [2, 0] });
      expect(() => readCapture(v2)).toThrow(refusal(1, 0, '2.0'));
      // The second section: refused at its header, in whatever chunks the bytes come.
      expect(() => readCapture(concatFiles(v1, v2))).toThrow(refusal(2, v1.length, '2.0'));
      expect(() => readCapture(concatFiles(v1, v2), [v1.length + 13, 3])).toThrow(refusal(2, v1.length, '2.0'));
    }
    // Minor versions of version 1 (1.2 was written by old tools) are read.
    expect(readCapture(writePcapng([packet(3)], { interfaces: [{ linkType: 1 }], version: [1, 2] })).summary.datagrams).toBe(1);
    expect(() => readCapture(writePcapng([packet(3)], { interfaces: [{ linkType: 1 }], version: [0, 9] }))).toThrow(refusal(1, 0, '0.9'));
  });

  it('stops at a block length that is not a multiple of 4 or under 12, counting it', () => {
    for (const bad of [13, 8]) {
      const file = writePcapng([packet(1), { rawBlock: { type: 0x0bad, body: new Uint8Array(8), lengthOverride: bad } }, packet(2)], { interfaces: [{ linkType: 1 }] });
      const { packets, summary } = readCapture(file);
      expect(packets.length).toBe(1);
      expect(summary).toMatchObject({ framesRead: 2, framesUsed: 1, framesSkipped: 1, truncatedFile: true });
      expect(summary.skips[0].kind).toBe('corrupt');
      expect(summary.skips[0].reason).toContain(`pcapng block length ${bad}`);
      // Section header 28 + interface 20 + enhanced packet block (32 + a 60-byte padded frame) = 140.
      expect(summary.corruptAt).toBe(28 + 20 + 32 + 60);
    }
  });

  it('stops at a block whose trailing length differs', () => {
    const file = writePcapng([packet(1), packet(2)], { interfaces: [{ linkType: 1 }] });
    const view = new DataView(file.buffer, file.byteOffset);
    view.setUint32(file.length - 4, 12, true);
    const { summary } = readCapture(file);
    expect(summary).toMatchObject({ framesRead: 2, framesUsed: 1, framesSkipped: 1, truncatedFile: true });
  });

  it('counts a packet block cut by the end of the file as one skipped frame', () => {
    const file = writePcapng([packet(1), packet(2)], { interfaces: [{ linkType: 1 }] });
    for (const cut of [1, 40, 80]) {
      const { summary } = readCapture(cutFile(file, cut));
      expect(summary).toMatchObject({ framesRead: 2, framesUsed: 1, framesSkipped: 1, truncatedFile: true });
      expect(summary.skips[0].reason).toBe('the file ends inside a packet record');
    }
  });
});
