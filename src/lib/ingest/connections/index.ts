/** Packets → connection records with their per-connection NSL-KDD features (see connection-tracker.ts). */
export type { Connection, ConnectionFeatures, RecordIdentity, TrafficFeatures, ExtractedRecord } from './connection';
export { ConnectionTracker, type ConnectionTrackerOptions } from './connection-tracker';
export { serviceFor, icmpServiceFor, NSL_KDD_SERVICES, PRIVATE_PORT_FROM } from './services';
export { zeekTcpConnState, nslKddFlag, type ZeekConnState } from './conn-state';
