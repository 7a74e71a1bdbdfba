/**
 * The demo network of "Try the demo": a small office made up here, not recorded anywhere. Six clients
 * use a web server, a DNS resolver, a mail server and an FTP server for four minutes; meanwhile one
 * outside host runs a SYN port scan of the mail server, a SYN flood from spoofed sources hits the web
 * server, and the attacker guesses FTP passwords. The packets are built with the capture writer the
 * tests use (src/lib/capture-writer/capture-writer.ts), so the demo goes through the reader exactly as the
 * tests' captures do. Seeded: the same seed gives the same bytes.
 */
import { tcp, tcpSession, udp, writePcap, type Frame } from '../../src/lib/capture-writer/capture-writer';

export type DemoScenario = 'normal' | 'port-scan' | 'syn-flood' | 'password-guessing';
export const DEMO_SCENARIOS: readonly DemoScenario[] = ['normal', 'port-scan', 'syn-flood', 'password-guessing'];

export const DEMO_HOSTS = {
  clients: ['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14', '10.0.0.15', '10.0.0.16'],
  web: '10.0.1.80',
  dns: '10.0.1.53',
  mail: '10.0.1.25',
  ftp: '10.0.1.21',
  /** From TEST-NET-3 (RFC 5737): no real host has it. */
  attacker: '203.0.113.99',
} as const;

/** The flood's spoofed sources are drawn from the benchmarking range 198.18.0.0/15 (RFC 2544). */
const SPOOFED_PREFIX = '198.18.';

/** 2025-06-15 12:00:00 UTC: any fixed time would do; fixed so the bytes never change. */
const START = 1_749_988_800;
/**
 * Normal traffic runs the whole span; the attacks sit inside it, with normal traffic around them. The
 * flood comes last: for the next 255 connections to the web server, NSL-KDD's host features (the
 * share of SYN errors among its last 255 connections) make every visit look like the flood too.
 */
const SPAN_SECONDS = 240;
const SCAN_AT = START + 60;
const GUESSING_AT = START + 120;
const FLOOD_AT = START + 225;

/** Which scenario a record belongs to, from who talked to whom (the same rule labels the CSV). */
export function demoScenarioOf(origH: string, respH: string): DemoScenario {
  if (origH.startsWith(SPOOFED_PREFIX) && respH === DEMO_HOSTS.web) return 'syn-flood';
  if (origH === DEMO_HOSTS.attacker && respH === DEMO_HOSTS.mail) return 'port-scan';
  if (origH === DEMO_HOSTS.attacker && respH === DEMO_HOSTS.ftp) return 'password-guessing';
  return 'normal';
}

/** A small seeded generator (xorshift32): deterministic and good enough for ports and timing. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

type Random = () => number;
const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const between = (rnd: Random, low: number, high: number) => low + Math.floor(rnd() * (high - low + 1));
/** Times stay on whole microseconds, as a pcap stores them. */
const micro = (t: number) => Math.round(t * 1e6) / 1e6;

const BROWSER_HEADERS =
  'Host: intranet.example\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\r\n' +
  'Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Language: en-GB,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n';

type Exchange = { from: 'client' | 'server'; data: string | number };

function webVisit(rnd: Random, client: string, clientPort: number, start: number): Frame[] {
  const path = pick(rnd, ['/', '/index.html', '/news', '/img/logo.png', '/api/status', '/style.css']);
  const body = between(rnd, 150, 600);
  return tcpSession({
    client,
    server: DEMO_HOSTS.web,
    clientPort,
    serverPort: 80,
    start,
    step: 0.002,
    exchanges: [
      // A browser's request headers (a few hundred bytes, as in NSL-KDD's normal http records).
      { from: 'client', data: `GET ${path} HTTP/1.1\r\n${BROWSER_HEADERS}Cookie: session=${between(rnd, 1e5, 1e6)}\r\n\r\n` },
      // Headers and a small body in one segment.
      { from: 'server', data: `HTTP/1.1 200 OK\r\nContent-Length: ${body}\r\n\r\n${'x'.repeat(body)}` },
    ],
    close: 'fin',
  });
}

