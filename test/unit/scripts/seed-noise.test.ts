import { describe, expect, it } from 'vitest';
import { groupBySettings, pairedDifference, reproduceCommand, seedNoiseSection, stats, type BudgetScore, type SelectionRun } from '../../../scripts/lib/seed-noise';

const score = (fpr: number, criterion: number, heldOutCaught = criterion): BudgetScore => ({ fpr, threshold: 0.5, normalPassed: 1 - fpr, seenCaught: criterion, heldOutCaught, criterion });
const scores = (c: number) => [score(0.01, c - 0.1), score(0.02, c)];
const s1 = (patience: number, extra: Record<string, unknown> = {}) => ({ epochs: 4, patience, syntheticAnomalies: 0.5, ...extra });
const model = (seed: number, c: number) => ({ seed, bestEpoch: 4, seconds: 1, budgets: scores(c) });
const run = (name: string, stage1: Record<string, unknown>, c: number, more: Partial<SelectionRun> = {}): SelectionRun => ({ name, holdOut: ['smurf'], stage1, seconds: 1, budgets: scores(c), ...more });

// The winner's first file (no seed field), its replicates through an ensemble, a patience-0 variant, another split.
const runs: SelectionRun[] = [
  run('ens', s1(1), 0.75, { seed: 42, members: [model(42, 0.9), model(1042, 0.5), model(2042, 0.7)] }),
  run('win', s1(1), 0.9),
  run('win+p0', s1(0), 0.9, { seed: 42, memberSeeds: [42, 1042], name: 'win+p0@members42-1042', replicates: [model(42, 0.9), model(1042, 0.8)] }),
  run('win@seed43', s1(1), 0.6, { seed: 43, memberSeeds: [43] }),
  run('other', s1(1, { dropout: 0.5 }), 0.5, { seed: 42, memberSeeds: [42, 1042, 2042], replicates: [model(42, 0.5), model(1042, 0.6), model(2042, 0.95)] }),
];
const options = { budgets: [0.01, 0.02], splitSeed: 42, singleOf: { ens: 'win' }, winner: { name: 'win', fpr: 0.02 }, runnerUp: { name: 'other', fpr: 0.02, criterion: 0.85 }, shippedStage1: s1(0) };

describe('seed noise', () => {
  it('mean, sample sd, range', () => {
    const s = stats([1, 2, 3, 6]);
    expect(s).toMatchObject({ n: 4, mean: 3, min: 1, max: 6 });
    expect(s.sd).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(stats([0.5]).sd).toBeNaN();
  });

  it('groups models by settings on one split; ensemble members join their single-model settings', () => {
    const { singles, ensembles } = groupBySettings(runs, 42, { ens: 'win' });
    const win = singles.find((g) => g.name === 'win')!;
    expect([...win.scores.keys()].sort()).toEqual(['1042', '2042', '42']);
    expect(singles.map((g) => g.name).sort()).toEqual(['other', 'win', 'win+p0']);
    expect(ensembles.map((g) => [g.name, [...g.scores.keys()]])).toEqual([['ens', ['42-1042-2042']]]);
  });

  it('refuses two different scores for the same settings and seed', () => {
    const clash = run('win', s1(1), 0.8, { seed: 42, name: 'win@members42', memberSeeds: [42] });
    expect(() => groupBySettings([...runs, clash], 42, { ens: 'win' })).toThrow(/disagree/);
  });

  it('pairs on the seeds both groups have', () => {
    const { singles } = groupBySettings(runs, 42, { ens: 'win' });
    const [win, other] = ['win', 'other'].map((n) => singles.find((g) => g.name === n)!);
    const d = pairedDifference(other, win, 0.02, 'criterion')!;
    // differences: 0.5-0.9, 0.6-0.5, 0.95-0.7
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo((-0.4 + 0.1 + 0.25) / 3, 12);
    expect(d.wins).toBe(2);
    expect(d.se).toBeCloseTo(stats([-0.4, 0.1, 0.25]).sd / Math.sqrt(3), 12);
  });

  it('writes the command that reproduces each file', () => {
    expect(reproduceCommand(runs[0], 42)).toBe('npm run select -- --candidates ens');
    expect(reproduceCommand(runs[1], 42)).toBe('npm run select -- --candidates win');
    expect(reproduceCommand(runs[2], 42)).toBe('npm run select -- --candidates win+p0 --member-seeds 42,1042');
    expect(reproduceCommand(runs[3], 42)).toBe('npm run select -- --candidates win --seed 43');
    expect(reproduceCommand(runs[4], 42)).toBe('npm run select -- --candidates other --replicates 3');
  });

  it('says where the winner ranks among its seeds and under the shipped patience', () => {
    const md = seedNoiseSection(runs, options);
    expect(md).toMatch(/^## Seed noise \(how far to trust this choice\)/);
    expect(md).toContain("The winner's **0.9000** (win, budget 0.02) is the best of the 3 stage 1 seeds");
    expect(md).toContain('mean 0.7000 ± 0.2000 (sd), range 0.5000–0.9000');
    expect(md).toContain('patience 1');
    expect(md).toContain('win+p0 is the shipped stage 1');
    expect(md).toContain('Another split and seed (win@seed43): criterion 0.6000');
    expect(md).toContain('| ens (ensemble) | 0.02 | 1 |');
    expect(md).toContain('`npm run select -- --candidates win+p0 --member-seeds 42,1042`');
    expect(md).toContain('win.json were written by the first version of select');
    // Ranked within its own settings: other's seed 42 (0.5) is below its seeds 1042 (0.6) and 2042 (0.95).
    expect(seedNoiseSection(runs, { ...options, winner: { name: 'other', fpr: 0.02 } })).toContain('is number 3 of the 3 stage 1 seeds');
  });
});
