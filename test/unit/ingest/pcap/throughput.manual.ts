/**
 * Reader throughput, run by hand (not a test): `npx tsx test/unit/ingest/pcap/throughput.manual.ts [MB] [small]`.
 * Writes a ~200 MB Ethernet pcap of mixed traffic (TCP sessions with data both ways, DNS, a fragmented
 * ping now and then; with `small`: handshakes and resets only, 60-byte frames, for packets/s), pushes it through a CaptureReader in 1 MiB chunks and prints MB/s and packets/s.
 */
import { fragmentIpv4, icmp, tcpSession, udp, writePcap, type Frame } from '../../../../src/lib/capture-writer/capture-writer.ts';
import { CaptureReader } from '../../../../src/lib/ingest/pcap/index.ts';

const targetBytes = Number(process.argv[2] ?? 200) * 1e6;
const small = process.argv[3] === 'small';

function block(start: number, n: number): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < 20; i++) {
    const host = `10.${n & 255}.${i}.${(n >> 8) & 255}`;
    frames.push(
      ...tcpSession({
        client: host,
        server: `93.184.${i}.34`,
        clientPort: 20000 + ((n * 20 + i) % 40000),
        serverPort: i % 3 === 0 ? 443 : 80,
        start: start + i * 0.01,
        step: 0.0001,
        exchanges: small
          ? []
          : [
              { from: 'client', data: 300 },
              { from: 'server', data: 1400 },
              { from: 'server', data: 1400 },
              { from: 'server', data: 600 },
            ],
        close: small ? 'rst' : 'fin',
      }),
      udp({ ts: start + i * 0.01, src: host, dst: '10.0.0.1', sport: 30000 + i, dport: 53, payload: 40 }),
    );
  }
  frames.push(...fragmentIpv4(icmp({ ts: start, src: '10.9.9.9', dst: '10.0.0.1', type: 8, code: 0, dataLength: 3000, ipId: n & 0xffff }), [1480, 1480, 48]));
  return frames;
}

// Distinct blocks keep addresses and ports varied; writing takes a few seconds.
const parts: Uint8Array[] = [];
let total = 0;
let n = 0;
const header = writePcap([]);
while (total < targetBytes) {
  const file = writePcap(block(1700000000 + n, n));
  const records = file.subarray(header.length);
  parts.push(records);
  total += records.length;
  n++;
}
const capture = new Uint8Array(header.length + total);
capture.set(header);
let at = header.length;
for (const p of parts) {
  capture.set(p, at);
  at += p.length;
}

for (let run = 0; run < 3; run++) {
  let packets = 0;
  let bytes = 0;
  const reader = new CaptureReader({
    onPacket(p) {
      packets++;
      bytes += p.payloadLength;
    },
  });
  const t0 = performance.now();
  const chunk = 1 << 20;
  for (let i = 0; i < capture.length; i += chunk) reader.push(capture.subarray(i, i + chunk));
  const summary = reader.finish();
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `run ${run + 1}: ${(capture.length / 1e6).toFixed(0)} MB, ${summary.framesRead} frames, ${packets} datagrams in ${seconds.toFixed(2)} s: ` +
      `${(capture.length / 1e6 / seconds).toFixed(0)} MB/s, ${(summary.framesRead / seconds / 1e6).toFixed(2)} M frames/s (payload bytes ${bytes})`,
  );
}
