/**
 * The generated attack families, one table: each builds its packets into a scene. The category is
 * NSL-KDD's (a scan is Probe, a flood or an amplification DoS, password guessing R2L) and the label
 * the NSL-KDD attack name closest to it, so generated records train the models beside KDDTrain+'s.
 * Rates, counts, ports and hosts vary with the scene's seed and intensity.
 */
import { fragmentIpv4, icmp, tcp, tcpSession, udp, type Frame } from '../capture-writer/capture-writer';
import type { AttackCategory } from '../schema/categories';
import { attackAddress, between, intBetween, outsideAddress, pick, usec, type Scene } from './scene';

export interface AttackFamily {
  name: string;
  /** Families of one group are held out together when a test asks for a family never seen. */
  group: 'scan' | 'sweep' | 'flood' | 'reflection' | 'guessing' | 'malformed';
  category: AttackCategory;
  /** The NSL-KDD attack name its records are labelled with. */
  label: string;
  build(scene: Scene): Frame[];
}

const attacker = (s: Scene) => attackAddress(s, outsideAddress(s.rng, [5, 31, 36, 46, 61, 80, 89, 185, 193, 194, 212, 222]));
/** Ports scanned: the first N, or a shuffled common-port list then more, as nmap's defaults. */
function scanPorts(s: Scene): number[] {
  const n = Math.round(intBetween(s.rng, 100, 1000) * Math.min(1, s.intensity));
  const ports = Array.from({ length: n }, (_, i) => i + 1);
  if (s.rng() < 0.5) for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(s.rng() * (i + 1));
    [ports[i], ports[j]] = [ports[j], ports[i]];
  }
  return ports;
}
/** Seconds between probes: fast scans run hundreds a second, slow ones one every second or two. */
const probeGap = (s: Scene) => (s.intensity <= 0.25 ? between(s.rng, 0.5, 2) : between(s.rng, 0.0005, 0.02) / s.intensity);
const OPEN_PORTS = [22, 25, 53, 80, 110, 143, 443, 993];

type ScanKind = 'syn' | 'connect' | 'fin' | 'xmas' | 'null' | 'ack';
const SCAN_FLAGS: Record<ScanKind, string> = { syn: 'S', connect: 'S', fin: 'F', xmas: 'FPU', null: '', ack: 'A' };

function tcpScan(kind: ScanKind) {
  return (s: Scene): Frame[] => {
    const from = attacker(s);
    const to = s.victim;
    const frames: Frame[] = [];
    const sport = intBetween(s.rng, 33000, 65000);
    let t = s.attackStart;
    for (const port of scanPorts(s)) {
      const open = OPEN_PORTS.includes(port);
      const p = kind === 'connect' ? intBetween(s.rng, 33000, 65000) : sport;
      const seq = intBetween(s.rng, 0, 2 ** 31);
      frames.push(tcp({ ts: usec(t), src: from, dst: to, sport: p, dport: port, flags: SCAN_FLAGS[kind], seq, ack: kind === 'ack' ? seq : 0 }));
      const reply = usec(t + between(s.rng, 0.0002, 0.002));
      if (kind === 'ack') frames.push(tcp({ ts: reply, src: to, dst: from, sport: port, dport: p, flags: 'R', seq }));
      else if (kind === 'syn' || kind === 'connect') {
        if (!open) frames.push(tcp({ ts: reply, src: to, dst: from, sport: port, dport: p, flags: 'RA', ack: seq + 1 }));
        else {
          frames.push(tcp({ ts: reply, src: to, dst: from, sport: port, dport: p, flags: 'SA', seq: 9000, ack: seq + 1 }));
          const back = usec(reply + 0.0003);
          if (kind === 'connect') {
            frames.push(tcp({ ts: back, src: from, dst: to, sport: p, dport: port, flags: 'A', seq: seq + 1, ack: 9001 }));
            frames.push(tcp({ ts: usec(back + 0.0003), src: from, dst: to, sport: p, dport: port, flags: 'RA', seq: seq + 1, ack: 9001 }));
          } else frames.push(tcp({ ts: back, src: from, dst: to, sport: p, dport: port, flags: 'R', seq: seq + 1 }));
        }
      } else if (!open) frames.push(tcp({ ts: reply, src: to, dst: from, sport: port, dport: p, flags: 'RA', ack: seq }));
      t += probeGap(s);
    }
    return frames;
  };
}

