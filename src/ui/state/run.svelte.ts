/**
 * The run: one file through the models, its scores (a ScoreStore of typed arrays; `version` changes
 * when it does, so derived views recompute), the ROC curves, one record's detail, and the exports.
 */
import { refusalOf } from '../../lib/ingest/sniff';
import { isAbortError, messageOf } from '../../lib/util/errors';
import { BACKEND_LABELS } from '../../shared/analysis-api';
import type { AnalysisProgress, AnalysisResult, Curves, ParseSummary, RecordDetail } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import type { Incident } from '../../lib/incidents/incident';
import type { FlaggedRecord } from '../../lib/incidents/flagged-record';
import { baseName, saveBlob } from '../download';
import { ScoreStore, type SortKey } from '../score-store';
import type { EngineState } from './engine.svelte';
import type { ThresholdState } from './threshold.svelte';

export type Phase = 'idle' | 'analysing' | 'done' | 'cancelled' | 'error';

export interface ChosenFile {
  name: string;
  size: number;
}

export type DetailState =
  | { status: 'loading'; row: number }
  | { status: 'ready'; row: number; detail: RecordDetail }
  | { status: 'error'; row: number; error: string };

export class RunState {
  phase = $state<Phase>('idle');
  /** Increases with every file chosen; lets tests and the bench tell one run's result from the last. */
  id = $state(0);
  file = $state<ChosenFile | null>(null);
  progress = $state.raw<AnalysisProgress | null>(null);
  /** Milliseconds since the run started (updated with progress), then the total run time. */
  elapsedMs = $state(0);
  /** Rows stage 1 flags so far at the threshold in force when the run started (shown while it runs). */
  liveAnomalies = $state(0);
  summary = $state.raw<ParseSummary | null>(null);
  result = $state.raw<AnalysisResult | null>(null);
  error = $state<string | null>(null);
  store = $state.raw<ScoreStore | null>(null);
  /** Changes whenever `store` gets rows. */
  version = $state(0);
  curves = $state.raw<Curves | null>(null);
  detail = $state.raw<DetailState | null>(null);
  /** Backends that failed during this run, with why (the run went on with the next one). */
  failures = $state.raw<string[]>([]);
  /** The file that could not be analysed (its name heads the error), while the results on screen stay the last good file's. */
  refusedName = $state<string | null>(null);
  /** The results on screen belong to an earlier file, kept because the one chosen after it was refused. */
  resultsKept = $state(false);

  private controller: AbortController | null = null;
  /** The file itself, re-read in the worker for a record's detail and the predictions export. */
  private fileHandle: File | null = null;

  constructor(
    private readonly bridge: WorkerBridge,
    private readonly engine: EngineState,
    private readonly threshold: ThresholdState,
  ) {}

