/** Which capture file format a file is, from its first four bytes. */

export type CaptureFormat = 'pcap' | 'pcapng';

/** pcap magic numbers as read big-endian from the first four bytes. */
export const PCAP_MAGIC_MICRO_BE = 0xa1b2c3d4;
export const PCAP_MAGIC_MICRO_LE = 0xd4c3b2a1;
export const PCAP_MAGIC_NANO_BE = 0xa1b23c4d;
export const PCAP_MAGIC_NANO_LE = 0x4d3cb2a1;
/** The pcapng section header block type: a palindrome, the same in both byte orders. */
export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;

/** 'pcap', 'pcapng', or null when the head is not a capture this reader knows (or shorter than 4 bytes). */
export function detectCaptureFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null;
  const magic = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (magic === PCAP_MAGIC_MICRO_BE || magic === PCAP_MAGIC_MICRO_LE || magic === PCAP_MAGIC_NANO_BE || magic === PCAP_MAGIC_NANO_LE) {
    return 'pcap';
  }
  if (magic === PCAPNG_SHB_TYPE) return 'pcapng';
  return null;
}