function udpScan(s: Scene): Frame[] {
  const from = attacker(s);
  const frames: Frame[] = [];
  const sport = intBetween(s.rng, 33000, 65000);
  let t = s.attackStart;
  for (const port of scanPorts(s)) {
    frames.push(udp({ ts: usec(t), src: from, dst: s.victim, sport, dport: port, payload: port === 53 || port === 161 ? 40 : 0 }));
    const reply = usec(t + between(s.rng, 0.0002, 0.002));
    if (port === 53) frames.push(udp({ ts: reply, src: s.victim, dst: from, sport: port, dport: sport, payload: 60 }));
    // Port unreachable, quoting the probe's IP header and 8 bytes (Linux rate-limits these: some go unanswered).
    else if (s.rng() < 0.8) frames.push(icmp({ ts: reply, src: s.victim, dst: from, type: 3, code: 3, dataLength: 28 }));
    t += probeGap(s);
  }
  return frames;
}

function pingSweep(s: Scene): Frame[] {
  const from = attacker(s);
  const prefix = s.victim.slice(0, s.victim.lastIndexOf('.'));
  const live = new Set([...s.clients, ...Object.values(s.servers)]);
  const frames: Frame[] = [];
  let t = s.attackStart;
  const hosts = Math.round(intBetween(s.rng, 64, 254) * Math.min(1, s.intensity * 2));
  for (let h = 1; h <= hosts; h++) {
    const dst = `${prefix}.${h}`;
    frames.push(icmp({ ts: usec(t), src: from, dst, type: 8, code: 0, identifier: 0x4d2, sequence: h, dataLength: pick(s.rng, [0, 32, 56]) }));
    if (live.has(dst)) frames.push(icmp({ ts: usec(t + 0.0004), src: dst, dst: from, type: 0, code: 0, identifier: 0x4d2, sequence: h, dataLength: 0 }));
    t += probeGap(s);
  }
  return frames;
}

/** SYNs from forged sources, faster than the server answers; some get a SYN-ACK that nobody acknowledges. */
function synFlood(s: Scene): Frame[] {
  const frames: Frame[] = [];
  const port = pick(s.rng, [80, 443, 22, 25]);
  const count = Math.round(intBetween(s.rng, 400, 1500) * s.intensity);
  const rate = between(s.rng, 200, 2000) * s.intensity;
  for (let i = 0; i < count; i++) {
    const src = attackAddress(s, `198.${18 + (i % 2)}.${intBetween(s.rng, 0, 255)}.${intBetween(s.rng, 1, 254)}`);
    const ts = usec(s.attackStart + i / rate);
    const sport = intBetween(s.rng, 1024, 65535);
    frames.push(tcp({ ts, src, dst: s.victim, sport, dport: port, flags: 'S', seq: intBetween(s.rng, 0, 2 ** 31) }));
    if (s.rng() < 0.3) frames.push(tcp({ ts: usec(ts + 0.0003), src: s.victim, dst: src, sport: port, dport: sport, flags: 'SA', seq: 1, ack: 1 }));
  }
  return frames;
}

function udpFlood(s: Scene): Frame[] {
  const sources = Array.from({ length: intBetween(s.rng, 1, 20) }, () => attacker(s));
  const frames: Frame[] = [];
  const count = Math.round(intBetween(s.rng, 400, 1500) * s.intensity);
  const rate = between(s.rng, 200, 3000) * s.intensity;
  const size = intBetween(s.rng, 0, 1400);
  for (let i = 0; i < count; i++) {
    frames.push(udp({ ts: usec(s.attackStart + i / rate), src: pick(s.rng, sources), dst: s.victim, sport: intBetween(s.rng, 1024, 65535), dport: s.rng() < 0.5 ? intBetween(s.rng, 1, 65535) : 80, payload: size }));
  }
  return frames;
}

function icmpFlood(s: Scene): Frame[] {
  const sources = Array.from({ length: intBetween(s.rng, 1, 10) }, () => attacker(s));
  const frames: Frame[] = [];
  const count = Math.round(intBetween(s.rng, 300, 1200) * s.intensity);
  const rate = between(s.rng, 200, 2000) * s.intensity;
  const size = pick(s.rng, [56, 520, 1024, 1472]);
  for (let i = 0; i < count; i++) {
    const ts = usec(s.attackStart + i / rate);
    const src = pick(s.rng, sources);
    frames.push(icmp({ ts, src, dst: s.victim, type: 8, code: 0, identifier: 7, sequence: i & 0xffff, dataLength: size }));
    if (s.rng() < 0.5) frames.push(icmp({ ts: usec(ts + 0.0002), src: s.victim, dst: src, type: 0, code: 0, identifier: 7, sequence: i & 0xffff, dataLength: size }));
  }
  return frames;
}

