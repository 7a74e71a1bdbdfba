/**
 * Which end of a new connection is its originator, from its first packet (Zeek's WantConnection in
 * packet_analysis/protocol/tcp/TCP.cc and udp/UDP.cc, applied by IPBasedAnalyzer::NewConn).
 *
 * The first packet's sender is the originator, except:
 * - TCP, first packet not a plain SYN (no SYN, or SYN+ACK: the capture began mid-connection), sent
 *   from a likely server port: the receiver is, unless its port is a likely server port too; then
 *   only for a packet without SYN whose source port is the lower (SYN+ACKs are left alone so that
 *   stealth scans keep their scanner as originator).
 * - UDP, sent from a likely server port to a port that is not one (a DNS answer, DHCP 67 → 68).
 * - Never towards the IPv4 broadcast address.
 */
import type { DecodedPacket } from '../pcap/packet';
import { ACK, SYN } from './tcp-flags';
import { isLikelyServerPort } from './zeek-rules';

/** Whether the first packet's receiver, not its sender, is the connection's originator. */
export function receiverOriginates(protocol: 'tcp' | 'udp', first: DecodedPacket): boolean {
  if (first.dst === '255.255.255.255') return false;
  const srcLikely = isLikelyServerPort(protocol, first.srcPort);
  const dstLikely = isLikelyServerPort(protocol, first.dstPort);
  if (protocol === 'udp') return srcLikely && !dstLikely;
  const flags = first.tcpFlags;
  if ((flags & SYN) !== 0 && (flags & ACK) === 0) return false;
  if (!srcLikely) return false;
  if (!dstLikely) return true;
  return (flags & SYN) === 0 && first.srcPort < first.dstPort;
}