  /** Scores `file` in the worker; a file chosen while another runs replaces it. */
  async analyse(file: File): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.id++;
    // What is on screen, put back if this file is refused: a bad file never wipes good results.
    const previous = this.snapshot();
    this.refusedName = null;
    this.resultsKept = false;
    this.phase = 'analysing';
    this.fileHandle = file;
    this.file = { name: file.name, size: file.size };
    this.progress = null;
    this.summary = null;
    this.result = null;
    this.error = null;
    this.store = null;
    this.curves = null;
    this.detail = null;
    this.failures = [];
    this.elapsedMs = 0;
    this.liveAnomalies = 0;
    const current = () => this.controller === controller;
    // A file that is not text (or is empty) is refused from its first bytes, before any model loads.
    const refusal = await refusalOf(file);
    if (!current()) return;
    if (refusal !== null) {
      this.refuse(file.name, refusal, previous);
      this.controller = null;
      return;
    }
    try {
      await this.engine.requireReady();
    } catch (error) {
      if (!current()) return;
      this.refuse(file.name, messageOf(error), previous);
      return;
    }
    if (!current()) return;
    if (controller.signal.aborted) {
      // Cancelled while the models were still loading: nothing was scored.
      this.phase = 'cancelled';
      this.controller = null;
      return;
    }
    this.threshold.resetForRun();
    const store = new ScoreStore();
    const startedAt = performance.now();
    const liveThreshold = this.threshold.value;
    try {
      const result = await this.bridge.analyse(controller.signal, file, {
        progress: (p) => {
          if (!current()) return;
          this.progress = p;
          this.engine.backend = p.backend;
          this.elapsedMs = performance.now() - startedAt;
        },
        chunk: (chunk) => {
          if (!current()) return;
          store.append(chunk);
          let flagged = 0;
          for (let i = 0; i < chunk.rowCount; i++) if (chunk.score[i] >= liveThreshold) flagged++;
          this.liveAnomalies += flagged;
        },
        step: (step) => {
          if (!current()) return;
          if (step.kind === 'backend-failed') this.failures = [...this.failures, `${BACKEND_LABELS[step.backend]}: ${step.reason}`];
          this.engine.step = step;
        },
      });
      if (!current()) return;
      this.elapsedMs = performance.now() - startedAt;
      this.result = result;
      this.summary = result.summary;
      this.engine.backend = result.backend;
      this.engine.attempts = result.attempts;
      this.store = store;
      this.version++;
      this.phase = result.cancelled ? 'cancelled' : 'done';
      // In a later task: the results render first, so no single main-thread task does both.
      setTimeout(() => void this.loadCurves(store), 0);
    } catch (error) {
      if (!current()) return;
      if (isAbortError(error)) {
        // The worker did not stop in time and was ended: keep what was scored, reload models next time.
        this.engine.modelsLost();
        this.store = store;
        this.version++;
        this.phase = 'cancelled';
        setTimeout(() => void this.loadCurves(store), 0);
      } else {
        this.refuse(file.name, messageOf(error), previous);
      }
    } finally {
      if (current()) this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** The active models changed: the file on screen (or being scored) is analysed again with them. */
  rescore(): void {
    if (this.fileHandle && this.phase !== 'idle' && this.phase !== 'error') void this.analyse(this.fileHandle);
  }

  private snapshot() {
    const { fileHandle, file, summary, result, store, curves, phase, elapsedMs, resultsKept } = this;
    return { fileHandle, file, summary, result, store, curves, phase, elapsedMs, resultsKept };
  }

  /** Shows why `name` could not be analysed, above the previous file's results when there were some. */
  private refuse(name: string, reason: string, previous: ReturnType<RunState['snapshot']>): void {
    // Results shown under an earlier refusal stay too: a second refused file in a row keeps them.
    const kept = previous.store !== null && (previous.phase === 'done' || previous.phase === 'cancelled' || (previous.phase === 'error' && previous.resultsKept));
    if (kept) {
      ({ fileHandle: this.fileHandle, file: this.file, summary: this.summary, result: this.result, store: this.store, curves: this.curves, elapsedMs: this.elapsedMs } = previous);
      this.version++;
    }
    this.resultsKept = kept;
    this.refusedName = name;
    this.error = reason;
    this.phase = 'error';
  }

  private async loadCurves(store: ScoreStore): Promise<void> {
    if (store.labelledRows === 0) return;
    const n = store.length;
    const labels = new Int8Array(n);
    // A plain loop: Int8Array.from with a map function is several times slower at a million rows.
    for (let i = 0; i < n; i++) {
      const c = store.trueCategory[i];
      labels[i] = c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    try {
      const curves = await this.bridge.curves({
        labels,
        stage1: store.score.slice(0, n),
        isolationForest: store.ifScore.slice(0, n),
        hybrid: store.hybridScore.slice(0, n),
      });
      if (this.store === store) this.curves = curves;
    } catch (error) {
      if (!isAbortError(error) && this.store === store) this.error = `The ROC curves could not be computed: ${messageOf(error)}`;
    }
  }

  /** The incidents of `store` at `threshold`, grouped in the worker. */
  incidentsOf(store: ScoreStore, threshold: number): Promise<Incident[]> {
    return this.bridge.incidents(store.incidentsInput(threshold, this.summary?.vocabularies));
  }

  async showDetail(row: number): Promise<void> {
    if (!this.fileHandle) return;
    this.detail = { status: 'loading', row };
    try {
      await this.engine.requireReady();
      const detail = await this.bridge.explain(this.fileHandle, row);
      if (this.detail?.row === row) this.detail = { status: 'ready', row, detail };
    } catch (error) {
      if (this.detail?.row === row) this.detail = { status: 'error', row, error: messageOf(error) };
    }
  }

  closeDetail(): void {
    this.detail = null;
  }

  /** Saves the capture's packets of an incident's evidence records as a capture file of the same format; returns the packet count. */
  async exportIncidentPackets(records: FlaggedRecord[], name: string): Promise<number> {
    if (!this.fileHandle) throw new Error('The file is no longer available: choose it again.');
    const { bytes, packets } = await this.bridge.incidentPackets(this.fileHandle, $state.snapshot(records) as FlaggedRecord[]);
    const pcapng = bytes[0] === 0x0a && bytes[1] === 0x0d;
    saveBlob(new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' }), `${baseName(this.fileHandle.name)}-${name}.${pcapng ? 'pcapng' : 'pcap'}`);
    return packets;
  }

  /** Predictions CSV (the `npm run predict` format) at the slider's threshold. */
  async exportPredictions(appendOriginal: boolean): Promise<void> {
    if (!this.store || !this.fileHandle) return;
    const blob = await this.bridge.exportPredictions({
      scores: this.store.copyRowScores(),
      threshold: this.threshold.value,
      identity: this.store.identity?.columns(),
      appendOriginalFrom: appendOriginal ? this.fileHandle : undefined,
    });
    saveBlob(blob, `${baseName(this.fileHandle.name)}-predictions.csv`);
  }

  /** Rows of `store` ordered by a score or an address, sorted in the worker (cached per store and key). */
  sortedRows(store: ScoreStore, key: SortKey, descending: boolean): Promise<Uint32Array> {
    const id = `${key}:${descending}`;
    let order = store.sortCache.get(id);
    if (!order) {
      order = this.bridge.sortRows(store.sortKeysOf(key), descending);
      order.catch(() => store.sortCache.delete(id));
      store.sortCache.set(id, order);
    }
    return order;
  }
}