function dnsLookup(rnd: Random, client: string, clientPort: number, start: number): Frame[] {
  const query = between(rnd, 30, 45);
  return [
    udp({ ts: start, src: client, dst: DEMO_HOSTS.dns, sport: clientPort, dport: 53, payload: query }),
    udp({ ts: micro(start + 0.004 + rnd() * 0.01), src: DEMO_HOSTS.dns, dst: client, sport: 53, dport: clientPort, payload: query + between(rnd, 16, 90) }),
  ];
}

function mailSend(rnd: Random, client: string, clientPort: number, start: number): Frame[] {
  const exchanges: Exchange[] = [
    { from: 'server', data: '220 mail.example ESMTP\r\n' },
    { from: 'client', data: 'EHLO desk.example\r\n' },
    { from: 'server', data: '250 mail.example\r\n' },
    // Pipelined (RFC 2920): the envelope in one segment, answered in one.
    { from: 'client', data: 'MAIL FROM:<staff@example>\r\nRCPT TO:<team@example>\r\nDATA\r\n' },
    { from: 'server', data: '250 OK\r\n250 OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n' },
    { from: 'client', data: `Subject: weekly notes\r\n\r\n${'n'.repeat(between(rnd, 150, 500))}\r\n.\r\n` },
    { from: 'server', data: '250 Queued\r\n' },
    { from: 'client', data: 'QUIT\r\n' },
    { from: 'server', data: '221 Bye\r\n' },
  ];
  return tcpSession({ client, server: DEMO_HOSTS.mail, clientPort, serverPort: 25, start, step: 0.003, exchanges, close: 'fin' });
}

/** A login that works, a passive-mode download on a second connection, then QUIT. */
function ftpDownload(rnd: Random, client: string, clientPort: number, start: number): Frame[] {
  const size = between(rnd, 1500, 2800);
  const dataPort = between(rnd, 30000, 31000);
  const control = tcpSession({
    client,
    server: DEMO_HOSTS.ftp,
    clientPort,
    serverPort: 21,
    start,
    step: 0.004,
    exchanges: [
      { from: 'server', data: '220 FTP server ready\r\n' },
      { from: 'client', data: 'USER alice\r\n' },
      { from: 'server', data: '331 Password required for alice\r\n' },
      { from: 'client', data: 'PASS correct-horse\r\n' },
      { from: 'server', data: '230 User alice logged in\r\n' },
      { from: 'client', data: 'PASV\r\n' },
      { from: 'server', data: `227 Entering Passive Mode (10,0,1,21,${dataPort >> 8},${dataPort & 255})\r\n` },
      { from: 'client', data: 'RETR report.pdf\r\n' },
      { from: 'server', data: '150 Opening BINARY mode data connection\r\n226 Transfer complete\r\n' },
      { from: 'client', data: 'QUIT\r\n' },
      { from: 'server', data: '221 Goodbye\r\n' },
    ],
    close: 'fin',
  });
  const transfer = tcpSession({
    client,
    server: DEMO_HOSTS.ftp,
    clientPort: clientPort + 1,
    serverPort: dataPort,
    start: micro(start + 0.045),
    step: 0.001,
    exchanges: Array.from({ length: Math.ceil(size / 1400) }, (_, i): Exchange => ({ from: 'server', data: Math.min(1400, size - i * 1400) })),
    close: 'fin',
  });
  return [...control, ...transfer];
}

/** The office's own traffic: about 250 sessions spread over the whole span, mostly web and DNS. */
function normalTraffic(rnd: Random): Frame[] {
  const frames: Frame[] = [];
  const nextPort = new Map<string, number>(DEMO_HOSTS.clients.map((c, i) => [c, 40000 + i * 2000]));
  for (let t = START; t < START + SPAN_SECONDS; t += 0.4 + rnd() * 1.2) {
    const client = pick(rnd, DEMO_HOSTS.clients);
    const port = nextPort.get(client)!;
    nextPort.set(client, port + 2);
    const start = micro(t);
    const kind = rnd();
    if (kind < 0.36) frames.push(...webVisit(rnd, client, port, start));
    else if (kind < 0.88) frames.push(...dnsLookup(rnd, client, port, start));
    else if (kind < 0.97) frames.push(...mailSend(rnd, client, port, start));
    else frames.push(...ftpDownload(rnd, client, port, start));
  }
  return frames;
}

