import { describe, expect, it } from 'vitest';
import type { DecodedPacket } from '../../../../src/lib/ingest/pcap/packet';
import { MAX_BYTES_PER_SIDE, Transcript } from '../../../../src/lib/ingest/connections/content/transcript';
import { transcriptLines } from '../../../../src/lib/ingest/connections/content/transcript-lines';
import { A, only, P, S, Talk } from './packets';

/** A handshake, then alternating client / server payloads (each string one segment). */
function session(port: number, exchange: [('c' | 's'), string | Uint8Array][]): DecodedPacket[] {
  const t = new Talk(port);
  const out = [t.c(S), t.s(S | A), t.c(A)];
  for (const [who, data] of exchange) out.push(who === 'c' ? t.c(P | A, data) : t.s(P | A, data));
  return out;
}

describe('FTP', () => {
  it('anonymous login: logged_in, is_guest_login; a failed PASS before it counts once', () => {
    const c = only(session(21, [
      ['s', '220 ready\r\n'],
      ['c', 'USER bob\r\n'],
      ['s', '331 password\r\n'],
      ['c', 'PASS x\r\n'],
      ['s', '530 Login incorrect.\r\n'],
      ['c', 'USER anonymous\r\n'],
      ['s', '331 any\r\n'],
      ['c', 'PASS me@\r\n'],
      ['s', '230-Welcome\r\n230 Login successful.\r\n'],
      ['c', 'MKD up\r\nSTOR up/a.txt\r\n'],
      ['c', 'RETR /etc/passwd\r\n'],
      ['c', 'LIST\r\n'],
      ['s', '530 Please login\r\n'], // answers LIST: not a login attempt
    ]));
    expect(c.features).toMatchObject({ logged_in: 1, is_guest_login: 1, num_failed_logins: 1, num_file_creations: 2, hot: 1 });
  });

  it('only failures: logged_in 0 even though the connection carried data', () => {
    const c = only(session(21, [['s', '220 x\r\n'], ['c', 'USER root\r\n'], ['s', '331 p\r\n'], ['c', 'PASS a\r\n'], ['s', '530 no\r\n'], ['c', 'PASS b\r\n'], ['s', '530 no\r\n']]));
    expect(c.features).toMatchObject({ logged_in: 0, num_failed_logins: 2, is_guest_login: 0 });
  });

  it('a retransmitted reply is read once', () => {
    const t = new Talk(21);
    const pk = [t.c(S), t.s(S | A), t.c(A), t.c(P | A, 'USER a\r\n'), t.c(P | A, 'PASS b\r\n')];
    const fail = t.s(P | A, '530 no\r\n');
    pk.push(fail, t.again(fail));
    const c = only(pk);
    expect(c.features.num_failed_logins).toBe(1);
    expect(c.features.dst_bytes).toBe(8); // bytes by sequence numbers (Zeek's): the retransmission counts once
  });
});

describe('POP3, IMAP, SMTP', () => {
  it('POP3: -ERR after PASS is a failure, +OK after PASS a login (+OK to USER is not)', () => {
    const ok = only(session(110, [['s', '+OK ready\r\n'], ['c', 'USER a\r\n'], ['s', '+OK\r\n'], ['c', 'PASS b\r\n'], ['s', '-ERR bad\r\n'], ['c', 'USER a\r\n'], ['s', '+OK\r\n'], ['c', 'PASS c\r\n'], ['s', '+OK 2 messages\r\n']]));
    expect(ok.features).toMatchObject({ logged_in: 1, num_failed_logins: 1 });
    const no = only(session(110, [['s', '+OK ready\r\n'], ['c', 'USER a\r\n'], ['s', '+OK\r\n']]));
    expect(no.features.logged_in).toBe(0);
  });

  it('IMAP: tagged LOGIN answered NO then OK', () => {
    const c = only(session(143, [['s', '* OK IMAP4rev1\r\n'], ['c', 'a1 LOGIN u p\r\n'], ['s', 'a1 NO [AUTHENTICATIONFAILED] bad\r\n'], ['c', 'a2 login u q\r\n'], ['s', '* CAPABILITY x\r\na2 OK done\r\n']]));
    expect(c.features).toMatchObject({ logged_in: 1, num_failed_logins: 1 });
  });

  it('SMTP: AUTH decides (535 then 235); without AUTH the established rule gives 1', () => {
    const auth = only(session(25, [['s', '220 mx\r\n'], ['c', 'EHLO a\r\n'], ['s', '250 ok\r\n'], ['c', 'AUTH PLAIN eA==\r\n'], ['s', '535 5.7.8 no\r\n'], ['c', 'AUTH PLAIN eQ==\r\n'], ['s', '235 2.7.0 ok\r\n']]));
    expect(auth.features).toMatchObject({ logged_in: 1, num_failed_logins: 2 - 1 });
    const failed = only(session(25, [['s', '220 mx\r\n'], ['c', 'AUTH LOGIN\r\n'], ['s', '535 no\r\n']]));
    expect(failed.features).toMatchObject({ logged_in: 0, num_failed_logins: 1 });
    const plain = only(session(25, [['s', '220 mx\r\n'], ['c', 'HELO a\r\n'], ['s', '250 ok\r\n'], ['c', 'MAIL FROM:<a@b>\r\n']]));
    expect(plain.features).toMatchObject({ logged_in: 1, num_failed_logins: 0 });
  });
});

