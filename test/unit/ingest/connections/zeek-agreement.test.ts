/**
 * Zeek agreement: one generated capture per connection rule, read by the capture reader and the
 * tracker, against the conn.log lines Zeek writes for it. The expected lines are worked out by hand from
 * the Zeek source each rule cites (tracked-flow.ts, originator.ts), never by running the project.
 * Columns as conn.log names them; conn_state is Zeek's own (the record's flag maps it onto NSL-KDD's
 * names, so RSTRH and SHR read OTH, and UDP is always SF).
 */
import { describe, expect, it } from 'vitest';
import { tcp, udp, writePcap, type Frame } from '../../../../src/lib/capture-writer/capture-writer';
import { ConnectionTracker } from '../../../../src/lib/ingest/connections/connection-tracker';
import type { Connection } from '../../../../src/lib/ingest/connections/connection';
import { nslKddFlag, type ZeekConnState } from '../../../../src/lib/ingest/connections/conn-state';
import { CaptureReader } from '../../../../src/lib/ingest/pcap/index';

/** ts, id.orig_h, id.orig_p, id.resp_h, id.resp_p, proto, duration, orig_bytes, resp_bytes, conn_state. */
type ConnLogLine = [number, string, number, string, number, 'tcp' | 'udp', number, number, number, ZeekConnState];

function connLog(frames: Frame[]): ConnLogLine[] {
  const out: Connection[] = [];
  const tracker = new ConnectionTracker({ onConnection: (c) => out.push(c) });
  const reader = new CaptureReader({ onPacket: (p) => tracker.push(p) });
  reader.push(writePcap(frames));
  reader.finish();
  tracker.finish();
  return out.map((c) => {
    const f = c.features;
    const proto = f.protocol_type as 'tcp' | 'udp';
    return [c.identity.ts, c.identity.origH, c.identity.origP, c.identity.respH, c.identity.respP, proto, c.durationSeconds, f.src_bytes, f.dst_bytes, f.flag as ZeekConnState];
  });
}

/** The expected lines with conn_state mapped as the record carries it. */
function asRecords(lines: ConnLogLine[]): ConnLogLine[] {
  return lines.map((l) => {
    const state = l[5] === 'udp' ? 'SF' : nslKddFlag(l[9]);
    return [...l.slice(0, 6), Math.round(l[6] * 1e6) / 1e6, l[7], l[8], state] as ConnLogLine;
  });
}

const C = '10.0.0.1';
const SRV = '10.0.0.2';
const T0 = 1700000000;

/** A TCP conversation between C:cport and SRV:sport, keeping both sides' sequence numbers. */
class Tcp {
  private cSeq = 1000;
  private sSeq = 50000;
  readonly frames: Frame[] = [];
  constructor(
    readonly sport: number,
    readonly cport = 50000,
  ) {}

  c(ts: number, flags: string, bytes = 0, seq?: number): this {
    return this.push(true, ts, flags, bytes, seq);
  }

  s(ts: number, flags: string, bytes = 0): this {
    return this.push(false, ts, flags, bytes);
  }

  private push(fromClient: boolean, ts: number, flags: string, bytes: number, seqOverride?: number): this {
    if (seqOverride !== undefined) this.cSeq = seqOverride;
    const seq = fromClient ? this.cSeq : this.sSeq;
    const advance = bytes + (flags.includes('S') ? 1 : 0) + (flags.includes('F') ? 1 : 0);
    if (fromClient) this.cSeq = (this.cSeq + advance) >>> 0;
    else this.sSeq = (this.sSeq + advance) >>> 0;
    this.frames.push(
      tcp({
        ts: T0 + ts,
        src: fromClient ? C : SRV,
        dst: fromClient ? SRV : C,
        sport: fromClient ? this.cport : this.sport,
        dport: fromClient ? this.sport : this.cport,
        flags,
        seq,
        ack: flags.includes('A') ? (fromClient ? this.sSeq : this.cSeq) : 0,
        payload: bytes,
      }),
    );
    return this;
  }

  /** The client's packet at `index` sent again at `ts` (a retransmission: same sequence number). */
  again(index: number, ts: number): this {
    this.frames.push({ ...this.frames[index], ts: T0 + ts });
    return this;
  }

  /** Drops the last packet from the capture (its bytes were sent, the capture missed them). */
  lost(): this {
    this.frames.pop();
    return this;
  }

  handshake(ts: number): this {
    return this.c(ts, 'S').s(ts + 0.01, 'SA').c(ts + 0.02, 'A');
  }
}

