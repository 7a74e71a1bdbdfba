/**
 * Seed noise of `npm run select`'s criterion, from its result files (reports/selection/*.json): every
 * stage 1 model trained with the same settings on the same split is grouped by its settings, so the
 * spread over stage 1 seeds (initialisation, shuffling, synthetic sample) can be set against the
 * differences between candidates. Pure: select.ts reads the files and writes the markdown.
 */

/** What a stage 1 model achieves at one threshold. */
export interface OperatingPoint {
  threshold: number;
  normalPassed: number;
  seenCaught: number;
  heldOutCaught: number;
  criterion: number;
}

export interface BudgetScore extends OperatingPoint {
  fpr: number;
  /** The same at the threshold that also holds the hard normals to the cap (runs since the cap; see select.ts). */
  capped?: OperatingPoint & { hardNormalPassed: number };
}

export interface ModelReport {
  seed: number;
  bestEpoch: number;
  seconds: number;
  budgets: BudgetScore[];
}

/** One reports/selection/*.json file. Files from before seed replicates have no seed (it was the default). */
export interface SelectionRun {
  name: string;
  holdOut: string[];
  seed?: number;
  memberSeeds?: number[];
  stage1: Record<string, unknown>;
  bestEpoch?: number;
  seconds: number;
  budgets: BudgetScore[];
  /** Ensemble candidates: the members (the run's budgets score their mean probability). */
  members?: ModelReport[];
  /** --replicates/--member-seeds on a single-model candidate: independent models (budgets = the first one's). */
  replicates?: ModelReport[];
}

/** Settings groups: single models keyed by stage 1 seed, or ensembles keyed by their member seeds ("a-b-c"). */
export interface ScoreGroup {
  name: string;
  stage1: Record<string, unknown>;
  scores: Map<string, BudgetScore[]>;
}

export interface Stats {
  n: number;
  mean: number;
  /** Sample standard deviation; NaN for fewer than two values. */
  sd: number;
  min: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('stats of no values');
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { n, mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

export function budgetScore(budgets: readonly BudgetScore[], fpr: number): BudgetScore {
  const b = budgets.find((x) => x.fpr === fpr);
  if (!b) throw new Error(`no score for budget ${fpr}`);
  return b;
}

const baseName = (run: SelectionRun) => run.name.split('@')[0];
const runSeed = (run: SelectionRun, defaultSeed: number) => run.seed ?? defaultSeed;

/**
 * Single models and ensembles on the split of `splitSeed`. `singleOf` maps an ensemble candidate to
 * the single-model candidate its members are (their scores join that candidate's group). The same
 * settings and seed give the same model, so a model met twice must score the same (checked).
 */
export function groupBySettings(runs: readonly SelectionRun[], splitSeed: number, singleOf: Readonly<Record<string, string>>) {
  const singles = new Map<string, ScoreGroup>();
  const ensembles = new Map<string, ScoreGroup>();
  const put = (groups: Map<string, ScoreGroup>, name: string, stage1: Record<string, unknown>, key: string, budgets: BudgetScore[]) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, stage1, scores: new Map() }));
    const before = g.scores.get(key);
    if (before && before.some((b) => Math.abs(b.criterion - budgetScore(budgets, b.fpr).criterion) > 1e-9)) throw new Error(`${name} seed ${key}: two runs disagree`);
    g.scores.set(key, budgets);
  };
  for (const run of runs) {
    if (runSeed(run, splitSeed) !== splitSeed) continue;
    const base = baseName(run);
    const models = run.members ?? run.replicates ?? [{ seed: runSeed(run, splitSeed), bestEpoch: run.bestEpoch ?? NaN, seconds: run.seconds, budgets: run.budgets }];
    for (const m of models) put(singles, singleOf[base] ?? base, run.stage1, String(m.seed), m.budgets);
    if (run.members) put(ensembles, base, run.stage1, run.members.map((m) => m.seed).join('-'), run.budgets);
  }
  return { singles: [...singles.values()], ensembles: [...ensembles.values()] };
}

/** Candidate minus reference on the seeds both have: mean difference, its standard error, wins. */
export function pairedDifference(candidate: ScoreGroup, reference: ScoreGroup, fpr: number, key: keyof OperatingPoint) {
  const seeds = [...candidate.scores.keys()].filter((s) => reference.scores.has(s));
  const d = seeds.map((s) => budgetScore(candidate.scores.get(s)!, fpr)[key] - budgetScore(reference.scores.get(s)!, fpr)[key]);
  if (d.length < 2) return undefined;
  const s = stats(d);
  return { n: d.length, mean: s.mean, se: s.sd / Math.sqrt(d.length), wins: d.filter((x) => x > 0).length };
}

