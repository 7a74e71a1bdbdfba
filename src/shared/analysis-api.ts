/**
 * The contract between the page (src/worker-bridge.ts) and workers/analysis.worker.ts. Types and a few
 * constants only, so importing it pulls no worker code (and no tfjs) into the page bundle.
 */
import type { RecordFacts } from '../lib/incidents/record-facts';
import type { Incident } from '../lib/incidents/incident';
import type { FlaggedRecord, ScoredColumns } from '../lib/incidents/flagged-record';
import type { ProxyMarked } from 'comlink';
import type { ReadProgress } from '../lib/ingest/record-source';
import type { RocPoints } from '../lib/metrics/roc-points';
import type { PredictRoute } from '../lib/models/predict-matrix';
import type { IdentityColumns } from '../lib/ingest/record-identity';
import type { ParseSummary } from '../lib/ingest/summary';
import type { RecordBatch } from '../lib/ingest/record-batch';
import type { FeatureAttribution } from '../lib/features/feature-attribution';
import type { RowScores } from '../lib/scoring/row-scores';
import type { FineTuneMetrics, FineTuneProgress, FineTuneRows, FineTuneSettings } from '../lib/training/fine-tune';
import type { GuardVerdict } from '../lib/training/fine-tune-guard';
import type { BaselineFigures, BaselineRecordCounts, KnownAttackFigure, LearnBaselineProgress, ScreenFigure } from '../lib/training/learn-baseline';
import type { LearnBaselineSettings } from '../lib/training/baseline-settings';
import type { LibraryState, StorageEstimate } from '../storage/model-library';

export type { ReadProgress, ParseSummary, RecordBatch, RowScores, FeatureAttribution, RocPoints, IdentityColumns };

export interface ParseCallbacks {
  /** About ten times a second while parsing, and once at the end. */
  progress(progress: ReadProgress): void;
  /**
   * Every accepted record, in batches whose buffers are transferred (not copied). Parsing waits until
   * this returns, so a slow consumer bounds the worker's memory.
   */
  batch(batch: RecordBatch): void | Promise<void>;
}

export interface ParseOptions {
  /** Send batches to `callbacks.batch` (the summary alone does not need them). */
  batches?: boolean;
}

/** tfjs backends, in the order the automatic choice tries them. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** What happened when the worker tried a backend. */
export interface BackendAttempt {
  backend: BackendName;
  outcome: 'ready' | 'failed' | 'skipped';
  reason?: string;
}

/**
 * Test-only faults, set from the page URL (`?fault=…`), so tests can prove the fallbacks work:
 * `rejectGpuAdapter` makes navigator.gpu.requestAdapter reject in the worker; `failBackend` makes
 * scoring on that backend throw from its `failAtBatch`-th batch on (1-based) during a run.
 */
export interface FaultPlan {
  rejectGpuAdapter?: boolean;
  failBackend?: BackendName;
  failAtBatch?: number;
}

export interface ModelInfo {
  /** Library id of the version ("pretrained" for the shipped set) and its name. */
  versionId: string;
  versionName: string;
  /** The labelled file a fine-tuned version was trained further on; null for the shipped set. */
  fineTunedOn: string | null;
  createdAt: string;
  thresholds: { stage1: number; isolationForest: number; hybrid: number };
  thresholdPolicy: string;
  hybridFusion: string;
  /** The training file the manifest names. */
  trainedOn: string;
  /** For a learned baseline ("Learn this network"): what it was learned on and how it did on its held-out records. */
  baseline: BaselineModelInfo | null;
}

export interface BaselineModelInfo {
  name: string;
  sources: number;
  records: number;
  targetFpr: number;
  /** Share of the baseline's held-out records stage 1 flags at the version's threshold. */
  heldOutFpr: number;
}

export type EngineStep =
  | { kind: 'models'; done: number; total: number }
  | { kind: 'backend'; backend: BackendName; stage: 'starting' | 'warming-up' }
  | { kind: 'backend-failed'; backend: BackendName; reason: string };

export interface PrepareOptions {
  backend: BackendChoice;
  faults?: FaultPlan;
  /** Workers that score a file (the analysis worker included); absent: the default for this machine's cores. */
  workers?: number;
}

export interface EngineCallbacks {
  step(step: EngineStep): void;
}

export interface PrepareResult {
  model: ModelInfo;
  backend: BackendName;
  attempts: BackendAttempt[];
  /** The model library as the worker found it: the active version (or pretrained) and corrupt records skipped. */
  library: LibraryView;
}

/** What the page shows of the model library. */
export interface LibraryView extends LibraryState {
  storage: StorageEstimate;
  /** Name of the version the engine scores with ("Pretrained" for the shipped set). */
  activeName: string;
}

export interface FineTuneCallbacks {
  /** After every epoch of stage 1, then of stage 2. */
  epoch(progress: FineTuneProgress): void;
}

export interface FineTuneOutcome {
  /** Null when cancelled: the library and the active models are then unchanged. */
  versionId: string | null;
  name: string;
  before: FineTuneMetrics | null;
  after: FineTuneMetrics | null;
  /** The new version against its base on the same held-out rows; null when cancelled. */
  guard: GuardVerdict | null;
  /** Whether the new version became active (the guard found it better). */
  activated: boolean;
  rows: FineTuneRows | null;
  library: LibraryView;
  model: ModelInfo;
}

