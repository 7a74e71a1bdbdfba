/** What the IPv4 / IPv6 decoders find in a datagram's headers; one object reused for every frame. */
export interface IpLayer {
  version: 4 | 6;
  src: string;
  dst: string;
  /** The upper-layer protocol; for a fragment, the protocol (next header) of the fragmentable part. */
  protocol: number;
  /** Where the transport header starts (for a fragment: where the fragment's data starts). */
  transportOffset: number;
  /** Where the datagram ends by its length fields (IPv4 total length, IPv6 payload length). */
  datagramEnd: number;
  /** min(datagramEnd, end of the captured frame): Ethernet padding and FCS are cut off here. */
  capturedEnd: number;
  isFragment: boolean;
  /** Fragment offset in bytes. */
  fragmentOffset: number;
  moreFragments: boolean;
  /** IPv4 identification or the IPv6 fragment header's identification. */
  identification: number;
  /**
   * Header bytes that precede the fragmentable part in the reassembled datagram (IPv4: the header;
   * IPv6: extension headers before the fragment header), for the 65,535-byte limit.
   */
  headerBytes: number;
}

export function newIpLayer(): IpLayer {
  return {
    version: 4,
    src: '',
    dst: '',
    protocol: 0,
    transportOffset: 0,
    datagramEnd: 0,
    capturedEnd: 0,
    isFragment: false,
    fragmentOffset: 0,
    moreFragments: false,
    identification: 0,
    headerBytes: 0,
  };
}
