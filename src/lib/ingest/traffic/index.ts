/** The traffic-window engine and the extracted record's feature row / CSV line. */
export { TrafficWindows, WINDOW_COUNT_CAP } from './traffic-windows';
export { WINDOW_MICROSECONDS } from './two-second-window';
export { HISTORY_LENGTH } from './host-ring';
export { MAX_HOSTS } from './host-table';
export { errorKindOf, SYN_ERROR_FLAGS, REJ_ERROR_FLAGS } from './error-flags';
export { extractRecord, featureValues, NSL_KDD_FEATURE_NAMES, type NslKddFeatureName } from './extracted-record';
export { RECORD_CSV_HEADER, IDENTITY_COLUMNS, recordCsvLine, formatNumber, csvField } from './record-csv';