/** "Learn this network": what the page chooses; the other settings keep their defaults (baseline-settings.ts). */
export interface LearnNetworkSettings extends Pick<LearnBaselineSettings, 'contamination' | 'targetFpr' | 'attackScreen'> {
  /** The baseline's name ("office-lan"). */
  name: string;
}

/** Reading file `file` (1-based) of `files`, then the learning phases of learn-baseline.ts. */
export type LearnNetworkProgress = { phase: 'reading'; file: number; files: number; fileName: string } | LearnBaselineProgress;

export interface LearnNetworkCallbacks {
  progress(progress: LearnNetworkProgress): void;
}

export interface LearnNetworkOutcome {
  /** Null when cancelled: the library and the active models are then unchanged. */
  versionId: string | null;
  /** The version's name in the library ("baseline: office-lan, 3 captures, 1,204 records, 2026-12-01"). */
  name: string;
  /** Stage 1, forest and hybrid on the held-out baseline records: the active models before, the learned ones after. */
  before: BaselineFigures | null;
  after: BaselineFigures | null;
  records: BaselineRecordCounts | null;
  /** The captures held out whole for calibration (none when the last records of each were; all with cross-fitting). */
  calibrationSources: string[];
  /** Folds of captures the thresholds were cross-fitted on; 0 for a single hold-out. */
  calibrationFolds: number;
  /** The baseline's records the active models flagged, and how many the learned ones still flag; null when cancelled. */
  knownAttacks: KnownAttackFigure | null;
  /** With the attack screen: the recall floor's figures (null without it, or too few screened records held out). */
  screen: ScreenFigure | null;
  epochs: number;
  seconds: number;
  library: LibraryView;
}

export interface AnalysisProgress extends ReadProgress {
  rowsScored: number;
  /** Backend scoring right now (it changes if one fails during the run). */
  backend: BackendName;
}

/**
 * One scored chunk of the file (transferred, not copied). Stage 2 has run on every row, not only on
 * the rows stage 1 flags at its threshold, so the page can move the threshold without new inference.
 */
export interface ScoredChunk extends RowScores {
  /** True category per row (index into CATEGORIES), −1 when unlabelled or an unknown attack name. */
  trueCategory: Int8Array;
  /** Index into the file's label vocabulary (ParseSummary.labelVocabulary), −1 when unlabelled. */
  label: Int32Array;
  /** Time and addresses per row, for captures and conn.log. */
  identity?: IdentityColumns;
  /** Protocol, service, flag, bytes, logins per row: what incidents and the records table show. */
  facts: RecordFacts;
}

export interface AnalysisCallbacks {
  /** About ten times a second, and once at the end. */
  progress(progress: AnalysisProgress): void;
  /** Scored rows in file order; the worker waits for this to return before reading on. */
  chunk(chunk: ScoredChunk): void | Promise<void>;
  /** Engine events during the run (a backend failing and the next one starting). */
  step(step: EngineStep): void;
}

export interface AnalysisResult {
  /** Null when the run was cancelled (the parser's summary only exists at the end of the file). */
  summary: ParseSummary | null;
  cancelled: boolean;
  /** Backend that scored the last chunk. */
  backend: BackendName;
  attempts: BackendAttempt[];
  rowsScored: number;
  /** From the call to the first scored chunk (includes model warm-up if the engine was cold). */
  firstChunkMs: number;
  totalMs: number;
  /** Workers that scored (1: the analysis worker alone). */
  workers: number;
  /** Why the pool ran with fewer workers than asked (a scoring worker failed to start or during the run), else null. */
  poolNote: string | null;
}

export interface CurvesInput {
  /** 1 attack, 0 normal, −1 unlabelled. */
  labels: Int8Array;
  stage1: Float32Array;
  isolationForest: Float32Array;
  hybrid: Float32Array;
}

export interface Curves {
  stage1: RocPoints;
  isolationForest: RocPoints;
  hybrid: RocPoints;
}

export interface RecordDetail {
  row: number;
  /** The 41 features as read (categorical as text), then label and difficulty when present. */
  values: { name: string; value: string }[];
  label: string | null;
  /** Recomputed stage 1 score of this row (equals the kept score). */
  score: number;
  method: 'gradient × input';
  /** What the gradient is of: stage 1's log-odds (before its sigmoid), or its output. */
  of: 'log-odds' | 'output';
  /** Per original feature (one-hot columns summed), largest |contribution| first. */
  attribution: FeatureAttribution[];
}

export interface ExportInput {
  scores: RowScores;
  threshold: number;
  /** Captures and conn.log: each line ends with ts,orig_h,orig_p,resp_h,resp_p. */
  identity?: IdentityColumns;
  /** When given, this file is read again and each line gets its record's original fields appended. */
  appendOriginalFrom?: Blob;
}

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  backend: string | null;
  /** How stage 1 runs on that backend: the fused WebAssembly SIMD kernel (wasm, cpu) or the layers model; null before the models load. */
  stage1Path: PredictRoute | null;
}

