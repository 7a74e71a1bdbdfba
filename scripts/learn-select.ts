/**
 * npm run learn-select: how "learn this network" was chosen, on the learning halves only. For each of
 * the unit test's three seeded splits of ../shared/captures/benign/, the learning half is split again
 * by capture (inner split); every candidate learns on the inner learning quarter and is measured on
 * the inner held-out quarter (benign false-positive rate, generated attacks caught). The outer
 * held-out captures are never read here.
 */
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { MODELS_DIR } from './lib/read-file';
import { DEFAULT_LEARN_BASELINE_SETTINGS, type LearnBaselineSettings } from '../src/lib/training/learn-baseline';
import { describeSplit, measureSplit, readBenignCaptures, splitByCapture } from '../test/fixtures/baseline-measurement';
import { ATTACK_KINDS } from '../test/fixtures/attack-captures';

/** The outer seeds of test/unit/training/learn-baseline.test.ts. */
export const OUTER_SEEDS = [1, 2, 3];

/** Round 1 (reports/LEARN-SELECTION.md): attack knowledge × calibration holdout × frozen layers; round 2: how far probes reach. */
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
const candidates = { ...round1, ...round2 };

await initTfNode('wasm');
const pretrained = await loadModelsFromDir(MODELS_DIR);
const captures = await readBenignCaptures();
const only = process.argv.slice(2);
const summary: string[] = [];
for (const [label, change] of Object.entries(candidates)) {
  if (only.length > 0 && !only.some((o) => label.includes(o))) continue;
  const settings = { ...DEFAULT_LEARN_BASELINE_SETTINGS, ...change };
  let fp = 0, benign = 0, caught = 0, attacks = 0, worstKind = 1;
  for (const outer of OUTER_SEEDS) {
    const { learn } = splitByCapture(captures, outer);
    const inner = splitByCapture(learn, 100 + outer);
    const m = await measureSplit(pretrained, inner.learn, inner.heldOut, settings, 100 + outer);
    console.log(`${label}: ${describeSplit(m)}`);
    fp += m.after.stage1;
    benign += m.after.records;
    for (const k of ATTACK_KINDS) {
      caught += m.attacks[k].after.stage1;
      attacks += m.attacks[k].after.records;
      worstKind = Math.min(worstKind, m.attacks[k].after.stage1 / m.attacks[k].after.records);
    }
  }
  summary.push(`${label.padEnd(32)} inner held-out FPR ${((100 * fp) / benign).toFixed(1)} %, attacks caught ${((100 * caught) / attacks).toFixed(1)} %, worst kind ${(100 * worstKind).toFixed(1)} %`);
}
console.log(summary.join('\n'));
