/** TCP header flag bits (RFC 9293), as DecodedPacket.tcpFlags carries them. */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;

/** A SYN without ACK: the packet that opens a connection (and decides its originator). */
export function isPureSyn(flags: number): boolean {
  return (flags & (SYN | ACK)) === SYN;
}
