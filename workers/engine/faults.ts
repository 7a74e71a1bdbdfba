/**
 * Test-only faults (`?fault=…` on the page URL), so tests can prove the fallbacks work. Nothing here
 * runs unless a test asks: an empty plan leaves the production path as it is.
 */
import type { BackendName, FaultPlan } from '../../src/shared/analysis-api';
import { backendLabel, gpu } from './backends';

/** `rejectGpuAdapter`: navigator.gpu.requestAdapter rejects in this worker from now on. */
export function applyStartupFaults(faults: FaultPlan): void {
  const g = gpu();
  if (faults.rejectGpuAdapter && g) {
    g.requestAdapter = () => Promise.reject(new Error('requestAdapter rejected (simulated by the test flag)'));
  }
}

/** `failBackend`: scoring on that backend throws from its `failAtBatch`-th batch on (1-based). */
export function throwIfFaulted(faults: FaultPlan, backend: BackendName, batchesOnBackend: number): void {
  if (faults.failBackend === backend && batchesOnBackend >= (faults.failAtBatch ?? 1)) {
    throw new Error(`simulated failure of ${backendLabel(backend)} during the run (test flag)`);
  }
}
