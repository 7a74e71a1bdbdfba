/**
 * npm run learn-select: how "learn this network" was chosen, on the learning halves only. For each of
 * the unit test's three seeded splits of ../shared/captures/benign/, the learning half is split again
 * by capture (inner split); every candidate learns on the inner learning quarter and is measured on
 * the inner held-out quarter (benign false-positive rate, generated attacks caught). The outer
 * held-out captures are never read here.
 */
import { resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR } from './lib/read-file';
import { DEFAULT_LEARN_BASELINE_SETTINGS, type LearnBaselineSettings } from '../src/lib/training/learn-baseline';
import { describeSplit, measureSplit, readBenignCaptures, splitByCapture } from './lib/baseline-measurement';
import { ATTACK_KINDS } from './lib/attack-captures';

/** The outer seeds of test/unit/training/learn-baseline.test.ts. */
export const OUTER_SEEDS = [1, 2, 3];

/**
 * Rule of round 4 (the shipped default): among candidates with pooled inner FPR ≤ 5 % and attacks caught ≥ 90 %, the one
 * catching the most password guessing (FTP and telnet pooled).
 * Round 1 (reports/LEARN-SELECTION.md): attack knowledge × calibration holdout × frozen layers; round 2: how far probes reach. */
const round1: Record<string, Partial<LearnBaselineSettings>> = Object.fromEntries(
  (['none', 'teacher-soft', 'teacher-confident', 'teacher-relative'] as const).flatMap((k) =>
    (['by-source', 'by-record'] as const).flatMap((c) =>
      (['none', 'conv'] as const).map((f) => [`${k} / ${c} / frozen ${f}`, { attackKnowledge: k, calibration: c, frozen: f }]),
    ),
  ),
);
const round2: Record<string, Partial<LearnBaselineSettings>> = Object.fromEntries(
  (['teacher-soft', 'teacher-confident'] as const).flatMap((k) =>
    ([3, 8, 16] as const).map((n) => [`round 2: ${k} / by-source / frozen conv / probes change ≤ ${n}`, { attackKnowledge: k, calibration: 'by-source', frozen: 'conv', probeMaxChanges: n, minProbes: 8000 }]),
  ),
);
// Round 4: grouped probes with 1–3 content columns always changed (login and shell columns only), traffic columns with p 0.15.
const round4: Record<string, Partial<LearnBaselineSettings>> = Object.fromEntries(
  ([[0.5, 'threshold', 1], [0.5, 'threshold', 4], [0.5, 0.5, 4], [0.25, 'threshold', 4]] as const).map(([g, conf, weight]) => [
    `round 4: grouped probes ${g}, forced content, p ≥ ${conf}, weight ${weight}`,
    { attackKnowledge: 'teacher-confident', calibration: 'by-source', frozen: 'conv', probeMaxChanges: 16, minProbes: 8000, probeGroupShare: g, probeGroupServices: 'content', probeGroupConfidence: conf, probeGroupColumnShare: 0.15, probeGroupWeight: weight },
  ]),
);
// Round 3 (before the forced content columns: its figures in the README come from that code): grouped probes (service and flag with content columns and traffic counts), on the round-2 default.
const round3: Record<string, Partial<LearnBaselineSettings>> = Object.fromEntries(
  ([[0, 'content', 0.9, 0.5], [0.5, 'any', 0.9, 0.5], [0.25, 'content', 0.9, 0.5], [0.5, 'content', 0.9, 0.5], [0.25, 'content', 0.5, 0.5], [0.25, 'content', 'threshold', 0.5], [0.25, 'content', 0.5, 0.15], [0.25, 'content', 'threshold', 0.15]] as const).map(([g, services, conf, col]) => [
    `round 3: teacher-confident / ≤ 16 changes / grouped probes ${g} (${services} services, p ≥ ${conf}, columns ${col})`,
    { attackKnowledge: 'teacher-confident', calibration: 'by-source', frozen: 'conv', probeMaxChanges: 16, minProbes: 8000, probeGroupShare: g, probeGroupServices: services, probeGroupConfidence: conf, probeGroupColumnShare: col },
  ]),
);
// Round 5, on fresh inner splits (inner seeds 200 + outer; rounds 1-4 used 100 + outer, and round 4's
// pick was checked once on the outer held-out halves): spread copies of completed exchanges as normal
// (benign-spread.ts) and content-only grouped probes (service and login columns, no flag or traffic change).
const grouped = { probeGroupShare: 0.25, probeGroupServices: 'content', probeGroupConfidence: 'threshold', probeGroupColumnShare: 0.15, probeGroupWeight: 4, probeGroupContentOnly: true } as const;
const round5: Record<string, Partial<LearnBaselineSettings>> = {
  'round 5: default': {},
  'round 5: spread 1': { spreadRatio: 1 },
  'round 5: spread 2': { spreadRatio: 2 },
  'round 5: content-only grouped 0.25': grouped,
  'round 5: spread 1 + content-only grouped 0.25': { spreadRatio: 1, ...grouped },
  'round 5: content-only grouped 0.5': { ...grouped, probeGroupShare: 0.5 },
  'round 5: content-only grouped 0.25 weight 8': { ...grouped, probeGroupWeight: 8 },
  'round 5: content-only grouped 0.25, calibration 35 %': { ...grouped, calibrationFraction: 0.35 },
};
// Round 6, same inner splits as round 5, on round 5's pick (the defaults now): thresholds from
// cross-fitting by capture (3 or 4 folds), final models learned on every capture.
const round6: Record<string, Partial<LearnBaselineSettings>> = {
  'round 6: cross-fit 3 folds': { calibration: 'cross-fit', crossFitFolds: 3 },
  'round 6: cross-fit 4 folds': { calibration: 'cross-fit', crossFitFolds: 4 },
};
const candidates = { ...round1, ...round2, ...round3, ...round4, ...round5, ...round6 };
/** The defaults rounds 1–5 changed from (before round 5's and 6's picks became the defaults), so their figures reproduce. */
const BEFORE_ROUND_6: Partial<LearnBaselineSettings> = { calibration: 'by-source', calibrationFraction: 0.25, probeGroupShare: 0, probeGroupContentOnly: false };
/** Inner split seed of a candidate: round 5 on fresh inner splits. */
const innerSeed = (label: string, outer: number) => (/^round [56]/.test(label) ? 200 : 100) + outer;

