import { PCAP_MAGIC_MICRO_BE, PCAP_MAGIC_MICRO_LE, PCAP_MAGIC_NANO_BE, PCAP_MAGIC_NANO_LE } from './capture-format.ts';

/** The classic libpcap file format: a 24-byte file header, then 16-byte record headers each followed by the frame. */

export const PCAP_FILE_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;
/** Larger records are taken as corruption, not data (libpcap itself refuses far smaller ones). */
export const PCAP_MAX_RECORD_LENGTH = 256 * 1024 * 1024;

export interface PcapFileHeader {
  littleEndian: boolean;
  nanosecond: boolean;
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  /** The link type: the low 16 bits of the field (the upper bits may carry the FCS length). */
  linkType: number;
}

/** The file header at `offset` (24 bytes must be there). */
export function readPcapFileHeader(view: DataView, offset: number): PcapFileHeader {
  const magic = view.getUint32(offset, false);
  const littleEndian = magic === PCAP_MAGIC_MICRO_LE || magic === PCAP_MAGIC_NANO_LE;
  const nanosecond = magic === PCAP_MAGIC_NANO_BE || magic === PCAP_MAGIC_NANO_LE;
  if (!littleEndian && magic !== PCAP_MAGIC_MICRO_BE && magic !== PCAP_MAGIC_NANO_BE) {
    throw new Error('not a pcap file (unknown magic number)');
  }
  return {
    littleEndian,
    nanosecond,
    versionMajor: view.getUint16(offset + 4, littleEndian),
    versionMinor: view.getUint16(offset + 6, littleEndian),
    snapLength: view.getUint32(offset + 16, littleEndian),
    linkType: view.getUint32(offset + 20, littleEndian) & 0xffff,
  };
}
