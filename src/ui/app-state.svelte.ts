/**
 * The app's state (Svelte 5 runes) and the actions that change it. Components read it and call the
 * actions; only this module talks to the worker bridge. Scores live in a ScoreStore (typed arrays);
 * `version` changes when it does, so derived views recompute.
 */
import { refusalOf } from '../lib/ingest/sniff';
import { WorkerBridge, isAbortError } from '../worker-bridge';
import type {
  AnalysisProgress,
  AnalysisResult,
  BackendAttempt,
  BackendChoice,
  BackendName,
  Curves,
  EngineStep,
  ModelInfo,
  ParseSummary,
  RecordDetail,
} from '../shared/analysis-api';
import { BACKEND_LABELS } from '../shared/analysis-api';
import type { FineTuneOutcome, FineTuneProgress, FineTuneSettings, LibraryView } from '../shared/analysis-api';
import { saveBlob } from './download';
import { ScoreStore, type Detector as SortKey } from './score-store';
import { readUrlOptions } from './url-options';

export type Phase = 'idle' | 'analysing' | 'done' | 'cancelled' | 'error';
export type EngineState = 'idle' | 'preparing' | 'ready' | 'error';

export interface ChosenFile {
  name: string;
  size: number;
}

export type DetailState =
  | { status: 'loading'; row: number }
  | { status: 'ready'; row: number; detail: RecordDetail }
  | { status: 'error'; row: number; error: string };

const BACKEND_KEY = 'traffic-anomaly-lab:backend';
/** Saved thresholds belong to one model set: a retrained set starts from its own default. */
const thresholdKey = (m: ModelInfo) => `traffic-anomaly-lab:threshold:${m.createdAt}`;

