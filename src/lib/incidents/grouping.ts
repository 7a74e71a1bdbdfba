/**
 * Flagged records into groups that are one event each, by the shape of who talked to whom, seconds
 * apart:
 * - fan-in: many sources to one destination port, e.g. a flood from forged addresses (first, so
 *   those records are not split into hundreds of one-source groups);
 * - fan-out: one source to many destinations on one port (a sweep of hosts);
 * - pair: one source and one destination, whatever the ports (a port scan, password guessing, a session);
 * - no addresses (a CSV of records): one group per predicted category, service and handshake outcome.
 * Within a key, records more than GAP_SECONDS apart start a new group. Pure.
 */
import { isAttempt, type FlaggedRecord } from './flagged-record';

export type GroupShape = 'fan-in' | 'fan-out' | 'pair' | 'no-address';

export interface RecordGroup {
  shape: GroupShape;
  /** In start-time order (file order for records without time). */
  records: FlaggedRecord[];
}

export const GROUPING = {
  /** A quiet gap this long between two records of one key ends a group. */
  gapSeconds: 60,
  /** Distinct sources (and at least half as many as records) that make a fan-in. */
  fanInMinSources: 20,
  /** Distinct destinations that make a fan-out. */
  fanOutMinTargets: 10,
};

export function groupFlagged(records: readonly FlaggedRecord[], options = GROUPING): RecordGroup[] {
  const withAddress = records.filter((r) => r.origH !== null && r.respH !== null);
  const groups: RecordGroup[] = [];
  const without = records.filter((r) => r.origH === null || r.respH === null);
  for (const run of runsBy(without, (r) => `${r.category}|${r.service}|${isAttempt(r)}`, Infinity)) groups.push({ shape: 'no-address', records: run });

  let left = withAddress;
  const take = (shape: GroupShape, key: (r: FlaggedRecord) => string, wide: (run: FlaggedRecord[]) => boolean) => {
    const taken = new Set<FlaggedRecord>();
    for (const run of runsBy(left, key, options.gapSeconds)) {
      if (!wide(run)) continue;
      groups.push({ shape, records: run });
      for (const r of run) taken.add(r);
    }
    left = left.filter((r) => !taken.has(r));
  };
  take('fan-in', (r) => `${r.respH}|${r.respP}|${r.protocol}|${isAttempt(r)}`, (run) => {
    const sources = distinct(run, (r) => r.origH!);
    return sources >= options.fanInMinSources && sources * 2 >= run.length;
  });
  take('fan-out', (r) => `${r.origH}|${r.respP}|${r.protocol}`, (run) => distinct(run, (r) => r.respH!) >= options.fanOutMinTargets);
  take('pair', (r) => `${r.origH}|${r.respH}`, () => true);
  return groups;
}

export function distinct<T>(records: readonly T[], of: (r: T) => string | number): number {
  return new Set(records.map(of)).size;
}

/** Records by key, each key's records in time order, cut where consecutive starts are more than `gap` apart. */
function runsBy(records: readonly FlaggedRecord[], key: (r: FlaggedRecord) => string, gap: number): FlaggedRecord[][] {
  const byKey = new Map<string, FlaggedRecord[]>();
  for (const r of records) {
    const k = key(r);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(r);
  }
  const runs: FlaggedRecord[][] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || a.row - b.row);
    let run: FlaggedRecord[] = [];
    for (const r of list) {
      const previous = run[run.length - 1];
      if (previous && r.ts !== null && previous.ts !== null && r.ts - previous.ts > gap) {
        runs.push(run);
        run = [];
      }
      run.push(r);
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}
