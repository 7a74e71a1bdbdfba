/**
 * A generated stream for the live sensor's latency (test/unit/ingest/live-stream.test.ts, the CLI
 * test, `npm run bench`): `seconds` of one host's traffic — one SSH session open throughout (data
 * every 5 s, never closed), a web request every second (handshake, request, answer, FIN close),
 * DNS every 2 s — with a SYN flood (400 unanswered SYNs in 2 s) at half time and a 500-port SYN scan
 * (answered by RST/ACK, over 5 s) at two thirds. Deterministic; frames in time order, plus where each
 * capture second starts in the pcap's bytes, so a test can write it a second at a time.
 */
import { tcp, tcpSession, udp, writePcap, type Frame } from '../../src/lib/capture-writer/capture-writer';

export const LIVE_STREAM_START = 1_700_000_000;

export interface LiveStream {
  pcap: Uint8Array;
  /** pcap byte offset where the frames of capture second k (ts ≥ start + k) begin; one more at the end. */
  secondOffsets: number[];
  /** The flood's and the scan's first packet times. */
  floodStart: number;
  scanStart: number;
  /** Identity of the attacks' records: the flood's victim and the scanner. */
  floodVictim: string;
  scanner: string;
}

const HOST = '10.0.0.5';
const DNS = '10.0.0.53';
const PCAP_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;

export function liveStream(seconds = 600): LiveStream {
  const t0 = LIVE_STREAM_START;
  const frames: Frame[] = [];
  // One exchange (data + ACK, 2.5 s apart) every 5 s, the last packet inside the stream's time.
  const exchanges = Array.from({ length: Math.max(0, Math.floor((seconds - 3) / 5) - 1) }, (_, i) => ({ from: i % 2 === 0 ? ('client' as const) : ('server' as const), data: 48 + (i % 5) * 16 }));
  frames.push(...tcpSession({ client: HOST, server: '198.51.100.7', clientPort: 50022, serverPort: 22, start: t0 + 0.5, step: 2.5, exchanges, close: 'open' }));
  for (let i = 0; i < seconds - 1; i++) {
    frames.push(
      ...tcpSession({
        client: HOST,
        server: `93.184.216.${(i % 8) + 10}`,
        clientPort: 40000 + (i % 20000),
        serverPort: 443,
        start: t0 + i + 0.2,
        step: 0.02,
        exchanges: [
          { from: 'client', data: 300 },
          { from: 'server', data: 1200 },
        ],
      }),
    );
  }
  for (let i = 0; i < seconds / 2 - 1; i++) {
    const at = t0 + 2 * i + 0.7;
    frames.push(udp({ ts: at, src: HOST, dst: DNS, sport: 30000 + i, dport: 53, payload: 40 }));
    frames.push(udp({ ts: at + 0.01, src: DNS, dst: HOST, sport: 53, dport: 30000 + i, payload: 120 }));
  }
  const floodStart = t0 + Math.floor(seconds / 2) + 0.05;
  const floodVictim = '10.0.0.80';
  for (let i = 0; i < 400; i++) {
    frames.push(tcp({ ts: floodStart + i * 0.005, src: `172.16.${i >> 7}.${(i & 127) + 1}`, dst: floodVictim, sport: 1024 + i, dport: 80, flags: 'S', seq: 7000 + i }));
  }
  const scanStart = t0 + Math.floor((2 * seconds) / 3) + 0.05;
  const scanner = '203.0.113.9';
  for (let port = 1; port <= 500; port++) {
    const at = scanStart + (port - 1) * 0.01;
    frames.push(tcp({ ts: at, src: scanner, dst: HOST, sport: 61000, dport: port, flags: 'S', seq: 90000 + port }));
    frames.push(tcp({ ts: at + 0.001, src: HOST, dst: scanner, sport: port, dport: 61000, flags: 'RA', seq: 0, ack: 90001 + port }));
  }
  // Stable: frames of the same instant keep their order.
  frames.sort((a, b) => a.ts - b.ts);
  const pcap = writePcap(frames);
  const secondOffsets: number[] = [];
  let offset = PCAP_HEADER_BYTES;
  let k = 0;
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  for (const frame of frames) {
    while (frame.ts >= t0 + k) {
      secondOffsets.push(offset);
      k++;
    }
    offset += RECORD_HEADER_BYTES + view.getUint32(offset + 8, true);
  }
  while (k <= seconds) {
    secondOffsets.push(offset);
    k++;
  }
  return { pcap, secondOffsets, floodStart, scanStart, floodVictim, scanner };
}
