/**
 * NSL-KDD's 41 features in an analyst's words, with a record's value written as it reads best (a share
 * as a percentage, bytes, seconds, a flag spelled out), for the record's explanation. The definitions
 * are those of docs/RECORDS.md. Pure.
 */

type Kind = 'count' | 'share' | 'bytes' | 'seconds' | 'yes-no' | 'text' | 'flag';

const W = 'the connections to the same host in the last 2 s';
const WS = 'the connections to the same service in the last 2 s';
const H = 'the last 255 connections to this host';
const S = 'the last 255 connections to this service';

const DESCRIPTIONS: Record<string, [Kind, string]> = {
  duration: ['seconds', 'how long the connection lasted'],
  protocol_type: ['text', 'protocol'],
  service: ['text', "service (the responder's port)"],
  flag: ['flag', 'how the connection went (Zeek conn_state)'],
  src_bytes: ['bytes', 'bytes from the originator'],
  dst_bytes: ['bytes', 'bytes from the responder'],
  land: ['yes-no', 'same address and port on both sides (land)'],
  wrong_fragment: ['count', 'bad fragments'],
  urgent: ['count', 'packets with the urgent flag'],
  hot: ['count', '"hot" indicators (system paths, .rhosts…) in a login session'],
  num_failed_logins: ['count', 'failed logins'],
  logged_in: ['yes-no', 'logged in'],
  num_compromised: ['count', 'compromised conditions'],
  root_shell: ['yes-no', 'a root shell'],
  su_attempted: ['yes-no', 'su attempted'],
  num_root: ['count', 'root accesses'],
  num_file_creations: ['count', 'files created'],
  num_shells: ['count', 'shells started'],
  num_access_files: ['count', 'access-control files touched'],
  num_outbound_cmds: ['count', 'outbound FTP commands'],
  is_host_login: ['yes-no', 'a host login'],
  is_guest_login: ['yes-no', 'a guest login'],
  count: ['count', W],
  srv_count: ['count', WS],
  serror_rate: ['share', `SYN errors among ${W}`],
  srv_serror_rate: ['share', `SYN errors among ${WS}`],
  rerror_rate: ['share', `rejected or reset among ${W}`],
  srv_rerror_rate: ['share', `rejected or reset among ${WS}`],
  same_srv_rate: ['share', `the same service among ${W}`],
  diff_srv_rate: ['share', `other services among ${W}`],
  srv_diff_host_rate: ['share', `other hosts among ${WS}`],
  dst_host_count: ['count', 'connections to this host among the last 255 (any service)'],
  dst_host_srv_count: ['count', 'connections to this service among the last 255 (any host)'],
  dst_host_same_srv_rate: ['share', `the same service among ${H}`],
  dst_host_diff_srv_rate: ['share', `other services among ${H}`],
  dst_host_same_src_port_rate: ['share', `the same source port among ${H}`],
  dst_host_srv_diff_host_rate: ['share', `other hosts among ${S}`],
  dst_host_serror_rate: ['share', `SYN errors among ${H}`],
  dst_host_srv_serror_rate: ['share', `SYN errors among ${S}`],
  dst_host_rerror_rate: ['share', `rejected or reset among ${H}`],
  dst_host_srv_rerror_rate: ['share', `rejected or reset among ${S}`],
};

/** Zeek's conn_state as NSL-KDD's flags carry it, in words. */
const FLAGS: Record<string, string> = {
  SF: 'SF: established and closed normally',
  S0: 'S0: a SYN never answered',
  S1: 'S1: established, not closed (also a connection still open when the capture ended, or placed in the windows while open)',
  S2: 'S2: established, only the originator closed',
  S3: 'S3: established, only the responder closed',
  REJ: 'REJ: the SYN was rejected',
  RSTO: 'RSTO: the originator reset it',
  RSTR: 'RSTR: the responder reset it',
  RSTOS0: 'RSTOS0: a SYN then a reset from the originator, never answered',
  SH: 'SH: a SYN and a FIN from the originator, never answered',
  OTH: 'OTH: no handshake seen (midstream traffic)',
};

/** "SYN errors among the connections to the same host in the last 2 s: 98 %". Unknown names: "name: value". */
export function describeFeature(name: string, value: string): string {
  const d = DESCRIPTIONS[name];
  if (!d) return `${name}: ${value}`;
  const [kind, text] = d;
  const n = Number(value);
  const written = ((): string => {
    if (value.trim() === '' || (kind !== 'text' && kind !== 'flag' && !Number.isFinite(n))) return value;
    switch (kind) {
      case 'share':
        return `${Math.round(n * 1000) / 10} %`;
      case 'bytes':
        return `${n.toLocaleString('en-US')} B`;
      case 'seconds':
        return `${n.toLocaleString('en-US')} s`;
      case 'yes-no':
        return n === 0 ? 'no' : n === 1 ? 'yes' : String(n);
      case 'flag':
        return FLAGS[value] ?? value;
      case 'count':
        return n.toLocaleString('en-US');
      default:
        return value;
    }
  })();
  return `${text}: ${written}`;
}
