/** Hand-made DecodedPackets for the connection tests (no capture file needed). */
import type { DecodedPacket } from '../../../../src/lib/ingest/pcap/packet';
import { ConnectionTracker } from '../../../../src/lib/ingest/connections/connection-tracker';
import type { Connection } from '../../../../src/lib/ingest/connections/connection';

export const F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10, U = 0x20;

let frame = 0;

export function packet(fields: Partial<DecodedPacket> & { ts: number }): DecodedPacket {
  const payload = fields.payload ?? new Uint8Array(0);
  return {
    frame: ++frame,
    ipVersion: 4,
    src: '10.0.0.1',
    dst: '10.0.0.2',
    protocol: 'tcp',
    srcPort: 40000,
    dstPort: 80,
    tcpFlags: 0,
    seq: 0,
    ack: 0,
    payloadLength: payload.length,
    payload,
    icmpType: -1,
    icmpCode: -1,
    fragments: 1,
    wrongFragments: 0,
    ...fields,
  };
}

/** A TCP conversation between a client C (10.0.0.1:40000) and a server (10.0.0.2:port). */
export class Talk {
  private clientSeq = 1000;
  private serverSeq = 5000;
  ts = 100;
  constructor(
    readonly port = 80,
    readonly client = '10.0.0.1',
    readonly server = '10.0.0.2',
    readonly clientPort = 40000,
  ) {}

  /** A client packet; text payload is sent as bytes; seq advances by the payload (and SYN/FIN). */
  c(flags: number, data: string | number | Uint8Array = 0, dt = 0.01): DecodedPacket {
    return this.make(true, flags, data, dt);
  }

  s(flags: number, data: string | number | Uint8Array = 0, dt = 0.01): DecodedPacket {
    return this.make(false, flags, data, dt);
  }

  private make(fromClient: boolean, flags: number, data: string | number | Uint8Array, dt: number): DecodedPacket {
    this.ts += dt;
    // Strings are sent one byte per character (latin1), so '\xff' is the byte 255.
    const payload =
      typeof data === 'string' ? Uint8Array.from(data, (ch) => ch.charCodeAt(0) & 0xff) : typeof data === 'number' ? new Uint8Array(0) : data;
    const length = typeof data === 'number' ? data : payload.length;
    const seq = fromClient ? this.clientSeq : this.serverSeq;
    const advance = length + (flags & S ? 1 : 0) + (flags & F ? 1 : 0);
    if (fromClient) this.clientSeq = (this.clientSeq + advance) >>> 0;
    else this.serverSeq = (this.serverSeq + advance) >>> 0;
    return packet({
      ts: this.ts,
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      srcPort: fromClient ? this.clientPort : this.port,
      dstPort: fromClient ? this.port : this.clientPort,
      tcpFlags: flags,
      seq,
      ack: fromClient ? this.serverSeq : this.clientSeq,
      payload,
      payloadLength: length,
    });
  }

  /** The same packet sent again (a retransmission): same seq, later ts. */
  again(p: DecodedPacket, dt = 0.2): DecodedPacket {
    this.ts += dt;
    return { ...p, ts: this.ts, payload: p.payload.slice() };
  }
}

/** Runs packets through a fresh tracker; returns the records in emission order. */
export function track(packets: DecodedPacket[], options: { tcpIdleSeconds?: number; udpIdleSeconds?: number } = {}): Connection[] {
  const out: Connection[] = [];
  const tracker = new ConnectionTracker({ onConnection: (c) => out.push(c), ...options });
  for (const p of packets) tracker.push(p);
  tracker.finish();
  return out;
}

export function only(packets: DecodedPacket[]): Connection {
  const out = track(packets);
  if (out.length !== 1) throw new Error(`expected 1 record, got ${out.length}`);
  return out[0];
}
