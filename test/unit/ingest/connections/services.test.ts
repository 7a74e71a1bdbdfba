import { describe, expect, it } from 'vitest';
import { icmpServiceFor, NSL_KDD_SERVICES, serviceFor } from '../../../../src/lib/ingest/connections/services';

// The 70 names as NSL-KDD spells them (KDDTrain+ has all of them but none of oth_i).
const EXPECTED = `IRC X11 Z39_50 aol auth bgp courier csnet_ns ctf daytime discard domain domain_u echo eco_i ecr_i efs exec
finger ftp ftp_data gopher harvest hostnames http http_2784 http_443 http_8001 imap4 iso_tsap klogin kshell ldap link login
mtp name netbios_dgm netbios_ns netbios_ssn netstat nnsp nntp ntp_u other pm_dump pop_2 pop_3 printer private red_i
remote_job rje shell smtp sql_net ssh sunrpc supdup systat telnet tftp_u tim_i time urh_i urp_i uucp uucp_path vmnet
whois`.split(/\s+/);

describe('serviceFor', () => {
  it('names exactly the 70 NSL-KDD services', () => {
    expect(NSL_KDD_SERVICES.length).toBe(70);
    expect([...NSL_KDD_SERVICES].sort()).toEqual([...EXPECTED].sort());
  });

  it('maps well-known ports, UDP-only names only for UDP', () => {
    expect(serviceFor('tcp', 80)).toBe('http');
    expect(serviceFor('tcp', 8080)).toBe('other');
    expect(serviceFor('tcp', 443)).toBe('http_443');
    expect(serviceFor('tcp', 53)).toBe('domain');
    expect(serviceFor('udp', 53)).toBe('domain_u');
    expect(serviceFor('udp', 123)).toBe('ntp_u');
    expect(serviceFor('tcp', 123)).toBe('other');
    expect(serviceFor('udp', 69)).toBe('tftp_u');
    expect(serviceFor('tcp', 69)).toBe('other');
    expect(serviceFor('tcp', 6000)).toBe('X11');
    expect(serviceFor('tcp', 6063)).toBe('X11');
    expect(serviceFor('tcp', 6064)).toBe('other');
    expect(serviceFor('tcp', 6667)).toBe('IRC');
    expect(serviceFor('tcp', 194)).toBe('IRC');
    expect(serviceFor('tcp', 6666)).toBe('other');
    expect(serviceFor('tcp', 5190)).toBe('aol');
    expect(serviceFor('tcp', 8001)).toBe('http_8001');
    expect(serviceFor('tcp', 2784)).toBe('http_2784');
    expect(serviceFor('udp', 137)).toBe('netbios_ns');
    expect(serviceFor('tcp', 139)).toBe('netbios_ssn');
    expect(serviceFor('tcp', 513)).toBe('login');
    expect(serviceFor('tcp', 514)).toBe('shell');
    expect(serviceFor('tcp', 20)).toBe('ftp_data');
  });

  it('gives private to unnamed ports 49152–65535 and other to the rest', () => {
    expect(serviceFor('tcp', 49151)).toBe('other');
    expect(serviceFor('tcp', 49152)).toBe('private');
    expect(serviceFor('udp', 65535)).toBe('private');
    expect(serviceFor('tcp', 6379)).toBe('other');
    expect(serviceFor('udp', 1900)).toBe('other');
    expect(serviceFor('tcp', 0)).toBe('other');
  });
});

describe('icmpServiceFor', () => {
  it('maps ICMPv4 type and code', () => {
    expect(icmpServiceFor(8, 0, false)).toBe('eco_i');
    expect(icmpServiceFor(0, 0, false)).toBe('ecr_i');
    expect(icmpServiceFor(3, 3, false)).toBe('urp_i');
    expect(icmpServiceFor(3, 1, false)).toBe('urh_i');
    expect(icmpServiceFor(3, 0, false)).toBe('oth_i');
    expect(icmpServiceFor(11, 0, false)).toBe('tim_i');
    expect(icmpServiceFor(11, 1, false)).toBe('tim_i');
    expect(icmpServiceFor(5, 1, false)).toBe('red_i');
    expect(icmpServiceFor(13, 0, false)).toBe('oth_i');
  });

  it('maps ICMPv6 type and code', () => {
    expect(icmpServiceFor(128, 0, true)).toBe('eco_i');
    expect(icmpServiceFor(129, 0, true)).toBe('ecr_i');
    expect(icmpServiceFor(1, 4, true)).toBe('urp_i');
    expect(icmpServiceFor(1, 3, true)).toBe('urh_i');
    expect(icmpServiceFor(3, 0, true)).toBe('tim_i');
    expect(icmpServiceFor(137, 0, true)).toBe('red_i');
    expect(icmpServiceFor(135, 0, true)).toBe('oth_i');
    expect(icmpServiceFor(8, 0, true)).toBe('oth_i');
  });
});
