/**
 * A generated Ethernet pcap of a given size for benchmarks, written to disk in pieces (never held
 * whole in memory). Deterministic. Each 0.1 s block holds:
 *  - 'mixed': 16 short TCP sessions (handshake, request, a few response segments both ways, FIN
 *    close) to web / mail / ssh servers, 8 DNS query + answer pairs over UDP, 2 pings, and a slice of
 *    a SYN scan (8 ports, answered by RST/ACK);
 *  - 'small': the same hosts with no data at all (handshake + RST, bare DNS, scan): 60-byte frames,
 *    for packets/s.
 * The frames come from src/lib/capture-writer/capture-writer.ts (the builder the tests use too).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { icmp, payloadBytes, tcpSession, udp, writePcap, type Frame } from '../../src/lib/capture-writer/capture-writer';

export type CaptureMix = 'mixed' | 'small';

export interface GeneratedCapture {
  bytes: number;
  frames: number;
  /** Records the extraction should give: TCP sessions + UDP flows + ICMP messages. */
  expectedRecords: number;
}

const SERVER_PORTS = [80, 443, 443, 25, 22, 80, 993, 8080];

// Payloads by length, made once: the writer's own filling (Uint8Array.from per packet) is the slow part.
const payloads = new Map<number, Uint8Array>();
function payload(length: number): Uint8Array {
  let p = payloads.get(length);
  if (p === undefined) payloads.set(length, (p = payloadBytes(length)));
  return p;
}

function block(n: number, mix: CaptureMix): { frames: Frame[]; records: number } {
  const start = 1_700_000_000 + n * 0.1;
  const frames: Frame[] = [];
  let records = 0;
  const small = mix === 'small';
  for (let i = 0; i < 16; i++) {
    const client = `10.${(n >> 8) & 255}.${n & 255}.${i + 1}`;
    frames.push(
      ...tcpSession({
        client,
        server: `93.184.${i}.${(n % 7) + 1}`,
        clientPort: 1024 + ((n * 16 + i) % 60000),
        serverPort: SERVER_PORTS[i % SERVER_PORTS.length],
        start: start + i * 0.005,
        step: 0.0003,
        exchanges: small
          ? []
          : [
              { from: 'client', data: payload(200 + ((n + i) % 300)) },
              { from: 'server', data: payload(1400) },
              { from: 'server', data: payload(1400) },
              { from: 'server', data: payload(300 + ((n * 7 + i) % 900)) },
              { from: 'client', data: payload(80) },
              { from: 'server', data: payload(400) },
            ],
        close: small ? 'rst' : 'fin',
      }),
    );
    records++;
  }
  for (let i = 0; i < 8; i++) {
    const host = `10.${(n >> 8) & 255}.${n & 255}.${100 + i}`;
    const sport = 20000 + ((n * 8 + i) % 40000);
    const ts = start + 0.002 + i * 0.01;
    frames.push(
      udp({ ts, src: host, dst: '10.0.0.53', sport, dport: 53, payload: payload(small ? 0 : 40) }),
      udp({ ts: ts + 0.0004, src: '10.0.0.53', dst: host, sport: 53, dport: sport, payload: payload(small ? 0 : 120) }),
    );
    records++;
  }
  for (let i = 0; i < 2; i++) {
    const ts = start + 0.05 + i * 0.02;
    frames.push(icmp({ ts, src: '10.9.9.9', dst: `10.0.${i}.1`, type: 8, code: 0, data: payload(small ? 0 : 56), sequence: n & 0xffff }));
    frames.push(icmp({ ts: ts + 0.0002, src: `10.0.${i}.1`, dst: '10.9.9.9', type: 0, code: 0, data: payload(small ? 0 : 56), sequence: n & 0xffff }));
    records += 2;
  }
  // A scanner sweeping one target's ports, 8 per block.
  for (let i = 0; i < 8; i++) {
    const port = 1 + ((n * 8 + i) % 65535);
    frames.push(
      ...tcpSession({ client: '172.16.6.6', server: '10.1.1.1', clientPort: 40000 + (n % 1000), serverPort: port, start: start + 0.06 + i * 0.001, step: 0.0001, refused: true }),
    );
    records++;
  }
  frames.sort((a, b) => a.ts - b.ts);
  return { frames, records };
}

/** Writes a capture of about `targetBytes` to `file`. */
export async function writeGeneratedCapture(file: string, targetBytes: number, mix: CaptureMix = 'mixed'): Promise<GeneratedCapture> {
  const out = createWriteStream(file);
  const header = writePcap([]);
  out.write(header);
  let bytes = header.length;
  let frames = 0;
  let expectedRecords = 0;
  // Blocks are generated in batches of ~4 MB so each write is large and the stream's buffer bounded.
  for (let n = 0; bytes < targetBytes; ) {
    const pieces: Uint8Array[] = [];
    let pieceBytes = 0;
    while (pieceBytes < 4e6 && bytes + pieceBytes < targetBytes) {
      const b = block(n++, mix);
      const body = writePcap(b.frames).subarray(header.length);
      pieces.push(body);
      pieceBytes += body.length;
      frames += b.frames.length;
      expectedRecords += b.records;
    }
    bytes += pieceBytes;
    if (!out.write(Buffer.concat(pieces))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, frames, expectedRecords };
}