/** The `npm run select` command line that writes this file. */
export function reproduceCommand(run: SelectionRun, defaultSeed: number): string {
  const args = ['--candidates', baseName(run)];
  const seed = runSeed(run, defaultSeed);
  if (seed !== defaultSeed) args.push('--seed', String(seed));
  if (run.name.includes('@members')) args.push('--member-seeds', (run.memberSeeds ?? []).join(','));
  else if (run.replicates && run.replicates.length > 1) args.push('--replicates', String(run.replicates.length));
  return `npm run select -- ${args.join(' ')}`;
}

export interface SeedNoiseOptions {
  /** The budgets scored (FPR_BUDGETS). */
  budgets: number[];
  /** The default seed (split and first stage 1 seed). */
  splitSeed: number;
  singleOf: Readonly<Record<string, string>>;
  /** The chosen candidate and budget (from the table of the original candidates). */
  winner: { name: string; fpr: number };
  /** The best row of another candidate in that table. */
  runnerUp: { name: string; fpr: number; criterion: number };
  /** Stage 1 settings of the shipped training (DEFAULT_TRAIN_CONFIG.stage1). */
  shippedStage1: Record<string, unknown>;
}

const f4 = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(4));
const signed = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(4);
const sameSettings = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

/** The "Seed noise" section of reports/SELECTION.md. */
export function seedNoiseSection(runs: readonly SelectionRun[], o: SeedNoiseOptions): string {
  const { singles, ensembles } = groupBySettings(runs, o.splitSeed, o.singleOf);
  const winner = singles.find((g) => g.name === o.winner.name);
  if (!winner) throw new Error(`no runs of ${o.winner.name}`);
  const criteria = (g: ScoreGroup, fpr: number) => [...g.scores.values()].map((b) => budgetScore(b, fpr).criterion);
  const at = (g: ScoreGroup) => stats(criteria(g, o.winner.fpr));
  const winnerScore = budgetScore(winner.scores.get(String(o.splitSeed))!, o.winner.fpr).criterion;
  const rankOf = (g: ScoreGroup) => 1 + criteria(g, o.winner.fpr).filter((c) => c > winnerScore).length;
  const place = (g: ScoreGroup) => (rankOf(g) === 1 ? `the best of the ${g.scores.size}` : `number ${rankOf(g)} of the ${g.scores.size}`);
  const replicated = singles.filter((g) => g.scores.size > 1);
  const once = singles.filter((g) => g.scores.size === 1).map((g) => g.name);
  const shipped = singles.find((g) => sameSettings(g.stage1, o.shippedStage1));
  const sds = replicated.map((g) => at(g).sd);
  const ws = at(winner);
  const otherSplits = runs.filter((r) => (r.seed ?? o.splitSeed) !== o.splitSeed);

  const lines: string[] = [];
  lines.push('## Seed noise (how far to trust this choice)', '');
  const first = runs.filter((r) => r.seed === undefined).map((r) => r.name);
  lines.push(
    `Each candidate in the table above is one stage 1 model (seed ${o.splitSeed}). The runs below train stage 1 alone (the rows, split and preprocessor`,
    `of trainModelSet) with other stage 1 seeds, which change its initialisation, shuffling and synthetic sample, on the seed-${o.splitSeed} split`,
    `unless \`--seed\` changes the split too. Ensembles average the probabilities of their members and are scored for selection only`,
    '(the shipped model format has one stage 1).',
  );
  if (first.length)
    lines.push(
      `${first.map((n) => n + '.json').join(', ')} were written by the first version of select`,
      `(stage 1 through trainModelSet); the present one gives the same scores for seed ${o.splitSeed} (checked for ${o.winner.name}).`,
    );
  lines.push('');
  lines.push(
    `- The winner's **${f4(winnerScore)}** (${o.winner.name}, budget ${o.winner.fpr}) is ${place(winner)} stage 1 seeds tried with its settings:`,
    `  mean ${f4(ws.mean)} ± ${f4(ws.sd)} (sd), range ${f4(ws.min)}–${f4(ws.max)}.`,
    `- Seed-to-seed sd of the criterion at ${o.winner.fpr}: ${f4(Math.min(...sds))}–${f4(Math.max(...sds))} (single models, each settings group below),`,
    `  against a lead of ${f4(winnerScore - o.runnerUp.criterion)} over the next candidate in the table above at the budget alone (${o.runnerUp.name} at ${o.runnerUp.fpr}, ${f4(o.runnerUp.criterion)}).`,
  );
  const selectPatience = winner.stage1.patience;
  if (shipped && selectPatience !== o.shippedStage1.patience) {
    const ss = at(shipped);
    lines.push(
      `- \`npm run select\` trains stage 1 with patience ${selectPatience} (stop after an epoch without a lower validation loss, held-out rows`,
      `  included, and keep the best epoch), the shipped training with patience ${o.shippedStage1.patience} (all ${o.shippedStage1.epochs} epochs, last weights):`,
      `  ${shipped.name} is the shipped stage 1's settings. With them the criterion at ${o.winner.fpr} is`,
      `  ${f4(ss.mean)} ± ${f4(ss.sd)} over ${ss.n} seeds (range ${f4(ss.min)}–${f4(ss.max)}; ${f4(winnerScore)} is ${place(shipped)}), against ${f4(ws.mean)} ± ${f4(ws.sd)} with patience ${selectPatience}.`,
    );
  }
  if (once.length) lines.push(`- Trained with seed ${o.splitSeed} only: ${once.join(', ')}.`);
  for (const r of otherSplits) {
    const b = budgetScore(r.budgets, o.winner.fpr);
    lines.push(`- Another split and seed (${r.name}): criterion ${f4(b.criterion)} at ${o.winner.fpr} (held-out names caught ${f4(b.heldOutCaught)}).`);
  }
  lines.push('');

  lines.push(`Seed-${o.splitSeed} split; mean ± sd over stage 1 seeds (n single models, or n ensembles of disjoint seeds):`, '');
  lines.push('| candidate | FPR budget | n | held-out attack names caught | seen attack names caught | criterion | min–max criterion |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  const ordered = [winner, ...replicated.filter((g) => g !== winner)];
  for (const [g, label] of [...ordered.map((g) => [g, g.name] as const), ...ensembles.map((g) => [g, `${g.name} (ensemble)`] as const)]) {
    for (const fpr of o.budgets) {
      const of = (k: 'heldOutCaught' | 'seenCaught' | 'criterion') => stats([...g.scores.values()].map((b) => budgetScore(b, fpr)[k]));
      const [h, s, c] = [of('heldOutCaught'), of('seenCaught'), of('criterion')];
      lines.push(`| ${label} | ${fpr} | ${c.n} | ${f4(h.mean)} ± ${f4(h.sd)} | ${f4(s.mean)} ± ${f4(s.sd)} | ${f4(c.mean)} ± ${f4(c.sd)} | ${f4(c.min)}–${f4(c.max)} |`);
    }
  }
  lines.push('');

  const seeds = [...new Set(singles.flatMap((g) => [...g.scores.keys()]))].sort((a, b) => Number(a) - Number(b));
  lines.push(`Criterion at ${o.winner.fpr} per stage 1 seed (seed-${o.splitSeed} split):`, '');
  lines.push(`| candidate | ${seeds.join(' | ')} |`, `|---|${seeds.map(() => '---:').join('|')}|`);
  for (const g of ordered) lines.push(`| ${g.name} | ${seeds.map((s) => (g.scores.has(s) ? f4(budgetScore(g.scores.get(s)!, o.winner.fpr).criterion) : '')).join(' | ')} |`);
  lines.push('');

  const paired = ordered.filter((g) => g !== winner).flatMap((g) =>
    o.budgets.flatMap((fpr) => {
      const h = pairedDifference(g, winner, fpr, 'heldOutCaught');
      const c = pairedDifference(g, winner, fpr, 'criterion');
      return h && c ? [`| ${g.name} | ${fpr} | ${signed(h.mean)} ± ${f4(h.se)} (${h.wins}/${h.n}) | ${signed(c.mean)} ± ${f4(c.se)} (${c.wins}/${c.n}) |`] : [];
    }),
  );
  if (paired.length) {
    lines.push(`Paired with ${winner.name} on the same stage 1 seeds: mean difference ± standard error (seeds where the candidate is higher / n):`, '');
    lines.push('| candidate | FPR budget | Δ held-out attack names caught | Δ criterion |', '|---|---:|---:|---:|', ...paired, '');
  }

  lines.push('Reproduce this section: every file below, then `npm run select -- --report` (KDDTrain+ only; the test files are not read).', '');
  lines.push('| file (reports/selection/) | command | stage 1 seeds (best epoch) |', '|---|---|---|');
  for (const r of runs) {
    const models = r.members ?? r.replicates;
    const seedsOf = models ? models.map((m) => `${m.seed} (${m.bestEpoch})`).join(', ') : `${r.seed ?? o.splitSeed} (${r.bestEpoch ?? '?'})`;
    lines.push(`| ${r.name}.json | \`${reproduceCommand(r, o.splitSeed)}\` | ${seedsOf}${r.members ? ', ensemble' : ''} |`);
  }
  return lines.join('\n') + '\n';
}
