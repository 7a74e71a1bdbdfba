/**
 * The table key of a TCP / UDP 5-tuple, the same in both directions: the protocol and the two
 * (address, port) ends in a canonical order. One string per packet (the only per-packet allocation).
 */
export function flowKey(protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): string {
  const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
  const tag = protocol === 'tcp' ? 't' : 'u';
  return srcFirst ? `${tag}${src}|${srcPort}|${dst}|${dstPort}` : `${tag}${dst}|${dstPort}|${src}|${srcPort}`;
}