/** nmap -sS of the mail server's ports 1–300 from one source port: closed ports answer RST/ACK; open ones SYN/ACK, and the scanner resets. */
function portScan(rnd: Random): Frame[] {
  const open = new Set([22, 25, 110, 143]);
  const sport = between(rnd, 50000, 60000);
  const frames: Frame[] = [];
  for (let port = 1; port <= 300; port++) {
    const ts = micro(SCAN_AT + port * 0.003 + rnd() * 0.001);
    const { attacker, mail } = DEMO_HOSTS;
    frames.push(tcp({ ts, src: attacker, dst: mail, sport, dport: port, flags: 'S', seq: 100_000 + port }));
    if (open.has(port)) {
      frames.push(tcp({ ts: micro(ts + 0.0004), src: mail, dst: attacker, sport: port, dport: sport, flags: 'SA', seq: 7000, ack: 100_001 + port }));
      frames.push(tcp({ ts: micro(ts + 0.0006), src: attacker, dst: mail, sport, dport: port, flags: 'R', seq: 100_001 + port }));
    } else {
      frames.push(tcp({ ts: micro(ts + 0.0004), src: mail, dst: attacker, sport: port, dport: sport, flags: 'RA', ack: 100_001 + port }));
    }
  }
  return frames;
}

/** 500 SYNs to the web server in half a second, each from a different spoofed address: none is answered. */
function synFlood(rnd: Random): Frame[] {
  return Array.from({ length: 500 }, (_, i) =>
    tcp({
      ts: micro(FLOOD_AT + i * 0.001),
      src: `${SPOOFED_PREFIX}${between(rnd, 0, 1)}.${between(rnd, 1, 254)}`,
      dst: DEMO_HOSTS.web,
      sport: between(rnd, 1024, 65535),
      dport: 80,
      flags: 'S',
      seq: between(rnd, 0, 2 ** 31),
    }),
  );
}

/** 15 FTP logins as admin with wrong passwords (three tries each, all 530), then one that works. */
function passwordGuessing(rnd: Random): Frame[] {
  const frames: Frame[] = [];
  const sessions = 15;
  for (let s = 0; s <= sessions; s++) {
    const succeeds = s === sessions;
    const exchanges: Exchange[] = [{ from: 'server', data: '220 FTP server ready\r\n' }];
    for (let k = 0; k < (succeeds ? 1 : 3); k++) {
      exchanges.push({ from: 'client', data: 'USER admin\r\n' }, { from: 'server', data: '331 Password required for admin\r\n' });
      exchanges.push({ from: 'client', data: `PASS ${succeeds ? 'letmein' : `guess${s * 3 + k}`}\r\n` });
      exchanges.push({ from: 'server', data: succeeds ? '230 User admin logged in\r\n' : '530 Login incorrect.\r\n' });
    }
    exchanges.push({ from: 'client', data: 'QUIT\r\n' }, { from: 'server', data: '221 Goodbye\r\n' });
    frames.push(
      ...tcpSession({
        client: DEMO_HOSTS.attacker,
        server: DEMO_HOSTS.ftp,
        clientPort: 45000 + s,
        serverPort: 21,
        start: micro(GUESSING_AT + s * (0.4 + rnd() * 0.3)),
        step: 0.003,
        exchanges,
        close: 'fin',
      }),
    );
  }
  return frames;
}

/** Every frame of the demo in time order (a stable sort: frames of one instant keep their order). */
export function demoFrames(seed = 2024): Frame[] {
  const rnd = seededRandom(seed);
  const frames = [...normalTraffic(rnd), ...portScan(rnd), ...synFlood(rnd), ...passwordGuessing(rnd)];
  return frames.sort((a, b) => a.ts - b.ts);
}

/** The demo as an Ethernet pcap. */
export function demoCapture(seed?: number): Uint8Array {
  return writePcap(demoFrames(seed));
}
