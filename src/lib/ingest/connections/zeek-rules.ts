/**
 * The constants Zeek's connection tracking runs on, under Zeek's own names (scripts/base/init-bare.zeek
 * defaults; scripts/base/protocols/conn/inactivity.zeek; the ports its base protocol scripts add to
 * likely_server_ports). One home: the tracker and the originator rule read them from here.
 */

/** Seconds. */
export const ZEEK_TIMEOUTS = {
  /** A connection whose originator's SYN is still unanswered this long after it is over (AttemptTimer). */
  tcpAttemptDelay: 5,
  /** A fully closed or reset connection still takes its tuple's packets this long (ConnDeleteTimer). */
  tcpCloseDelay: 5,
  /** Quiet this long, with one side closed and the other reset or silent, ends it (ExpireTimer). */
  tcpConnectionLinger: 5,
  /** The first ExpireTimer check comes this long after the first packet… */
  tcpSynTimeout: 5,
  /** …and every check this long after the one before (or after a one-sided close). */
  tcpSessionTimer: 6,
  tcpInactivity: 300,
  udpInactivity: 60,
  /** port_inactivity_timeouts: interactive services on their usual ports. */
  interactiveInactivity: 3600,
} as const;

/** port_inactivity_timeouts' ports (ftp, ssh, telnet, rlogin), TCP. */
export const INTERACTIVE_TCP_PORTS: ReadonlySet<number> = new Set([21, 22, 23, 513]);

/**
 * likely_server_ports as Zeek's base scripts (loaded by a plain `zeek -r`) fill it, per transport:
 * the ports each base protocol analyser registers there (dce-rpc, dhcp, dnp3, dns, finger, ftp, http,
 * imap, irc, krb, ldap, modbus, mqtt, mysql, ntp, postgresql, quic, radius, rdp, redis, sip, smb,
 * smtp, snmp, socks, ssh, ssl/dtls, syslog, xmpp, and the tunnels ayiya, geneve, gtpv1, teredo, vxlan).
 */
export const LIKELY_SERVER_PORTS: { readonly tcp: ReadonlySet<number>; readonly udp: ReadonlySet<number> } = {
  tcp: new Set([
    21, 22, 25, 53, 79, 80, 81, 88, 135, 139, 143, 389, 443, 445, 502, 563, 585, 587, 614, 631, 636,
    989, 990, 992, 993, 995, 1080, 1434, 1883, 2811, 3128, 3268, 3306, 3389, 5222, 5223, 5269, 5432,
    6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
  ]),
  udp: new Set([
    53, 67, 88, 123, 137, 161, 162, 389, 443, 514, 1812, 2123, 2152, 3544, 4789, 5060, 5072, 5353,
    5355, 6081, 20000,
  ]),
};

export function isLikelyServerPort(protocol: 'tcp' | 'udp', port: number): boolean {
  return LIKELY_SERVER_PORTS[protocol].has(port);
}