describe('Zeek agreement: generated captures against the conn.log Zeek writes', () => {
  it('originator flip (TCP): a capture that starts mid-connection with the server speaking', () => {
    // TCP.cc WantConnection: first packet not a SYN, from likely server port 22 to 50000 (not one).
    const t = new Tcp(22).s(0, 'PA', 100).c(0.1, 'A').c(0.2, 'PA', 20).s(0.3, 'FA').c(0.4, 'FA').s(0.5, 'A');
    expect(connLog(t.frames)).toEqual(asRecords([[T0, C, 50000, SRV, 22, 'tcp', 0.4, 20, 100, 'SF']]));
  });

  it('originator flip (UDP): a DNS answer seen before any query; DHCP 67 -> 68; never to broadcast', () => {
    const frames = [
      udp({ ts: T0, src: '10.0.0.53', dst: C, sport: 53, dport: 40000, payload: 100 }),
      udp({ ts: T0 + 1, src: C, dst: '10.0.0.53', sport: 40000, dport: 53, payload: 30 }),
      udp({ ts: T0 + 2, src: '10.0.0.67', dst: '10.0.0.9', sport: 67, dport: 68, payload: 300 }),
      udp({ ts: T0 + 3, src: '10.0.0.67', dst: '255.255.255.255', sport: 67, dport: 68, payload: 300 }),
    ];
    expect(connLog(frames)).toEqual(
      asRecords([
        [T0, C, 40000, '10.0.0.53', 53, 'udp', 1, 30, 100, 'SF'],
        [T0 + 2, '10.0.0.9', 68, '10.0.0.67', 67, 'udp', 0, 0, 300, 'SHR'],
        [T0 + 3, '10.0.0.67', 67, '255.255.255.255', 68, 'udp', 0, 300, 0, 'S0'],
      ]),
    );
  });

  it('unanswered SYNs: the connection is over 5 s after the first SYN (AttemptTimer)', () => {
    // SYN at 0, retransmitted at 1 and 3 (one connection), again at 7 (a new one, its own timer runs
    // to 12), again at 15 (a third).
    const t = new Tcp(80).c(0, 'S').again(0, 1).again(0, 3).again(0, 7).again(0, 15);
    expect(connLog(t.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 3, 0, 0, 'S0'],
        [T0 + 7, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'S0'],
        [T0 + 15, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'S0'],
      ]),
    );
  });

  it('a SYN with a new sequence number on an open connection starts a new one (IsReuse)', () => {
    const t = new Tcp(80).handshake(0).c(0.1, 'PA', 10).s(0.2, 'A').c(2, 'S', 0, 9000);
    expect(connLog(t.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 0.2, 10, 0, 'S1'],
        [T0 + 2, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'S0'],
      ]),
    );
  });

  it("the clock stops once both sides have closed; the 5 s close delay keeps the tuple's next packets", () => {
    // Second FIN at 0.3: the last ACK at 0.8 and a late ACK at 5.2 join without lengthening it;
    // an ACK at 5.4 (5.1 s after the close) is a new connection.
    const t = new Tcp(80).handshake(0).c(0.1, 'PA', 10).s(0.15, 'PA', 40).c(0.2, 'FA').s(0.3, 'FA').c(0.8, 'A').c(5.2, 'A').c(5.4, 'A');
    expect(connLog(t.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 0.3, 10, 40, 'SF'],
        [T0 + 5.4, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'OTH'],
      ]),
    );
  });

  it('a FIN towards a silent peer completes the close (SH), 5 s later the tuple is free', () => {
    const t = new Tcp(80).c(0, 'S').c(0.1, 'FA').c(6, 'A');
    expect(connLog(t.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 0.1, 0, 0, 'SH'],
        [T0 + 6, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'OTH'],
      ]),
    );
  });

  it('FIN then RST from one side: over at the first expire check after 5 s of quiet (ExpireTimer)', () => {
    // The server's ACK at 3 joins (quiet < 5 s); its ACK at 20 comes after a check found 5 s of quiet,
    // so it opens a connection of its own, originated by the client (flip: sent from port 80).
    const t = new Tcp(80).handshake(0).c(0.1, 'PA', 10).c(1, 'FA').c(1.01, 'R').s(3, 'A').s(20, 'A');
    expect(connLog(t.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 3, 10, 0, 'RSTO'],
        [T0 + 20, C, 50000, SRV, 80, 'tcp', 0, 0, 0, 'OTH'],
      ]),
    );
  });

  it('bytes by sequence numbers (TCP_Endpoint::Size): a retransmission once, a segment the capture missed but was acknowledged counted', () => {
    const t = new Tcp(80).handshake(0).c(0.1, 'PA', 100).again(3, 0.3).c(0.4, 'PA', 50).lost().c(0.5, 'PA', 20).s(0.6, 'A');
    t.s(0.7, 'PA', 300).c(0.8, 'FA').s(0.9, 'FA').c(1, 'A');
    expect(connLog(t.frames)).toEqual(asRecords([[T0, C, 50000, SRV, 80, 'tcp', 0.9, 170, 300, 'SF']]));
  });

  it('inactivity: TCP 300 s, an hour for a handshake to ssh (inactivity.zeek); UDP 60 s, at exactly the timeout', () => {
    const ssh = new Tcp(22).handshake(0).c(0.1, 'PA', 10).c(1000.1, 'PA', 10);
    expect(connLog(ssh.frames)).toEqual(asRecords([[T0, C, 50000, SRV, 22, 'tcp', 1000.1, 20, 0, 'S1']]));
    const web = new Tcp(80).handshake(0).c(0.1, 'PA', 10).c(300.1, 'PA', 10);
    expect(connLog(web.frames)).toEqual(
      asRecords([
        [T0, C, 50000, SRV, 80, 'tcp', 0.1, 10, 0, 'S1'],
        [T0 + 300.1, C, 50000, SRV, 80, 'tcp', 0, 10, 0, 'OTH'],
      ]),
    );
    // ssh seen mid-connection: no connection_established, so the usual 300 s.
    const midSsh = new Tcp(22).c(0, 'PA', 10).c(1000, 'PA', 10);
    expect(connLog(midSsh.frames).length).toBe(2);
    const dns = [0, 59.9, 119.9].map((s) => udp({ ts: T0 + s, src: C, dst: '10.0.0.53', sport: 40000, dport: 53, payload: 30 }));
    expect(connLog(dns).map((l) => l[0])).toEqual([T0, T0 + 119.9]);
  });
});