describe('telnet, rlogin, rsh', () => {
  const keys = (text: string): [('c'), string][] => [...text].map((ch) => ['c', ch]);

  it('telnet: negotiation stripped, keystrokes assembled, Login incorrect, then a root shell and su', () => {
    const iac = new Uint8Array([255, 253, 24, 255, 251, 1, 255, 250, 24, 1, 255, 240]);
    const c = only(session(23, [
      ['s', iac],
      ['s', 'Welcome\r\nlogin: '],
      ...keys('bob\r'),
      ['s', 'Password:'],
      ['c', 'x\r\n'],
      ['s', '\r\nLogin incorrect\r\nlogin: '],
      ...keys('roox\bt\r\n'),
      ['s', 'Password:'],
      ['c', 'pw\r\n'],
      ['s', '\r\nLast login: Mon\r\n[root@h ~]# '],
      ['c', 'cat /etc/shadow\r\n'],
      ['s', 'root:x\r\n[root@h ~]# '],
      ['c', 'su - other\r\n'],
      ['c', 'echo hi > /tmp/f\r\n'],
    ]));
    expect(c.features).toMatchObject({ logged_in: 1, num_failed_logins: 1, root_shell: 1, su_attempted: 1, hot: 1, num_file_creations: 1, is_guest_login: 0 });
  });

  it('telnet: only failures, and an echoed "#" keystroke is not a root prompt', () => {
    const c = only(session(23, [['s', 'login: '], ...keys('a#'), ['s', 'a'], ['s', '#'], ['c', '\r'], ['s', '\r\nPassword:'], ['c', 'p\r'], ['s', '\r\nLogin incorrect\r\n']]));
    expect(c.features).toMatchObject({ logged_in: 0, num_failed_logins: 1, root_shell: 0 });
  });

  it('telnet guest login', () => {
    const c = only(session(23, [['s', 'login: '], ['c', 'guest\r\n'], ['s', '\r\nPassword:'], ['c', 'g\r\n'], ['s', '\r\n$ ']]));
    expect(c.features).toMatchObject({ logged_in: 1, is_guest_login: 1, root_shell: 0 });
  });

  it('rlogin: NUL-separated handshake, then a user shell prompt', () => {
    const c = only(session(513, [['c', '\0alice\0alice\0xterm/38400\0'], ['s', '\0'], ['s', 'Last login: x\r\n$ '], ['c', 'mkdir d\r']]));
    expect(c.features).toMatchObject({ logged_in: 1, num_failed_logins: 0, num_file_creations: 1, root_shell: 0 });
  });

  it('rsh: server byte 0 = accepted, 1 = refused; the command is read', () => {
    const ok = only(session(514, [['c', '1022\0root\0root\0su -c id\0'], ['s', '\0'], ['s', 'uid=0\n']]));
    expect(ok.features).toMatchObject({ logged_in: 1, num_failed_logins: 0, su_attempted: 1 });
    const refused = only(session(514, [['c', '0\0a\0b\0cat /etc/passwd\0'], ['s', '\x01Permission denied.\n']]));
    expect(refused.features).toMatchObject({ logged_in: 0, num_failed_logins: 1, hot: 1 });
  });

  it('no payload captured (snap length): content 0, logged_in from the established rule', () => {
    const t = new Talk(23);
    const c = only([t.c(S), t.s(S | A), t.c(A), t.s(P | A, 30), t.c(P | A, 10)]);
    expect(c.features).toMatchObject({ logged_in: 1, num_failed_logins: 0, hot: 0 });
  });
});

describe('Transcript', () => {
  it('drops retransmitted bytes by sequence number, keeps the new tail of an overlap, bounds each side', () => {
    const t = new Transcript();
    const bytes = (s: string) => new TextEncoder().encode(s);
    t.addTcp(0, 100, 5, bytes('hello'));
    t.addTcp(0, 100, 5, bytes('hello'));
    t.addTcp(0, 103, 4, bytes('lo w'));
    t.addTcp(1, 0xfffffffe, 4, bytes('abcd')); // wraps past 2^32
    t.addTcp(1, 2, 2, bytes('ef'));
    const text = t.chunks.map((c) => `${c.side}:${new TextDecoder().decode(c.bytes)}`);
    expect(text).toEqual(['0:hello', '0: w', '1:abcd', '1:ef']);
    const big = new Transcript();
    big.addTcp(0, 0, MAX_BYTES_PER_SIDE + 10, new Uint8Array(MAX_BYTES_PER_SIDE + 10));
    expect(big.chunks[0].bytes.length).toBe(MAX_BYTES_PER_SIDE);
  });

  it('copies the payload (the reader reuses its buffer)', () => {
    const t = new Transcript();
    const buf = new TextEncoder().encode('USER a\r\n');
    t.addTcp(0, 1, buf.length, buf);
    buf.fill(0);
    expect(new TextDecoder().decode(t.chunks[0].bytes)).toBe('USER a\r\n');
  });
});

describe('transcriptLines', () => {
  it('strips telnet negotiation and marks prompts that begin a line', () => {
    const t = new Transcript();
    t.addTcp(1, 0, 12, new Uint8Array([255, 253, 24, 255, 250, 24, 1, 255, 240, 87, 13, 10])); // IAC DO, SB … SE, "W\r\n"
    t.addTcp(1, 12, 7, new TextEncoder().encode('login: '));
    t.addTcp(0, 0, 2, new TextEncoder().encode('r\r'));
    expect(transcriptLines(t, 0, { terminal: true, nulEndsLine: false })).toEqual([
      { fromOrig: false, text: 'W', prompt: false },
      { fromOrig: false, text: 'login: ', prompt: true },
      { fromOrig: true, text: 'r', prompt: false },
    ]);
  });
});
