/**
 * Ordinary traffic around a generated attack, so the attack's traffic features (the 2-second and
 * 100-connection windows) see other hosts and services as they would on a real network: DNS
 * lookups, TLS sessions and QUIC to outside servers, web visits to the network's own server, mail
 * checks, NTP. Every record it gives is normal by construction.
 */
import { tcpSession, udp, type Frame } from '../capture-writer/capture-writer';
import { between, intBetween, outsideAddress, pick, usec, type Scene } from './scene';

const bytes = (n: number) => Math.max(1, Math.round(n));

function dnsLookup(scene: Scene, client: string, t: number, resolver: string): Frame[] {
  const sport = intBetween(scene.rng, 20000, 65000);
  return [
    udp({ ts: usec(t), src: client, dst: resolver, sport, dport: 53, payload: intBetween(scene.rng, 28, 60) }),
    udp({ ts: usec(t + between(scene.rng, 0.002, 0.06)), src: resolver, dst: client, sport: 53, dport: sport, payload: intBetween(scene.rng, 60, 300) }),
  ];
}

function tlsSession(scene: Scene, client: string, t: number, server: string, port = 443): Frame[] {
  const r = scene.rng;
  const exchanges: { from: 'client' | 'server'; data: number }[] = [
    { from: 'client', data: intBetween(r, 220, 600) },
    { from: 'server', data: intBetween(r, 1400, 6000) },
    { from: 'client', data: intBetween(r, 60, 160) },
  ];
  for (let k = intBetween(r, 0, 6); k > 0; k--) {
    exchanges.push({ from: 'client', data: intBetween(r, 80, 1200) }, { from: 'server', data: bytes(between(r, 200, 30000)) });
  }
  return tcpSession({
    client,
    server,
    clientPort: intBetween(r, 32768, 60999),
    serverPort: port,
    start: usec(t),
    step: between(r, 0.0005, 0.04),
    exchanges,
    close: pick(r, ['fin', 'fin', 'fin', 'rst', 'open'] as const),
  });
}

function quicFlow(scene: Scene, client: string, t: number, server: string): Frame[] {
  const r = scene.rng;
  const sport = intBetween(r, 32768, 60999);
  const frames: Frame[] = [];
  let ts = t;
  for (let k = intBetween(r, 4, 30); k > 0; k--) {
    const up = r() < 0.4;
    frames.push(udp({ ts: usec(ts), src: up ? client : server, dst: up ? server : client, sport: up ? sport : 443, dport: up ? 443 : sport, payload: intBetween(r, 40, 1350) }));
    ts += between(r, 0.001, 0.08);
  }
  frames[0] = udp({ ts: usec(t), src: client, dst: server, sport, dport: 443, payload: 1250 });
  return frames;
}

function webVisit(scene: Scene, client: string, t: number): Frame[] {
  const r = scene.rng;
  return tcpSession({
    client,
    server: scene.servers.web,
    clientPort: intBetween(r, 32768, 60999),
    serverPort: 80,
    start: usec(t),
    step: between(r, 0.0005, 0.01),
    exchanges: [
      { from: 'client', data: `GET /${pick(r, ['', 'index.html', 'api/status', 'img/logo.png'])} HTTP/1.1\r\nHost: intranet\r\n\r\n` },
      { from: 'server', data: intBetween(r, 300, 20000) },
    ],
    close: 'fin',
  });
}

function mailCheck(scene: Scene, client: string, t: number): Frame[] {
  const r = scene.rng;
  return tcpSession({
    client,
    server: scene.servers.mail,
    clientPort: intBetween(r, 32768, 60999),
    serverPort: pick(r, [993, 587, 143] as const),
    start: usec(t),
    step: between(r, 0.001, 0.02),
    exchanges: [
      { from: 'server', data: intBetween(r, 60, 200) },
      { from: 'client', data: intBetween(r, 200, 600) },
      { from: 'server', data: intBetween(r, 500, 8000) },
    ],
    close: 'fin',
  });
}

function ntp(scene: Scene, client: string, t: number, server: string): Frame[] {
  return [
    udp({ ts: usec(t), src: client, dst: server, sport: 123, dport: 123, payload: 48 }),
    udp({ ts: usec(t + between(scene.rng, 0.01, 0.1)), src: server, dst: client, sport: 123, dport: 123, payload: 48 }),
  ];
}

/** Background traffic for the whole span: each client starts an activity every few seconds. */
export function backgroundFrames(scene: Scene): Frame[] {
  const r = scene.rng;
  const outside = Array.from({ length: intBetween(r, 8, 30) }, () => outsideAddress(r));
  const publicResolver = pick(r, ['8.8.8.8', '1.1.1.1', '9.9.9.9']);
  const frames: Frame[] = [];
  for (const client of scene.clients) {
    const gap = between(r, 1, 8);
    for (let t = scene.start + between(r, 0, gap); t < scene.start + scene.span; t += between(r, 0.2, 2) * gap) {
      const server = pick(r, outside);
      const resolver = r() < 0.7 ? scene.servers.dns : publicResolver;
      const what = r();
      if (what < 0.3) frames.push(...dnsLookup(scene, client, t, resolver), ...tlsSession(scene, client, t + 0.05, server));
      else if (what < 0.5) frames.push(...tlsSession(scene, client, t, server));
      else if (what < 0.65) frames.push(...quicFlow(scene, client, t, server));
      else if (what < 0.8) frames.push(...dnsLookup(scene, client, t, resolver));
      else if (what < 0.9) frames.push(...webVisit(scene, client, t));
      else if (what < 0.97) frames.push(...mailCheck(scene, client, t));
      else frames.push(...ntp(scene, client, t, server));
    }
  }
  return frames;
}
