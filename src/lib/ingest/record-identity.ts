/**
 * Who talked to whom, per record, as columns: what a capture or conn.log record carries besides its
 * features (the models never read it). A CSV of records has none. Addresses are text (a batch holds a
 * few thousand records, and the page interns them as chunks arrive).
 */

export interface IdentityColumns {
  /** Start time, Unix seconds. */
  ts: Float64Array;
  origH: string[];
  origP: Uint16Array;
  respH: string[];
  respP: Uint16Array;
  /** Packets (datagrams) of the record; 0 when the source does not say. */
  packets: Uint32Array;
}

/** Column names of the identity, as the extract CSV and the predictions export write them (Zeek's names). */
export const IDENTITY_COLUMNS = ['ts', 'orig_h', 'orig_p', 'resp_h', 'resp_p'] as const;

export function allocateIdentity(capacity: number): IdentityColumns {
  return {
    ts: new Float64Array(capacity),
    origH: new Array<string>(capacity).fill(''),
    origP: new Uint16Array(capacity),
    respH: new Array<string>(capacity).fill(''),
    respP: new Uint16Array(capacity),
    packets: new Uint32Array(capacity),
  };
}

/** Rows [start, end) as new columns. */
export function sliceIdentity(id: IdentityColumns, start: number, end: number): IdentityColumns {
  return {
    ts: id.ts.slice(start, end),
    origH: id.origH.slice(start, end),
    origP: id.origP.slice(start, end),
    respH: id.respH.slice(start, end),
    respP: id.respP.slice(start, end),
    packets: id.packets.slice(start, end),
  };
}

/** Copies row `from` of `src` into row `to` of `dst`. */
export function copyIdentityRow(src: IdentityColumns, from: number, dst: IdentityColumns, to: number): void {
  dst.ts[to] = src.ts[from];
  dst.origH[to] = src.origH[from];
  dst.origP[to] = src.origP[from];
  dst.respH[to] = src.respH[from];
  dst.respP[to] = src.respP[from];
  dst.packets[to] = src.packets[from];
}

export function identityBuffers(id: IdentityColumns): ArrayBuffer[] {
  return [id.ts, id.origP, id.respP, id.packets].map((a) => a.buffer as ArrayBuffer);
}

/** ts as the extract CSV and the export write it: Unix seconds with microseconds. */
export const formatTs = (ts: number) => ts.toFixed(6);
