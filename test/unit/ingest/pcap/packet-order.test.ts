/**
 * Exact duplicates dropped (as editcap -D does) and time going backwards reported, on generated
 * captures: above all a capture written twice, its timestamps restarting (as a public FTP brute-force
 * capture holds its packets).
 */
import { describe, expect, it } from 'vitest';
import { tcpSession, udp, writePcap, writePcapng, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { CaptureExtraction } from '../../../../src/lib/ingest/pcap/capture-source.ts';
import { PacketOrder } from '../../../../src/lib/ingest/pcap/packet-order.ts';
import { recordFields } from '../../../../src/lib/ingest/extracted-batches.ts';
import { readInput } from '../../../../src/lib/ingest/index.ts';
import { timeWentBackText } from '../../../../src/lib/ingest/summary.ts';
import { randomChunkSizes, readCapture } from './read-capture.ts';

const DUPLICATE = 'exact duplicate of an earlier packet (same time and bytes), dropped as editcap -D does';

/** Password guessing on FTP: `tries` sessions, each a failed USER/PASS, one second apart. */
function ftpGuessing(tries: number, start = 1_400_000_000): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < tries; i++) {
    frames.push(
      ...tcpSession({
        client: '10.234.125.254',
        server: '10.121.70.151',
        clientPort: 40000 + i,
        serverPort: 21,
        start: start + i,
        step: 0.01,
        exchanges: [
          { from: 'server', data: '220 FTP ready\r\n' },
          { from: 'client', data: 'USER admin\r\n' },
          { from: 'server', data: '331 Password required\r\n' },
          { from: 'client', data: `PASS guess${i}\r\n` },
          { from: 'server', data: '530 Login incorrect\r\n' },
        ],
        close: 'fin',
      }),
    );
  }
  return frames;
}

function records(file: Uint8Array): string[] {
  const out: string[] = [];
  const extraction = new CaptureExtraction((r) => out.push(recordFields(r).join(',')));
  extraction.push(file);
  extraction.finish();
  return out;
}

describe('a capture written twice (timestamps restarting)', () => {
  const once = ftpGuessing(30);
  const n = once.length;
  const span = once[n - 1].ts - once[0].ts;

  it('drops the second pass as exact duplicates and says where time went back and how far', () => {
    for (const chunks of [undefined, randomChunkSizes(500, 300)]) {
      const { summary } = readCapture(writePcap([...once, ...once]), chunks);
      expect(summary).toMatchObject({ framesRead: 2 * n, framesUsed: n, framesSkipped: n, datagrams: n });
      expect(summary.skips).toEqual([{ kind: 'duplicate', reason: DUPLICATE, count: n, firstFrame: n + 1 }]);
      // Packet n + 1 is the first packet again: back by the whole span. Every later one of the second pass
      // is earlier than packet n too, but its last, stamped as packet n, is not.
      expect(summary.timeWentBack).toEqual({ firstPacket: n + 1, firstSecondsBack: span, packets: n - 1, largestSecondsBack: span });
    }
  });

  it('gives the records of one pass, so the second pass does not count the first in its windows', () => {
    const single = records(writePcap(once));
    expect(single).toHaveLength(30);
    expect(records(writePcap([...once, ...once]))).toEqual(single);
    // The same in pcapng.
    expect(records(writePcapng([...once, ...once], { interfaces: [{ linkType: 1 }] }))).toEqual(single);
  });

  it('says so in the input summary, in words the page and stderr show', async () => {
    const summary = await readInput(new Blob([writePcap([...once, ...once]) as Uint8Array<ArrayBuffer>]), { onBatch: () => {} });
    expect(summary.rowsRead).toBe(30);
    expect(summary.capture?.packetsRead).toBe(2 * n);
    expect(summary.capture?.timeWentBack).toEqual({ firstPacket: n + 1, firstSecondsBack: span, packets: n - 1, largestSecondsBack: span, duplicatesDropped: n });
    expect(timeWentBackText(summary.capture!.timeWentBack!)).toBe(
      `The capture's time goes backwards at packet ${n + 1}, by ${Math.round(span)} s; ${n - 1} packets are stamped earlier than a packet before them (the largest step back ${Math.round(span)} s). ${n} packets were exact duplicates of earlier ones (same time and bytes) and were dropped, as editcap -D does.`,
    );
  });
});

describe('duplicates and time order', () => {
  const dns = (ts: number, sport = 5353, payload = 20) => udp({ ts, src: '10.0.0.1', dst: '10.0.0.2', sport, dport: 53, payload });

  it('keeps a packet that goes back in time with other bytes, and says its time went back', () => {
    const { summary } = readCapture(writePcap([dns(10), dns(12), dns(11.5, 5354), dns(13)]));
    expect(summary).toMatchObject({ framesRead: 4, framesUsed: 4, framesSkipped: 0 });
    expect(summary.timeWentBack).toEqual({ firstPacket: 3, firstSecondsBack: 0.5, packets: 1, largestSecondsBack: 0.5 });
    expect(timeWentBackText({ ...summary.timeWentBack!, duplicatesDropped: 0 })).toBe(
      "The capture's time goes backwards at packet 3, by 0.5 s. The traffic features of records from packets out of time order (the 2-second and 100-connection windows) may count records they would not in time order.",
    );
  });

  it('keeps the same bytes at another time (a retransmission) and other bytes at the same time', () => {
    const { summary } = readCapture(writePcap([dns(10), dns(10.5), dns(10, 5353, 21), dns(10, 5354)]));
    expect(summary).toMatchObject({ framesRead: 4, framesUsed: 4, framesSkipped: 0 });
    // Back to 10 s twice (packets 3 and 4), neither a duplicate.
    expect(summary.timeWentBack).toMatchObject({ firstPacket: 3, packets: 2 });
  });

  it('drops a packet repeated at once (same time: captured on two interfaces) without calling it time going back', () => {
    const { summary } = readCapture(writePcap([dns(10), dns(10), dns(11)]));
    expect(summary).toMatchObject({ framesRead: 3, framesUsed: 2, framesSkipped: 1, timeWentBack: null });
    expect(summary.skips).toEqual([{ kind: 'duplicate', reason: DUPLICATE, count: 1, firstFrame: 2 }]);
  });

  it('remembers a bounded number of packets: a duplicate further back than the window is kept', () => {
    const bytes = (k: number) => Uint8Array.of(k, 1, 2, 3);
    const order = new PacketOrder(3);
    // Frames 1-4 at times 1-4, then frame 1 again: 4 frames back, past a window of 3; frame 3 again is found.
    for (let k = 1; k <= 4; k++) expect(order.check(k, k, bytes(k), 0, 4, 4)).toBe(false);
    expect(order.check(5, 1, bytes(1), 0, 4, 4)).toBe(false);
    expect(order.check(6, 3, bytes(3), 0, 4, 4)).toBe(true);
    // The same bytes with another original length differ.
    expect(order.check(7, 4, bytes(4), 0, 4, 60)).toBe(false);
  });
});
