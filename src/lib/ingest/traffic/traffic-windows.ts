import type { Connection, TrafficFeatures } from '../connections/connection';
import { errorKindOf } from './error-flags';
import { HostTable, MAX_HOSTS } from './host-table';
import { ServiceIds } from './service-ids';
import { ServiceRing } from './service-ring';
import { TwoSecondWindow } from './two-second-window';
import { WindowTally } from './window-tally';

/** count and srv_count top out at 511 in NSL-KDD. */
export const WINDOW_COUNT_CAP = 511;

/** Per service: its share of W and its ring S. */
interface ServiceState {
  inWindow: WindowTally;
  history: ServiceRing;
}

/**
 * NSL-KDD's 19 traffic features, one record at a time, over records given in start order (ts, ties
 * in capture order). A record's windows hold itself and the records given before it, never later ones.
 * A record placed before it ended (ConnectionTracker's deadline) is given with its state then, as if
 * the capture had ended at that moment.
 *
 * - W (count, srv_count and their rates): records with t_i − t_j ≤ 2 s (see TwoSecondWindow).
 * - count and srv_count are capped at 511; every rate is a share of the TRUE number of records, so
 *   a flood of 2,000 records to one host in 2 s has count 511 and serror_rate = SYN errors / 2,000.
 * - H: the last 255 records to the destination host, S: the last 255 with the service (any host).
 * - Rates are exact doubles (k / n); the CSV writer rounds them.
 * - A ts earlier than the previous record's (a caller bug) is treated as the previous ts, so the
 *   windows never run backwards; `outOfOrder` counts such records.
 *
 * Cost per record: O(1) map and tally updates (a pass over H only while it is shorter than 64; see HostRing).
 * Memory: W holds one small slot per record of the last 2 s; H is bounded by HostTable (65,536 hosts);
 * S by the service vocabulary (≈ 70 rings of 255).
 */
export class TrafficWindows {
  private readonly window = new TwoSecondWindow();
  private readonly hosts: HostTable;
  private readonly serviceIds = new ServiceIds();
  private readonly services: ServiceState[] = [];
  private lastMicros = -Infinity;
  outOfOrder = 0;

  constructor(options: { maxHosts?: number } = {}) {
    this.hosts = new HostTable(options.maxHosts ?? MAX_HOSTS);
  }

  /** Destination hosts currently remembered (for tests and memory checks). */
  get hostsKept(): number {
    return this.hosts.size;
  }

  /** Records currently inside the 2-second window. */
  get windowSize(): number {
    return this.window.size;
  }

  next(c: Connection): TrafficFeatures {
    const { identity, features } = c;
    let micros = Math.round(identity.ts * 1e6);
    if (micros < this.lastMicros) {
      micros = this.lastMicros;
      this.outOfOrder++;
    }
    this.lastMicros = micros;
    this.window.advanceTo(micros);

    const error = errorKindOf(features.flag);
    const host = this.hosts.touch(identity.respH);
    const serviceId = this.serviceIds.idOf(features.service);
    const service = this.serviceState(serviceId);

    const sameHostAndService = this.window.add(micros, host.inWindow, host.id, service.inWindow, serviceId, error);
    host.history.push(identity.origP, serviceId, error);
    service.history.push(identity.respH, error);

    const w = host.inWindow;
    const ws = service.inWindow;
    const h = host.history;
    const s = service.history;
    h.countMatching(identity.origP, serviceId);
    const { sameService, samePort } = h;
    const sameHost = s.countTo(identity.respH);
    return {
      count: Math.min(w.count, WINDOW_COUNT_CAP),
      srv_count: Math.min(ws.count, WINDOW_COUNT_CAP),
      serror_rate: w.synErrors / w.count,
      srv_serror_rate: ws.synErrors / ws.count,
      rerror_rate: w.rejErrors / w.count,
      srv_rerror_rate: ws.rejErrors / ws.count,
      same_srv_rate: sameHostAndService / w.count,
      diff_srv_rate: (w.count - sameHostAndService) / w.count,
      srv_diff_host_rate: (ws.count - sameHostAndService) / ws.count,
      dst_host_count: h.size,
      dst_host_srv_count: s.size,
      dst_host_same_srv_rate: sameService / h.size,
      dst_host_diff_srv_rate: (h.size - sameService) / h.size,
      dst_host_same_src_port_rate: samePort / h.size,
      dst_host_srv_diff_host_rate: (s.size - sameHost) / s.size,
      dst_host_serror_rate: h.synErrors / h.size,
      dst_host_srv_serror_rate: s.synErrors / s.size,
      dst_host_rerror_rate: h.rejErrors / h.size,
      dst_host_srv_rerror_rate: s.rejErrors / s.size,
    };
  }

  private serviceState(serviceId: number): ServiceState {
    let state = this.services[serviceId];
    if (state === undefined) {
      state = { inWindow: new WindowTally(), history: new ServiceRing() };
      this.services[serviceId] = state;
    }
    return state;
  }
}
