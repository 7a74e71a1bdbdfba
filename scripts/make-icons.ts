/**
 * Writes the app's PNG icons (public/icons/) with Node's zlib only: a traffic line with one spike
 * (the anomaly) on the theme blue. `tsx scripts/make-icons.ts`; the PNGs are committed.
 * "any" icons have rounded corners; maskable ones fill the square and keep the drawing inside the
 * central 80 % safe zone, since launchers crop them to their own shape.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x62, 0xc4];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG from a pixel function returning [r, g, b, a]. */
export function encodePng(size: number, pixel: (x: number, y: number) => number[]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1); // first byte of each row: filter type 0 (none)
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function distanceToSegment(px: number, py: number, [ax, ay]: number[], [bx, by]: number[]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The drawing in unit coordinates, scaled by `inset` around the centre (1 = the whole icon). */
function icon(size: number, maskable: boolean): Buffer {
  const inset = maskable ? 0.6 : 0.8;
  const line = [[0.05, 0.62], [0.3, 0.62], [0.4, 0.5], [0.5, 0.62], [0.58, 0.62], [0.68, 0.12], [0.78, 0.88], [0.86, 0.62], [0.95, 0.62]].map(([x, y]) => [
    (0.5 + (x - 0.5) * inset) * size,
    (0.5 + (y - 0.5) * inset) * size,
  ]);
  const halfWidth = size * 0.035;
  const radius = maskable ? 0 : size * 0.18;
  return encodePng(size, (x, y) => {
    const cx = x + 0.5;
    const cy = y + 0.5;
    // Rounded corners: outside the corner circles is transparent.
    const qx = Math.max(radius - cx, cx - (size - radius), 0);
    const qy = Math.max(radius - cy, cy - (size - radius), 0);
    if (radius > 0 && Math.hypot(qx, qy) > radius) return [0, 0, 0, 0];
    let d = Infinity;
    for (let i = 1; i < line.length; i++) d = Math.min(d, distanceToSegment(cx, cy, line[i - 1], line[i]));
    const ink = Math.max(0, Math.min(1, halfWidth + 0.5 - d)); // one pixel of antialiasing
    return [...BLUE.map((b, i) => Math.round(b + (WHITE[i] - b) * ink)), 255];
  });
}

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-192.png', 192, true],
  ['icon-maskable-512.png', 512, true],
] as const) {
  writeFileSync(path.join(out, name), icon(size, maskable));
  console.log(`public/icons/${name}`);
}
