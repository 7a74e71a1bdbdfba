/**
 * One ICMP / ICMPv6 message as a record (NSL-KDD has one row per message: every ICMP row of
 * KDDTrain+ has duration 0 and dst_bytes 0): the sender is the originator, ports carry type and code
 * (as Zeek does), src_bytes is the whole ICMP message length, flag SF, land when both addresses match.
 */

import type { DecodedPacket } from '../pcap/packet';
import type { Connection } from './connection';
import { baseFeatures } from './features';
import { icmpServiceFor } from './services';

export function icmpRecord(p: DecodedPacket): Connection {
  const features = baseFeatures('icmp', icmpServiceFor(p.icmpType, p.icmpCode, p.ipVersion === 6), 'SF');
  features.src_bytes = p.payloadLength;
  features.land = p.src === p.dst ? 1 : 0;
  features.wrong_fragment = p.wrongFragments;
  features.urgent = 0;
  return {
    identity: { ts: p.ts, origH: p.src, origP: p.icmpType, respH: p.dst, respP: p.icmpCode },
    features,
    packets: 1,
    cutByEnd: false,
    durationSeconds: 0,
  };
}