function storedNumber(key: string): number | null {
  try {
    const v = localStorage.getItem(key);
    return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
  } catch {
    return null; // storage disabled: nothing saved
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AppState {
  private readonly urlOptions = readUrlOptions(location.search);

  // The engine: models on a backend in the worker.
  backendChoice = $state<BackendChoice>('auto');
  engine = $state<EngineState>('idle');
  engineStep = $state.raw<EngineStep | null>(null);
  engineError = $state<string | null>(null);
  backend = $state<BackendName | null>(null);
  attempts = $state.raw<BackendAttempt[]>([]);
  model = $state.raw<ModelInfo | null>(null);
  /** Backends that failed during the last run, with why (the run went on with the next one). */
  runFailures = $state.raw<string[]>([]);

  // The run: one file through the models.
  phase = $state<Phase>('idle');
  /** Increases with every file chosen; lets tests and the bench tell one run's result from the last. */
  runId = $state(0);
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

  // The stage 1 threshold: the slider's value, and the one saved as active.
  threshold = $state(0.5);
  savedThreshold = $state<number | null>(null);

  // Fine-tuning and the model library.
  library = $state.raw<LibraryView | null>(null);
  /** The last library action's error (rename, delete, import, …), shown in the library panel. */
  libraryError = $state<string | null>(null);
  libraryBusy = $state(false);
  fineTunePhase = $state<'idle' | 'running' | 'done' | 'cancelled' | 'error'>('idle');
  fineTuneEpochs = $state.raw<FineTuneProgress[]>([]);
  fineTuneOutcome = $state.raw<FineTuneOutcome | null>(null);
  fineTuneError = $state<string | null>(null);
  private fineTuneController: AbortController | null = null;

  private readonly bridge = new WorkerBridge();
  private runController: AbortController | null = null;
  private prepareController: AbortController | null = null;
  private preparing: Promise<boolean> | null = null;
  private preparedGeneration = -1;
  private fileHandle: File | null = null;

  constructor() {
    const stored = (() => {
      try {
        return localStorage.getItem(BACKEND_KEY);
      } catch {
        return null;
      }
    })();
    this.backendChoice = this.urlOptions.backend ?? (stored === 'auto' || (stored !== null && stored in BACKEND_LABELS) ? (stored as BackendChoice) : 'auto');
  }

  get defaultThreshold(): number | null {
    return this.model?.thresholds.stage1 ?? null;
  }

  get activeThreshold(): number | null {
    return this.savedThreshold ?? this.defaultThreshold;
  }

  /** Loads the models on the chosen backend (again, if a backend is picked while one is loading). */
  prepare(): Promise<boolean> {
    this.prepareController?.abort();
    const controller = new AbortController();
    this.prepareController = controller;
    this.engine = 'preparing';
    this.engineError = null;
    this.engineStep = null;
    this.backend = null;
    this.attempts = [];
    const done = (async () => {
      try {
        const r = await this.bridge.prepare(controller.signal, { backend: this.backendChoice, faults: this.urlOptions.faults }, (step) => {
          if (!controller.signal.aborted) this.engineStep = step;
        });
        if (controller.signal.aborted) return false;
        this.model = r.model;
        this.backend = r.backend;
        this.attempts = r.attempts;
        this.library = r.library;
        // Asked from the page: StorageManager.persist() exists only on windows, not in workers.
        void navigator.storage?.persist?.().catch(() => false);
        this.preparedGeneration = this.bridge.generation;
        this.savedThreshold = storedNumber(thresholdKey(r.model));
        if (!this.store) this.threshold = this.activeThreshold ?? 0.5;
        this.engine = 'ready';
        return true;
      } catch (error) {
        if (controller.signal.aborted) return false;
        this.engine = 'error';
        this.engineError = messageOf(error);
        return false;
      } finally {
        if (this.prepareController === controller) this.prepareController = null;
      }
    })();
    this.preparing = done;
    return done;
  }

  chooseBackend(choice: BackendChoice): void {
    this.backendChoice = choice;
    try {
      localStorage.setItem(BACKEND_KEY, choice);
    } catch {
      // not saved: the choice still applies to this visit
    }
    void this.prepare();
  }

  /** Fine-tunes the active models on a labelled file; the result becomes the active version. */
  async startFineTune(file: File, settings: FineTuneSettings): Promise<void> {
    this.fineTuneController?.abort();
    const controller = new AbortController();
    this.fineTuneController = controller;
    this.fineTunePhase = 'running';
    this.fineTuneEpochs = [];
    this.fineTuneOutcome = null;
    this.fineTuneError = null;
    try {
      // As for analysis: an empty or non-text file is refused from its first bytes, at once.
      const refusal = await refusalOf(file);
      if (refusal !== null) throw new Error(refusal);
      if (!(await this.ensureEngine())) throw new Error(this.engineError ?? 'The models could not be loaded.');
      const r = await this.bridge.fineTune(controller.signal, file, settings, (p) => {
        if (this.fineTuneController === controller) this.fineTuneEpochs = [...this.fineTuneEpochs, p];
      });
      if (this.fineTuneController !== controller) return;
      this.fineTuneOutcome = r;
      this.library = r.library;
      this.useModel(r.model);
      this.fineTunePhase = r.versionId === null ? 'cancelled' : 'done';
    } catch (error) {
      if (this.fineTuneController !== controller) return;
      this.fineTunePhase = isAbortError(error) ? 'cancelled' : 'error';
      if (!isAbortError(error)) this.fineTuneError = messageOf(error);
      // A worker stopped by a hard cancel has lost its models: load them again.
      if (isAbortError(error)) void this.prepare();
    } finally {
      if (this.fineTuneController === controller) this.fineTuneController = null;
    }
  }

  cancelFineTune(): void {
    this.fineTuneController?.abort();
  }

  /** Runs a library action in the worker; its error is shown in the library panel. */
  async libraryAction(action: 'activate' | 'rename' | 'delete' | 'export' | 'import' | 'refresh', arg?: { id?: string; name?: string; file?: File }): Promise<void> {
    this.libraryBusy = true;
    this.libraryError = null;
    try {
      if (!(await this.ensureEngine())) throw new Error(this.engineError ?? 'The models could not be loaded.');
      const id = arg?.id ?? '';
      if (action === 'activate' || action === 'delete') {
        const r = action === 'activate' ? await this.bridge.activateVersion(id) : await this.bridge.deleteVersion(id);
        this.library = r.library;
        this.useModel(r.model);
      } else if (action === 'rename') this.library = await this.bridge.renameVersion(id, arg?.name ?? '');
      else if (action === 'import') this.library = await this.bridge.importVersion(arg!.file!);
      else if (action === 'refresh') this.library = await this.bridge.library();
      else {
        const name = this.library?.versions.find((v) => v.id === id)?.name ?? id;
        saveBlob(await this.bridge.exportVersion(id), `${name.replace(/[^\w.-]+/g, '_')}.model.json`);
      }
    } catch (error) {
      this.libraryError = messageOf(error);
    } finally {
      this.libraryBusy = false;
    }
  }

  /** The engine now scores with another model set: its thresholds apply from here on. */
  private useModel(model: ModelInfo): void {
    this.model = model;
    this.savedThreshold = storedNumber(thresholdKey(model));
    this.threshold = this.activeThreshold ?? 0.5;
  }

  private async ensureEngine(): Promise<boolean> {
    if (this.engine === 'ready' && this.bridge.alive && this.bridge.generation === this.preparedGeneration) return true;
    if (this.engine === 'preparing' && this.preparing) {
      const ok = await this.preparing;
      if (ok || this.engine !== 'preparing') return ok;
    }
    return this.prepare();
  }

  /** Scores `file` in the worker; a file chosen while another runs replaces it. */
  async analyseFile(file: File): Promise<void> {
    this.runController?.abort();
    const controller = new AbortController();
    this.runController = controller;
    this.runId++;
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
    this.runFailures = [];
    this.elapsedMs = 0;
    this.liveAnomalies = 0;
    const current = () => this.runController === controller;
    // A file that is not text (or is empty) is refused from its first bytes, before any model loads.
    const refusal = await refusalOf(file);
    if (!current()) return;
    if (refusal !== null) {
      this.error = refusal;
      this.phase = 'error';
      this.runController = null;
      return;
    }
    if (!(await this.ensureEngine())) {
      if (!current()) return;
      this.error = this.engineError ?? 'The models could not be loaded.';
      this.phase = 'error';
      return;
    }
    if (!current()) return;
    if (controller.signal.aborted) {
      // Cancelled while the models were still loading: nothing was scored.
      this.phase = 'cancelled';
      this.runController = null;
      return;
    }
    // A fresh analysis starts from the saved (or default) threshold.
    this.threshold = this.activeThreshold ?? this.threshold;
    const store = new ScoreStore();
    const startedAt = performance.now();
    const liveThreshold = this.threshold;
    try {
      const result = await this.bridge.analyse(controller.signal, file, {
        progress: (p) => {
          if (!current()) return;
          this.progress = p;
          this.backend = p.backend;
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
          if (step.kind === 'backend-failed') this.runFailures = [...this.runFailures, `${BACKEND_LABELS[step.backend]}: ${step.reason}`];
          this.engineStep = step;
        },
      });
      if (!current()) return;
      this.elapsedMs = performance.now() - startedAt;
      this.result = result;
      this.summary = result.summary;
      this.backend = result.backend;
      this.attempts = result.attempts;
      this.store = store;
      this.version++;
      this.phase = result.cancelled ? 'cancelled' : 'done';
      // In a later task: the results render first, so no single main-thread task does both.
      setTimeout(() => void this.loadCurves(store), 0);
    } catch (error) {
      if (!current()) return;
      if (isAbortError(error)) {
        // The worker did not stop in time and was ended: keep what was scored, reload models next time.
        this.engine = 'idle';
        this.backend = null;
        this.store = store;
        this.version++;
        this.phase = 'cancelled';
        setTimeout(() => void this.loadCurves(store), 0);
      } else {
        this.error = messageOf(error);
        this.phase = 'error';
      }
    } finally {
      if (current()) this.runController = null;
    }
  }

  cancel(): void {
    this.runController?.abort();
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

  setThreshold(value: number): void {
    if (Number.isFinite(value)) this.threshold = Math.min(1, Math.max(0, value));
  }

  saveThreshold(): void {
    if (!this.model) return;
    try {
      localStorage.setItem(thresholdKey(this.model), String(this.threshold));
    } catch {
      // storage disabled: it stays active for this visit only
    }
    this.savedThreshold = this.threshold;
  }

  forgetSavedThreshold(): void {
    if (!this.model) return;
    try {
      localStorage.removeItem(thresholdKey(this.model));
    } catch {
      // nothing was stored
    }
    this.savedThreshold = null;
    this.threshold = this.model.thresholds.stage1;
  }

  async showDetail(row: number): Promise<void> {
    if (!this.fileHandle) return;
    this.detail = { status: 'loading', row };
    try {
      if (!(await this.ensureEngine())) throw new Error(this.engineError ?? 'The models could not be loaded.');
      const detail = await this.bridge.explain(this.fileHandle, row);
      if (this.detail?.row === row) this.detail = { status: 'ready', row, detail };
    } catch (error) {
      if (this.detail?.row === row) this.detail = { status: 'error', row, error: messageOf(error) };
    }
  }

  closeDetail(): void {
    this.detail = null;
  }

  /** Predictions CSV (the `npm run predict` format) at the slider's threshold. */
  async exportPredictions(appendOriginal: boolean): Promise<void> {
    if (!this.store || !this.fileHandle) return;
    const blob = await this.bridge.exportPredictions({
      scores: this.store.copyRowScores(),
      threshold: this.threshold,
      appendOriginalFrom: appendOriginal ? this.fileHandle : undefined,
    });
    saveBlob(blob, `${baseName(this.fileHandle.name)}-predictions.csv`);
  }

  /** Rows of `store` ordered by a score, sorted in the worker (cached per store and key). */
  sortedRows(store: ScoreStore, key: SortKey, descending: boolean): Promise<Uint32Array> {
    const id = `${key}:${descending}`;
    let order = store.sortCache.get(id);
    if (!order) {
      order = this.bridge.sortRows(store.scoresOf(key).slice(), descending);
      order.catch(() => store.sortCache.delete(id));
      store.sortCache.set(id, order);
    }
    return order;
  }

  /** Engine memory, for tests that check tensors are freed. */
  engineMemory() {
    return this.bridge.memory();
  }
}

export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || 'records';
}

export const app = new AppState();