/** Reflected SYN-ACKs: someone forged SYNs from the victim to many servers; their answers arrive here. */
function synAckReflection(s: Scene): Frame[] {
  const reflectors = Array.from({ length: intBetween(s.rng, 20, 300) }, () => attacker(s));
  const frames: Frame[] = [];
  const count = Math.round(intBetween(s.rng, 300, 1200) * s.intensity);
  const rate = between(s.rng, 100, 2000) * s.intensity;
  for (let i = 0; i < count; i++) {
    const ts = usec(s.attackStart + i / rate);
    const src = pick(s.rng, reflectors);
    const dport = intBetween(s.rng, 1024, 65535);
    frames.push(tcp({ ts, src, dst: s.victim, sport: pick(s.rng, [80, 443, 22]), dport, flags: 'SA', seq: intBetween(s.rng, 0, 2 ** 31), ack: intBetween(s.rng, 0, 2 ** 31) }));
    if (s.rng() < 0.5) frames.push(tcp({ ts: usec(ts + 0.0002), src: s.victim, dst: src, sport: dport, dport: 80, flags: 'R', seq: 1 }));
  }
  return frames;
}

/** Answers to requests forged from the victim's address: many servers, one service port, large replies (fragmented above 1,480 bytes). */
function amplification(servicePort: number, sizes: [number, number]) {
  return (s: Scene): Frame[] => {
    const reflectors = Array.from({ length: intBetween(s.rng, 10, 200) }, () => attacker(s));
    const frames: Frame[] = [];
    const count = Math.round(intBetween(s.rng, 200, 800) * s.intensity);
    const rate = between(s.rng, 50, 1000) * s.intensity;
    for (let i = 0; i < count; i++) {
      const ts = usec(s.attackStart + i / rate);
      const size = intBetween(s.rng, sizes[0], sizes[1]);
      const datagram = udp({ ts, src: pick(s.rng, reflectors), dst: s.victim, sport: servicePort, dport: s.rng() < 0.5 ? intBetween(s.rng, 1024, 65535) : 80, payload: size, ipId: i & 0xffff });
      if (size + 8 <= 1480) frames.push(datagram);
      else {
        const pieces: number[] = [];
        for (let left = size + 8; left > 0; left -= 1480) pieces.push(Math.min(1480, left));
        frames.push(...fragmentIpv4(datagram, pieces, 0.00002));
      }
    }
    return frames;
  };
}

