/**
 * The page's copy of every scored row, in flat typed arrays that grow by doubling as chunks arrive
 * from the worker (about 26 bytes a row: a million rows take ~26 MB, and no per-row objects exist).
 * Score histograms are filled chunk by chunk too. Not reactive itself: the run state
 * (state/run.svelte.ts) bumps a version.
 */
import type { KeptScores } from '../lib/metrics/threshold-metrics';
import type { RowScores } from '../lib/scoring/row-scores';
import { addToHistogram, createScoreHistogram, type ScoreHistogram } from '../lib/metrics/score-histogram';
import type { IncidentsInput, ScoredChunk } from '../shared/analysis-api';
import { IdentityStore } from './identity-store';
import { allocateFacts, type RecordFacts } from '../lib/incidents/record-facts';
import type { ScoredColumns } from '../lib/incidents/flagged-record';
import { grownCapacity, regrow } from '../lib/util/growable';

export const HISTOGRAM_BINS = 50;

export type Detector = 'stage1' | 'isolationForest' | 'hybrid';
/** What the records table can sort by: a detector's score, or (captures, conn.log) an address. */
export type SortKey = Detector | 'start' | 'source' | 'destination';

export class ScoreStore {
  length = 0;
  rowNumbers = new Uint32Array(0);
  score = new Float32Array(0);
  stage2Category = new Uint8Array(0);
  stage2Score = new Float32Array(0);
  ifScore = new Float32Array(0);
  hybridScore = new Float32Array(0);
  trueCategory = new Int8Array(0);
  label = new Int32Array(0);
  /** Time and addresses per row, when the records have them (captures, conn.log). */
  identity: IdentityStore | null = null;
  /** Protocol, service, flag, bytes and logins per row (incidents, the records table). */
  facts: RecordFacts = allocateFacts(0);
  /** Row orders by score, once computed (the rows do not change after the run). */
  readonly sortCache = new Map<string, Promise<Uint32Array>>();
  /** Rows with a known true category (normal or a mapped attack). */
  labelledRows = 0;
  readonly histograms: Record<Detector, ScoreHistogram> = {
    stage1: createScoreHistogram(HISTOGRAM_BINS),
    isolationForest: createScoreHistogram(HISTOGRAM_BINS),
    hybrid: createScoreHistogram(HISTOGRAM_BINS),
  };

  append(chunk: ScoredChunk): void {
    const n = chunk.rowCount;
    this.reserve(this.length + n);
    const at = this.length;
    this.rowNumbers.set(chunk.rowNumbers, at);
    this.score.set(chunk.score, at);
    this.stage2Category.set(chunk.stage2Category, at);
    this.stage2Score.set(chunk.stage2Score, at);
    this.ifScore.set(chunk.ifScore, at);
    this.hybridScore.set(chunk.hybridScore, at);
    this.trueCategory.set(chunk.trueCategory, at);
    this.label.set(chunk.label, at);
    for (const [name, column] of Object.entries(chunk.facts) as [keyof RecordFacts, RecordFacts[keyof RecordFacts]][]) this.facts[name].set(column.subarray(0, n) as never, at);
    if (chunk.identity) (this.identity ??= new IdentityStore()).append(chunk.identity, n);
    for (let i = 0; i < n; i++) if (chunk.trueCategory[i] >= 0) this.labelledRows++;
    addToHistogram(this.histograms.stage1, chunk.score, chunk.trueCategory);
    addToHistogram(this.histograms.isolationForest, chunk.ifScore, chunk.trueCategory);
    addToHistogram(this.histograms.hybrid, chunk.hybridScore, chunk.trueCategory);
    this.length += n;
  }

  /** Sort keys for the records table (a copy: it is sent to the worker). */
  sortKeysOf(key: SortKey): Float32Array {
    if (key === 'source' || key === 'destination') return this.identity!.addressRanks(key === 'source' ? 'orig' : 'resp');
    if (key === 'start') return this.identity!.startRanks();
    return this.scoresOf(key).slice();
  }

  scoresOf(detector: Detector): Float32Array {
    const all = detector === 'stage1' ? this.score : detector === 'isolationForest' ? this.ifScore : this.hybridScore;
    return all.subarray(0, this.length);
  }

  /** Views (not copies) of the kept rows. */
  kept(): KeptScores {
    const n = this.length;
    return {
      rowCount: n,
      score: this.score.subarray(0, n),
      stage2Category: this.stage2Category.subarray(0, n),
      ifScore: this.ifScore.subarray(0, n),
      hybridScore: this.hybridScore.subarray(0, n),
      trueCategory: this.trueCategory.subarray(0, n),
    };
  }

  /** Copies of the row scores, for sending to the worker (the page keeps its own). */
  copyRowScores(): RowScores {
    const n = this.length;
    return {
      rowCount: n,
      rowNumbers: this.rowNumbers.slice(0, n),
      score: this.score.slice(0, n),
      stage2Category: this.stage2Category.slice(0, n),
      stage2Score: this.stage2Score.slice(0, n),
      ifScore: this.ifScore.slice(0, n),
      hybridScore: this.hybridScore.slice(0, n),
    };
  }

  private reserve(rows: number): void {
    if (rows <= this.score.length) return;
    const capacity = grownCapacity(this.score.length, rows);
    const n = this.length;
    this.rowNumbers = regrow(this.rowNumbers, capacity, n);
    this.score = regrow(this.score, capacity, n);
    this.stage2Category = regrow(this.stage2Category, capacity, n);
    this.stage2Score = regrow(this.stage2Score, capacity, n);
    this.ifScore = regrow(this.ifScore, capacity, n);
    this.hybridScore = regrow(this.hybridScore, capacity, n);
    this.trueCategory = regrow(this.trueCategory, capacity, n);
    this.label = regrow(this.label, capacity, n);
    const facts = allocateFacts(capacity);
    for (const name of Object.keys(facts) as (keyof RecordFacts)[]) facts[name].set(this.facts[name].subarray(0, n) as never);
    this.facts = facts;
  }

  /** Copies of the rows incidents are built from, for the worker (ScoredColumns' shape, addresses interned). */
  incidentsInput(threshold: number, vocabularies: IncidentsInput['vocabularies']): IncidentsInput {
    const n = this.length;
    const facts = allocateFacts(0);
    for (const name of Object.keys(facts) as (keyof RecordFacts)[]) facts[name] = this.facts[name].slice(0, n) as never;
    const id = this.identity;
    return {
      threshold,
      rowNumbers: this.rowNumbers.slice(0, n),
      score: this.score.slice(0, n),
      stage2Category: this.stage2Category.slice(0, n),
      facts,
      vocabularies,
      ...(id && {
        identity: { ts: id.ts.slice(0, n), origP: id.origP.slice(0, n), respP: id.respP.slice(0, n), packets: id.packets.slice(0, n), origH: id.origH.slice(0, n), respH: id.respH.slice(0, n), addresses: id.addresses.slice() },
      }),
    };
  }

  /** The rows as the incidents library reads them (views, not copies). */
  scoredColumns(vocabularies: ScoredColumns['vocabularies']): ScoredColumns {
    const id = this.identity;
    return {
      length: this.length,
      rowNumbers: this.rowNumbers,
      score: this.score,
      stage2Category: this.stage2Category,
      facts: this.facts,
      vocabularies,
      identity: id
        ? { ts: id.ts, origP: id.origP, respP: id.respP, packets: id.packets, origH: (i) => id.addresses[id.origH[i]], respH: (i) => id.addresses[id.respH[i]] }
        : undefined,
    };
  }
}
