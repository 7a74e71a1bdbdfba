/**
 * A finished connection (or ICMP message) with its per-connection NSL-KDD features and identity:
 * what ingest/connections/ builds from DecodedPackets and ingest/zeek/ from conn.log rows, and what
 * the traffic-window engine (ingest/traffic/) completes with the 19 traffic features. Pure data.
 */

/** Who talked to whom (Zeek's conn.log names); for ICMP origP = type and respP = code. */
export interface RecordIdentity {
  /** Start time, Unix seconds (written with 6 decimals). */
  ts: number;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
}

/** NSL-KDD's 22 per-connection features (all but the 19 traffic features), in their own names. */
export interface ConnectionFeatures {
  /** Last packet − first, whole seconds rounded down. */
  duration: number;
  protocol_type: 'tcp' | 'udp' | 'icmp';
  /** One of the 70 NSL-KDD service names. */
  service: string;
  /** Zeek conn_state mapped onto NSL-KDD's 11 flags (RSTRH, SHR → OTH; UDP and ICMP → SF). */
  flag: string;
  src_bytes: number;
  dst_bytes: number;
  land: number;
  wrong_fragment: number;
  urgent: number;
  hot: number;
  num_failed_logins: number;
  logged_in: number;
  num_compromised: number;
  root_shell: number;
  su_attempted: number;
  num_root: number;
  num_file_creations: number;
  num_shells: number;
  num_access_files: number;
  num_outbound_cmds: number;
  is_host_login: number;
  is_guest_login: number;
}

export interface Connection {
  identity: RecordIdentity;
  features: ConnectionFeatures;
  /** Packets (datagrams) that belong to it; for a conn.log row, orig_pkts + resp_pkts when given, else 0. */
  packets: number;
  /** True when the capture (or log) ended while it was still open, so its flag is its state then. */
  cutByEnd: boolean;
  /** Exact duration in seconds (for the record's detail; the feature is rounded down). */
  durationSeconds: number;
}

/** NSL-KDD's 19 traffic features, computed over records in start-time order (ingest/traffic/). */
export interface TrafficFeatures {
  count: number;
  srv_count: number;
  serror_rate: number;
  srv_serror_rate: number;
  rerror_rate: number;
  srv_rerror_rate: number;
  same_srv_rate: number;
  diff_srv_rate: number;
  srv_diff_host_rate: number;
  dst_host_count: number;
  dst_host_srv_count: number;
  dst_host_same_srv_rate: number;
  dst_host_diff_srv_rate: number;
  dst_host_same_src_port_rate: number;
  dst_host_srv_diff_host_rate: number;
  dst_host_serror_rate: number;
  dst_host_srv_serror_rate: number;
  dst_host_rerror_rate: number;
  dst_host_srv_rerror_rate: number;
}

/** A record ready to score: all 41 features plus who and when. */
export interface ExtractedRecord extends Connection {
  traffic: TrafficFeatures;
}
