/**
 * What every generated capture is made of: a small network (clients, its own servers), the world
 * outside it, a seeded random source and helpers that place packets in time. Pure; the frames come
 * from the capture writer, so a generated capture goes through exactly the reader a user's does.
 */
import type { Frame } from '../capture-writer/capture-writer';
import { createRng, type Rng } from '../util/random';

/** Seconds rounded to the microsecond, as a pcap stores them. */
export const usec = (t: number) => Math.round(t * 1e6) / 1e6;

export interface Scene {
  rng: Rng;
  /** Start and length of the capture, Unix seconds. */
  start: number;
  span: number;
  /** Hosts inside the network (the capture is taken at its edge). */
  clients: string[];
  servers: { web: string; dns: string; mail: string; files: string };
  /** The one network host an attack aims at (a server or a client). */
  victim: string;
  /** Where the attack starts: somewhere inside the span, background traffic on both sides. */
  attackStart: number;
  /** Addresses only the attack uses (attacker, spoofed sources, reflectors): a record touching one is an attack record. */
  attackSide: Set<string>;
  /** How hard the attack runs: 0.25 (slow) … 4 (fast); it scales rates and counts. */
  intensity: number;
}

export const between = (rng: Rng, lo: number, hi: number) => lo + rng() * (hi - lo);
export const intBetween = (rng: Rng, lo: number, hi: number) => Math.floor(between(rng, lo, hi + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** An address outside the network, in a /8 that stands for "the Internet" here (never a private range). */
export function outsideAddress(rng: Rng, firstOctets: readonly number[] = [23, 45, 52, 64, 77, 91, 103, 142, 151, 185, 203]): string {
  return `${pick(rng, firstOctets)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`;
}

/** A network of 6–20 clients and four servers, on 10.x or 192.168.x (varied by seed). */
export function createScene(seed: number): Scene {
  const rng = createRng(seed);
  const prefix = rng() < 0.5 ? `192.168.${intBetween(rng, 0, 99)}` : `10.${intBetween(rng, 0, 40)}.${intBetween(rng, 0, 9)}`;
  const clients = Array.from({ length: intBetween(rng, 6, 20) }, (_, i) => `${prefix}.${100 + i}`);
  const servers = { web: `${prefix}.10`, dns: `${prefix}.2`, mail: `${prefix}.25`, files: `${prefix}.21` };
  const start = 1_750_000_000 + intBetween(rng, 0, 10_000_000);
  const span = between(rng, 90, 240);
  const intensity = pick(rng, [0.25, 0.5, 1, 2, 4]);
  return {
    rng,
    start,
    span,
    clients,
    servers,
    victim: servers.web,
    attackStart: usec(start + span * between(rng, 0.2, 0.5)),
    attackSide: new Set(),
    intensity,
  };
}

/** A new attack-side address (attacker, reflector, spoofed source), remembered as such. */
export function attackAddress(scene: Scene, address: string): string {
  scene.attackSide.add(address);
  return address;
}

/** Frames in time order (stable: equal times keep their order). */
export function inTimeOrder(frames: Frame[]): Frame[] {
  return frames.sort((a, b) => a.ts - b.ts);
}
