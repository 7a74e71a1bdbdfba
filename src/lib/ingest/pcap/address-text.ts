/**
 * IP addresses as text (dotted IPv4, RFC 5952 IPv6), cached: a capture repeats the same few
 * addresses millions of times, so each distinct value is formatted once. The caches are direct-mapped
 * tables keyed by the address bits (no string is built to look one up); a collision just reformats.
 */

const IPV4_SLOTS = 4096;
const ipv4Keys = new Float64Array(IPV4_SLOTS).fill(-1);
const ipv4Texts: string[] = new Array<string>(IPV4_SLOTS).fill('');

/** The IPv4 address at `offset` (network order) as dotted text. */
export function ipv4Text(view: DataView, offset: number): string {
  const value = view.getUint32(offset);
  const slot = (value ^ (value >>> 12) ^ (value >>> 24)) & (IPV4_SLOTS - 1);
  if (ipv4Keys[slot] === value) return ipv4Texts[slot];
  const text = `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
  ipv4Keys[slot] = value;
  ipv4Texts[slot] = text;
  return text;
}

const IPV6_SLOTS = 2048;
/** Four 32-bit words per slot; a slot whose text is '' is empty. */
const ipv6Keys = new Uint32Array(IPV6_SLOTS * 4);
const ipv6Texts: string[] = new Array<string>(IPV6_SLOTS).fill('');

/** The IPv6 address at `offset` as RFC 5952 text (lower case, longest zero run as ::). */
export function ipv6Text(view: DataView, offset: number): string {
  const w0 = view.getUint32(offset);
  const w1 = view.getUint32(offset + 4);
  const w2 = view.getUint32(offset + 8);
  const w3 = view.getUint32(offset + 12);
  let h = (w0 ^ w1 ^ w2 ^ w3) >>> 0;
  h = (h ^ (h >>> 11) ^ (h >>> 22)) & (IPV6_SLOTS - 1);
  const k = h * 4;
  if (ipv6Keys[k] === w0 && ipv6Keys[k + 1] === w1 && ipv6Keys[k + 2] === w2 && ipv6Keys[k + 3] === w3 && ipv6Texts[h] !== '') {
    return ipv6Texts[h];
  }
  const text = formatIpv6([w0, w1, w2, w3]);
  ipv6Keys[k] = w0;
  ipv6Keys[k + 1] = w1;
  ipv6Keys[k + 2] = w2;
  ipv6Keys[k + 3] = w3;
  ipv6Texts[h] = text;
  return text;
}

/** RFC 5952 text of an address given as four 32-bit words (only on a cache miss). */
export function formatIpv6(words: readonly number[]): string {
  const groups: number[] = [];
  for (const w of words) groups.push(w >>> 16, w & 0xffff);
  // IPv4-mapped (::ffff:a.b.c.d): RFC 5952 §5 recommends the dotted form for the last 32 bits.
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    const v = words[3] >>> 0;
    return `::ffff:${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  // The longest run of two or more zero groups (the first of equal runs) becomes ::.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
