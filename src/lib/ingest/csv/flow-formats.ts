/**
 * Other flow-export CSVs, recognised by their header so they are refused with a message that names
 * them (instead of "the header is missing 39 columns"): each is flows with other features, not NSL-KDD
 * connection records, and no column mapping turns one into the other. Pure.
 */

interface FlowFormat {
  name: string;
  /** Normalised header names (lower case, no spaces, dots or underscores) of which `needed` must appear. */
  marks: readonly string[];
  needed: number;
}

const FLOW_FORMATS: readonly FlowFormat[] = [
  { name: 'a CICFlowMeter (CIC-IDS2017/2018) flow export', marks: ['flowduration', 'totfwdpkts', 'totalfwdpackets', 'totbwdpkts', 'totalbackwardpackets', 'flowbytes/s', 'fwdpktlenmax', 'flowiatmean', 'flowid'], needed: 2 },
  { name: 'a Zeek conn.log saved as CSV', marks: ['idorigh', 'idorigp', 'idresph', 'idrespp', 'connstate', 'origbytes', 'respbytes', 'uid'], needed: 3 },
  { name: 'a UNSW-NB15 flow file', marks: ['srcip', 'dstip', 'dsport', 'sbytes', 'dbytes', 'sttl', 'dttl', 'sload', 'dload', 'spkts', 'dpkts', 'attackcat', 'ctsrvsrc'], needed: 3 },
  { name: 'an Argus flow export', marks: ['starttime', 'flgs', 'srcaddr', 'dstaddr', 'sport', 'dport', 'totpkts', 'totbytes', 'srcbytes', 'dir'], needed: 4 },
];

const normalise = (s: string) => s.trim().toLowerCase().replace(/[\s._-]+/g, '');

/** The name of the flow format whose header `fields` is, or null. */
export function flowFormatOf(fields: readonly string[]): string | null {
  const names = new Set(fields.map(normalise));
  for (const f of FLOW_FORMATS) {
    if (f.marks.filter((m) => names.has(m)).length >= f.needed) return f.name;
  }
  return null;
}

export function flowFormatMessage(format: string): string {
  return (
    `This is ${format}, which Traffic Anomaly Lab does not read: its columns are other features than NSL-KDD's. ` +
    'It reads NSL-KDD connection records (CSV with the 41 features), pcap / pcapng packet captures and Zeek conn.log files (TSV or JSON lines).'
  );
}
