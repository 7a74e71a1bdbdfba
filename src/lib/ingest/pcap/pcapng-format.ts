import { MICROSECONDS, resolutionFromTsresol, type TimestampResolution } from './timestamp.ts';

/** pcapng (the Wireshark format): blocks of type, total length, body, total length again; lengths are multiples of 4. */

export const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
export const BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
export const BLOCK_OBSOLETE_PACKET = 0x00000002;
export const BLOCK_SIMPLE_PACKET = 0x00000003;
export const BLOCK_ENHANCED_PACKET = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const MIN_BLOCK_LENGTH = 12;
/** The only major version the specification defines (minor versions 0 and 2 read the same). */
export const PCAPNG_MAJOR_VERSION = 1;
/** Bytes of a section header block up to and including its version fields: type, length, magic, major, minor. */
export const SECTION_HEADER_FIXED_LENGTH = 16;

const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;

/** One interface of the current section. */
export interface PcapngInterface {
  linkType: number;
  snapLength: number;
  resolution: TimestampResolution;
  /** if_tsoffset: seconds added to every timestamp of the interface. */
  offsetSeconds: number;
}

/** The interface description block of `length` bytes at `offset`. */
export function readInterfaceDescription(view: DataView, offset: number, length: number, littleEndian: boolean): PcapngInterface {
  const description: PcapngInterface = {
    linkType: view.getUint16(offset + 8, littleEndian),
    snapLength: view.getUint32(offset + 12, littleEndian),
    resolution: MICROSECONDS,
    offsetSeconds: 0,
  };
  const optionsEnd = offset + length - 4;
  let option = offset + 16;
  while (option + 4 <= optionsEnd) {
    const code = view.getUint16(option, littleEndian);
    const valueLength = view.getUint16(option + 2, littleEndian);
    const value = option + 4;
    if (code === OPTION_END || value + valueLength > optionsEnd) break;
    if (code === OPTION_IF_TSRESOL && valueLength >= 1) description.resolution = resolutionFromTsresol(view.getUint8(value));
    else if (code === OPTION_IF_TSOFFSET && valueLength >= 8) {
      // A signed 64-bit count of seconds; the high word carries the sign.
      const low = view.getUint32(value + (littleEndian ? 0 : 4), littleEndian);
      const high = view.getInt32(value + (littleEndian ? 4 : 0), littleEndian);
      description.offsetSeconds = high * 4294967296 + low;
    }
    option = value + ((valueLength + 3) & ~3);
  }
  return description;
}