export type { FineTuneSettings, FineTuneProgress, FineTuneMetrics, GuardVerdict, BaselineFigures, BaselineRecordCounts };

/** A run's scored rows, as incidents are built from them (copies: the arrays are transferred). */
export interface IncidentsInput {
  threshold: number;
  rowNumbers: Uint32Array;
  score: Float32Array;
  stage2Category: Uint8Array;
  facts: RecordFacts;
  /** Captures and conn.log: addresses as indices into `addresses` (the page's interned table). */
  identity?: { ts: Float64Array; origP: Uint16Array; respP: Uint16Array; packets: Uint32Array; origH: Uint32Array; respH: Uint32Array; addresses: string[] };
  vocabularies?: ScoredColumns['vocabularies'];
}

export interface AnalysisWorkerApi {
  /** Streams the file through the record parser; rejects with a FileFormatError for unreadable files. */
  parse(file: Blob, callbacks: ParseCallbacks & ProxyMarked, options?: ParseOptions): Promise<ParseSummary>;
  /** Loads the models (from `models/` on this site) on the first working backend. */
  prepare(options: PrepareOptions, callbacks: EngineCallbacks & ProxyMarked): Promise<PrepareResult>;
  /** Parses and scores a file chunk by chunk; needs `prepare` first. */
  analyse(file: Blob, callbacks: AnalysisCallbacks & ProxyMarked): Promise<AnalysisResult>;
  /** Stops the running `analyse` after its current chunk; it resolves with `cancelled: true`. */
  cancel(): void;
  /** ROC curves and exact AUCs of the three detectors. */
  curves(input: CurvesInput): Promise<Curves>;
  /** One record's values and what pushed its stage 1 score (the file is read again up to the row). */
  explain(file: Blob, row: number): Promise<RecordDetail>;
  /** The predictions CSV of `npm run predict`, optionally with the original columns appended. */
  exportPredictions(input: ExportInput): Promise<Blob>;
  /** Row order by `keys` (a radix sort; off the page so a million rows never block it). */
  sortRows(keys: Float32Array, descending: boolean): Promise<Uint32Array>;
  /** The rows flagged at `threshold` grouped into incidents, each with at most EXPORTED_ROWS evidence records (off the page: a million rows take seconds). */
  incidents(input: IncidentsInput): Promise<Incident[]>;
  /** The capture's packets of these records (an incident's evidence), as a file of the capture's own format. */
  incidentPackets(file: Blob, records: FlaggedRecord[]): Promise<{ bytes: Uint8Array; packets: number }>;
  /** tfjs memory, for tests that check nothing leaks. */
  memory(): EngineMemory;
  /**
   * Fine-tunes the active models on a labelled file, saves the result as a new library version and
   * makes it active if the guard finds it better than the active one on the held-out rows. `cancel` stops it between batches; the active models are then untouched.
   */
  fineTune(file: Blob, settings: FineTuneSettings, callbacks: FineTuneCallbacks & ProxyMarked): Promise<FineTuneOutcome>;
  /**
   * Learns a baseline from files of traffic the user considers (mostly) normal and saves it as a new
   * library version, not activated: the page shows its held-out figures and the user activates it.
   * `cancel` stops it between batches; the library and the active models are then untouched.
   */
  learnBaseline(files: Blob[], settings: LearnNetworkSettings, callbacks: LearnNetworkCallbacks & ProxyMarked): Promise<LearnNetworkOutcome>;
  library(): Promise<LibraryView>;
  /** Makes a version (or PRETRAINED) active and loads it on the current backend. */
  activateVersion(id: string): Promise<{ library: LibraryView; model: ModelInfo }>;
  renameVersion(id: string, name: string): Promise<LibraryView>;
  deleteVersion(id: string): Promise<{ library: LibraryView; model: ModelInfo }>;
  /** One version as one file (JSON with base64 files and sha256 checksums). */
  exportVersion(id: string): Promise<Blob>;
  /** Validates and stores an exported version (not activated); rejects with the reason. */
  importVersion(file: Blob): Promise<LibraryView>;
}

/** Minimum time between two progress messages: ~10 updates a second is smooth and costs nothing. */
export const PROGRESS_INTERVAL_MS = 100;

/** Prepares a scoring worker (workers/scoring.worker.ts): the analysis worker's models on its backend. */
export interface ScoringWorkerLoad {
  backend: BackendName;
  faults: FaultPlan;
}

/** What a scoring worker returns: a batch's scores, or the batch back (transferred) if its backend failed. */
export type ScoringWorkerResult = { ok: true; scores: RowScores } | { ok: false; reason: string; batch: RecordBatch };

/** The API of a scoring worker, started by the analysis worker (never by the page). */
export interface ScoringWorkerApi {
  /** `read` fetches a model file from the analysis worker's active source (a comlink proxy: it must be a top-level argument). */
  load(options: ScoringWorkerLoad, read: ((path: string) => Promise<ArrayBuffer>) & ProxyMarked): Promise<void>;
  score(batch: RecordBatch): Promise<ScoringWorkerResult>;
}