type Exchange = { from: 'client' | 'server'; data: string };
const GUESSING_DIALOGUES: Record<string, (user: string, guess: string, tries: number) => Exchange[]> = {
  ftp: (user, guess, tries) => [
    { from: 'server', data: '220 (vsFTPd 3.0.5)\r\n' },
    ...Array.from({ length: tries }, (_, k): Exchange[] => [
      { from: 'client', data: `USER ${user}\r\n` },
      { from: 'server', data: '331 Please specify the password.\r\n' },
      { from: 'client', data: `PASS ${guess}${k}\r\n` },
      { from: 'server', data: '530 Login incorrect.\r\n' },
    ]).flat(),
    { from: 'client', data: 'QUIT\r\n' },
    { from: 'server', data: '221 Goodbye.\r\n' },
  ],
  telnet: (user, guess, tries) => [
    { from: 'server', data: 'Debian GNU/Linux 12\r\nlogin: ' },
    ...Array.from({ length: tries }, (_, k): Exchange[] => [
      { from: 'client', data: `${user}\r\n` },
      { from: 'server', data: 'Password: ' },
      { from: 'client', data: `${guess}${k}\r\n` },
      { from: 'server', data: '\r\nLogin incorrect\r\nlogin: ' },
    ]).flat(),
  ],
  pop3: (user, guess, tries) => [
    { from: 'server', data: '+OK Dovecot ready.\r\n' },
    ...Array.from({ length: tries }, (_, k): Exchange[] => [
      { from: 'client', data: `USER ${user}\r\n` },
      { from: 'server', data: '+OK\r\n' },
      { from: 'client', data: `PASS ${guess}${k}\r\n` },
      { from: 'server', data: '-ERR [AUTH] Authentication failed.\r\n' },
    ]).flat(),
    { from: 'client', data: 'QUIT\r\n' },
  ],
  imap: (user, guess, tries) => [
    { from: 'server', data: '* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n' },
    ...Array.from({ length: tries }, (_, k): Exchange[] => [
      { from: 'client', data: `a${k} LOGIN ${user} ${guess}${k}\r\n` },
      { from: 'server', data: `a${k} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n` },
    ]).flat(),
    { from: 'client', data: 'z LOGOUT\r\n' },
  ],
  // No plaintext to read: what a guess looks like is a short session of similar sizes, again and again.
  ssh: () => [
    { from: 'server', data: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' },
    { from: 'client', data: 'SSH-2.0-libssh_0.9.6\r\n' },
    { from: 'server', data: '\u0000'.repeat(1080) },
    { from: 'client', data: '\u0000'.repeat(1400) },
    { from: 'server', data: '\u0000'.repeat(460) },
    { from: 'client', data: '\u0000'.repeat(96) },
    { from: 'server', data: '\u0000'.repeat(64) },
  ],
  http: (user, guess) => [
    { from: 'client', data: `POST /login HTTP/1.1\r\nHost: intranet\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nuser=${user}&password=${guess}` },
    { from: 'server', data: 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n' },
  ],
};
const GUESSING_PORT: Record<string, number> = { ftp: 21, telnet: 23, pop3: 110, imap: 143, ssh: 22, http: 80 };

function guessing(service: keyof typeof GUESSING_DIALOGUES) {
  return (s: Scene): Frame[] => {
    const from = attacker(s);
    const server = service === 'ftp' || service === 'telnet' || service === 'ssh' ? s.servers.files : service === 'http' ? s.servers.web : s.servers.mail;
    const sessions = Math.round(intBetween(s.rng, 15, 80) * Math.min(2, s.intensity));
    const tries = intBetween(s.rng, 1, 4);
    const user = pick(s.rng, ['root', 'admin', 'test', 'oracle', 'user', 'ftp']);
    const frames: Frame[] = [];
    let t = s.attackStart;
    for (let k = 0; k < sessions; k++) {
      frames.push(
        ...tcpSession({
          client: from,
          server,
          clientPort: intBetween(s.rng, 33000, 65000),
          serverPort: GUESSING_PORT[service],
          start: usec(t),
          step: between(s.rng, 0.001, 0.05),
          exchanges: GUESSING_DIALOGUES[service](user, `pw${k}x`, tries),
          close: pick(s.rng, ['fin', 'fin', 'rst', 'server-rst'] as const),
        }),
      );
      t += between(s.rng, 0.05, 3) / s.intensity;
    }
    return frames;
  };
}

/** teardrop.c's pair, repeated: a first fragment, then one that starts inside it and ends before its end. */
function teardrop(s: Scene): Frame[] {
  const from = attacker(s);
  const frames: Frame[] = [];
  const count = intBetween(s.rng, 3, 40);
  for (let i = 0; i < count; i++) {
    const ts = usec(s.attackStart + i * between(s.rng, 0.01, 1));
    const datagram = udp({ ts, src: from, dst: s.victim, sport: intBetween(s.rng, 1024, 65535), dport: intBetween(s.rng, 1, 65535), payload: 28, ipId: 0x4242 + i });
    frames.push(...fragmentIpv4(datagram, [{ offset: 0, length: 36, more: true }, { offset: 24, length: 12, more: false }]));
  }
  return frames;
}

/** SYNs whose source is the destination (address and port): the land attack. */
function land(s: Scene): Frame[] {
  // The victim's own address is not an attack-side address: the label comes from the packets' shape below.
  const frames: Frame[] = [];
  const count = intBetween(s.rng, 1, 10);
  for (let i = 0; i < count; i++) {
    const port = pick(s.rng, [80, 139, 445, 23]);
    frames.push(tcp({ ts: usec(s.attackStart + i * between(s.rng, 0.01, 2)), src: s.victim, dst: s.victim, sport: port, dport: port, flags: 'S', seq: i }));
  }
  return frames;
}

/** Ports the Internet's scanners knock on most (telnet and its alternates, SSH, SMB, RDP, databases, web). */
const SCANNED_PORTS = [23, 2323, 22, 445, 3389, 80, 8080, 8443, 1433, 3306, 5432, 6379, 5900, 5555, 443, 25, 21, 135, 139, 81];

/**
 * What any host on the Internet receives all day: connection attempts from many unrelated sources,
 * one to three each, seconds apart, to the ports scanners look for (and some random ones); the host
 * resets the closed ports or does not answer at all (a host firewall), and a SYN unanswered is sent
 * again. Each source alone is one or two records; the host sees many.
 */
function internetScanning(s: Scene): Frame[] {
  const frames: Frame[] = [];
  const answersReset = s.rng() < 0.5;
  let t = s.attackStart;
  const end = s.start + s.span;
  while (t < end) {
    const from = attacker(s);
    const tries = intBetween(s.rng, 1, 3);
    for (let k = 0; k < tries; k++) {
      const port = s.rng() < 0.75 ? pick(s.rng, SCANNED_PORTS) : intBetween(s.rng, 1024, 65535);
      const sport = intBetween(s.rng, 1024, 65535);
      const seq = intBetween(s.rng, 0, 2 ** 31);
      const at = t + k * between(s.rng, 0.05, 3);
      frames.push(tcp({ ts: usec(at), src: from, dst: s.victim, sport, dport: port, flags: 'S', seq }));
      if (answersReset) frames.push(tcp({ ts: usec(at + between(s.rng, 0.0002, 0.002)), src: s.victim, dst: from, sport: port, dport: sport, flags: 'RA', ack: seq + 1 }));
      else if (s.rng() < 0.5) frames.push(tcp({ ts: usec(at + between(s.rng, 1, 3)), src: from, dst: s.victim, sport, dport: port, flags: 'S', seq }));
    }
    t += between(s.rng, 0.2, 4) / s.intensity;
  }
  return frames;
}

export const ATTACK_FAMILIES: readonly AttackFamily[] = [
  { name: 'syn-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('syn') },
  { name: 'connect-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('connect') },
  { name: 'fin-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('fin') },
  { name: 'xmas-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('xmas') },
  { name: 'null-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('null') },
  { name: 'ack-scan', group: 'scan', category: 'Probe', label: 'portsweep', build: tcpScan('ack') },
  { name: 'udp-scan', group: 'scan', category: 'Probe', label: 'satan', build: udpScan },
  { name: 'ping-sweep', group: 'sweep', category: 'Probe', label: 'ipsweep', build: pingSweep },
  { name: 'syn-flood', group: 'flood', category: 'DoS', label: 'neptune', build: synFlood },
  { name: 'udp-flood', group: 'flood', category: 'DoS', label: 'udpstorm', build: udpFlood },
  { name: 'icmp-flood', group: 'flood', category: 'DoS', label: 'smurf', build: icmpFlood },
  { name: 'syn-ack-reflection', group: 'reflection', category: 'DoS', label: 'neptune', build: synAckReflection },
  { name: 'dns-amplification', group: 'reflection', category: 'DoS', label: 'udpstorm', build: amplification(53, [1200, 4000]) },
  { name: 'ntp-amplification', group: 'reflection', category: 'DoS', label: 'udpstorm', build: amplification(123, [440, 480]) },
  { name: 'ssdp-amplification', group: 'reflection', category: 'DoS', label: 'udpstorm', build: amplification(1900, [250, 350]) },
  { name: 'memcached-amplification', group: 'reflection', category: 'DoS', label: 'udpstorm', build: amplification(11211, [1400, 8000]) },
  { name: 'ftp-guessing', group: 'guessing', category: 'R2L', label: 'guess_passwd', build: guessing('ftp') },
  { name: 'telnet-guessing', group: 'guessing', category: 'R2L', label: 'guess_passwd', build: guessing('telnet') },
  { name: 'ssh-guessing', group: 'guessing', category: 'R2L', label: 'guess_passwd', build: guessing('ssh') },
  { name: 'http-guessing', group: 'guessing', category: 'R2L', label: 'guess_passwd', build: guessing('http') },
  { name: 'pop3-guessing', group: 'guessing', category: 'R2L', label: 'guess_passwd', build: guessing('pop3') },
  { name: 'imap-guessing', group: 'guessing', category: 'R2L', label: 'imap', build: guessing('imap') },
  { name: 'teardrop', group: 'malformed', category: 'DoS', label: 'teardrop', build: teardrop },
  { name: 'land', group: 'malformed', category: 'DoS', label: 'land', build: land },
  // Last: a family's seeds come from its place in the table, so the ones before keep their captures.
  { name: 'internet-scanning', group: 'scan', category: 'Probe', label: 'portsweep', build: internetScanning },
];

export function attackFamily(name: string): AttackFamily {
  const f = ATTACK_FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`no attack family "${name}" (families: ${ATTACK_FAMILIES.map((x) => x.name).join(', ')})`);
  return f;
}
