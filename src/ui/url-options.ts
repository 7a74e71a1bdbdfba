/**
 * Options read from the page URL: `?backend=wasm` starts on that backend (tests, bench, sharing a
 * setup), `?workers=N` scores with N workers (1 = the analysis worker alone; absent: the default for
 * this machine's cores), and two test-only faults that prove the fallbacks work: `?fault=reject-gpu-adapter` and
 * `?fail=<backend>@<batch>` (scoring on that backend throws from that batch on).
 */
import { BACKENDS, type BackendChoice, type BackendName, type FaultPlan } from '../shared/analysis-api';

export interface UrlOptions {
  backend: BackendChoice | null;
  faults: FaultPlan;
  workers: number | null;
}

const isBackend = (s: string | null): s is BackendName => (BACKENDS as readonly string[]).includes(s ?? '');

export function readUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const backend = params.get('backend');
  const faults: FaultPlan = {};
  if (params.get('fault') === 'reject-gpu-adapter') faults.rejectGpuAdapter = true;
  const fail = /^(\w+)@(\d+)$/.exec(params.get('fail') ?? '');
  if (fail && isBackend(fail[1])) {
    faults.failBackend = fail[1];
    faults.failAtBatch = Number(fail[2]);
  }
  const workers = /^\d+$/.test(params.get('workers') ?? '') ? Math.max(1, Number(params.get('workers'))) : null;
  return { backend: backend === 'auto' || isBackend(backend) ? backend : null, faults, workers };
}
