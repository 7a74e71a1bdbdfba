import { describe, expect, it } from 'vitest';
import { nslKddFlag, zeekTcpConnState } from '../../../../src/lib/ingest/connections/conn-state';
import { EndpointState, TcpEndpoint } from '../../../../src/lib/ingest/connections/tcp-endpoint';
import { A, F, only, P, R, S, Talk, track } from './packets';

/** The flag of one hand-made connection. */
function flagOf(build: (t: Talk) => ReturnType<Talk['c']>[]): string {
  return only(build(new Talk())).features.flag;
}

describe('zeekTcpConnState names RSTRH and SHR; NSL-KDD gets OTH', () => {
  it('keeps the Zeek names and maps them', () => {
    const orig = new TcpEndpoint(0);
    const resp = new TcpEndpoint(1);
    orig.setState(EndpointState.Partial);
    resp.setState(EndpointState.Reset);
    expect(zeekTcpConnState(orig, resp, false)).toBe('RSTRH');
    resp.setState(EndpointState.Closed);
    expect(zeekTcpConnState(orig, resp, false)).toBe('SHR');
    expect(nslKddFlag('RSTRH')).toBe('OTH');
    expect(nslKddFlag('SHR')).toBe('OTH');
    expect(nslKddFlag('RSTOS0')).toBe('RSTOS0');
  });
});

describe('flag (Zeek conn_state)', () => {
  it('S0: SYN, no answer (also repeated)', () => {
    expect(flagOf((t) => [t.c(S)])).toBe('S0');
    expect(flagOf((t) => { const syn = t.c(S); return [syn, t.again(syn)]; })).toBe('S0');
  });

  it('S1: handshake, data, no close', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.c(P | A, 'GET /'), t.s(A, 'HTTP/1.1 200')])).toBe('S1');
  });

  it('SF: handshake and FIN both ways (the last ACK belongs to it)', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.c(F | A), t.s(F | A), t.c(A)])).toBe('SF');
  });

  it('SF: a FIN then a RST from the same side, answered by a FIN (Zeek turns the RST back into a close)', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.c(F | A), t.c(R), t.s(F | A)])).toBe('SF');
  });

  it('REJ: SYN answered by RST/ACK', () => {
    expect(flagOf((t) => [t.c(S), t.s(R | A)])).toBe('REJ');
  });

  it('S2: established, originator FIN, no answer', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.c(F | A)])).toBe('S2');
  });

  it('S3: established, responder FIN, no answer', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.s(F | A)])).toBe('S3');
  });

  it('RSTO: SYN, SYN/ACK, RST from the originator (a SYN scan of an open port)', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(R)])).toBe('RSTO');
  });

  it('RSTR: established, the responder resets', () => {
    expect(flagOf((t) => [t.c(S), t.s(S | A), t.c(A), t.c(P | A, 'x'), t.s(R | A)])).toBe('RSTR');
  });

  it('RSTOS0: SYN then RST from the originator, nothing from the responder', () => {
    expect(flagOf((t) => [t.c(S), t.c(R)])).toBe('RSTOS0');
  });

  it('OTH (not RSTOS0) when the originator sent a bare ACK before its RST', () => {
    expect(flagOf((t) => [t.c(S), t.c(A), t.c(R)])).toBe('OTH');
  });

  it('SH: SYN then FIN from the originator, nothing back', () => {
    expect(flagOf((t) => [t.c(S), t.c(F)])).toBe('SH');
  });

  it('OTH: midstream traffic without a SYN', () => {
    expect(flagOf((t) => [t.c(P | A, 'abc'), t.s(A)])).toBe('OTH');
  });

  it('RSTRH → OTH: a midstream (partial) originator, then the responder resets', () => {
    expect(flagOf((t) => [t.c(P | A, 'abc'), t.s(R)])).toBe('OTH');
  });

  it('SHR → OTH: midstream originator, responder FIN', () => {
    expect(flagOf((t) => [t.c(P | A, 'abc'), t.s(F | A)])).toBe('OTH');
  });

  it('a SYN+ACK from a likely server port seen before its SYN: the receiver originates (Zeek flips at once)', () => {
    // The SYN then joins (its sequence number is the one the SYN+ACK acknowledged) and leaves the
    // originator in SYN_SENT: Zeek's states give OTH, not S1.
    const t = new Talk();
    const synAck = t.s(S | A);
    const syn = { ...t.c(S), seq: (synAck.ack - 1) >>> 0 };
    const c = only([synAck, syn, t.c(A), t.c(P | A, 'GET'), t.s(A, 'ok')]);
    expect(c.identity).toMatchObject({ ts: synAck.ts, origH: '10.0.0.1', origP: 40000, respP: 80 });
    expect(c.features.flag).toBe('OTH');
  });

  it('first packet a SYN/ACK between two ports Zeek does not take for servers: its sender originates', () => {
    const t = new Talk(50000);
    const c = only([t.s(S | A), t.c(A)]);
    expect(c.identity.origH).toBe('10.0.0.2');
    expect(c.identity.origP).toBe(50000);
    expect(c.identity.respP).toBe(40000);
    expect(c.features.service).toBe('other');
    expect(c.features.flag).toBe('OTH'); // orig SYN_ACK_SENT, resp PARTIAL
  });

  it('first packet a SYN/ACK from port 80: the client originates, its ACK establishes both (S1)', () => {
    const t = new Talk();
    const c = only([t.s(S | A), t.c(A)]);
    expect(c.identity).toMatchObject({ origH: '10.0.0.1', origP: 40000, respP: 80 });
    expect(c.features.flag).toBe('S1');
  });

  it('SYN/SYN-ACK reversal: the SYN seen after its SYN/ACK gives an established connection', () => {
    const t = new Talk(50000);
    const synAck = t.s(S | A);
    const syn = { ...t.c(S), seq: (synAck.ack - 1) >>> 0 };
    const c = only([synAck, syn, t.c(F | A), t.s(F | A), t.c(A)]);
    expect(c.features.flag).toBe('SF');
    expect(c.identity).toMatchObject({ origH: '10.0.0.1', origP: 40000, respP: 50000 });
  });

  it('a SYN from the responder with a sequence number of its own is a new connection, not a flip', () => {
    const t = new Talk(50000);
    const out = track([t.s(S | A), t.c(S), t.c(A)]);
    expect(out.length).toBe(2);
    expect(out[1].identity).toMatchObject({ origH: '10.0.0.1', origP: 40000 });
  });
});