await initTfNode('wasm');
const pretrained = await loadModelsFromDir(MODELS_DIR);
// From the repository root (the bundle in dist-cli/ would resolve the fixture's own path one level too high).
const captures = await readBenignCaptures(resolve(process.cwd(), '../shared/captures/benign'));
const only = process.argv.slice(2);
const summary: string[] = [];
for (const [label, change] of Object.entries(candidates)) {
  if (only.length > 0 && !only.some((o) => label.includes(o))) continue;
  const settings = { ...DEFAULT_LEARN_BASELINE_SETTINGS, ...(label.startsWith('round 6') ? {} : BEFORE_ROUND_6), ...change };
  let fp = 0, benign = 0, caught = 0, attacks = 0, worstKind = 1, guessCaught = 0, guesses = 0;
  for (const outer of OUTER_SEEDS) {
    const { learn } = splitByCapture(captures, outer);
    const inner = splitByCapture(learn, innerSeed(label, outer));
    const m = await measureSplit(pretrained, inner.learn, inner.heldOut, settings, innerSeed(label, outer));
    console.log(`${label}: ${describeSplit(m)}`);
    fp += m.after.stage1;
    benign += m.after.records;
    for (const k of ATTACK_KINDS) {
      caught += m.attacks[k].after.stage1;
      attacks += m.attacks[k].after.records;
      worstKind = Math.min(worstKind, m.attacks[k].after.stage1 / m.attacks[k].after.records);
      if (k.endsWith('-guessing')) {
        guessCaught += m.attacks[k].after.stage1;
        guesses += m.attacks[k].after.records;
      }
    }
  }
  summary.push(`${label.padEnd(32)} inner held-out FPR ${((100 * fp) / benign).toFixed(1)} %, attacks caught ${((100 * caught) / attacks).toFixed(1)} %, worst kind ${(100 * worstKind).toFixed(1)} %, password guessing caught ${((100 * guessCaught) / guesses).toFixed(1)} %`);
}
console.log(summary.join('\n'));
