/** Reading pcap / pcapng captures into decoded IP datagrams (the public API of ingest/pcap). */
export type { DecodedPacket, PacketSkip, TransportProtocol } from './packet.ts';
export { CaptureReader, type CaptureReaderOptions, type CaptureSummary } from './capture-reader.ts';
export { detectCaptureFormat, type CaptureFormat } from './capture-format.ts';
export type { SkipCount } from './skip-tally.ts';
export type { LinkTypeCount } from './frame-decoder.ts';
export { linkTypeName } from './link-layer.ts';
export { SKIP_KIND } from './skip-reasons.ts';
