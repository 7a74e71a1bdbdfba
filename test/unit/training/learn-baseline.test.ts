/**
 * "Learn this network", measured by capture (Node, wasm): ../shared/captures/benign/ split by capture
 * into a learning half and a held-out half, three seeded splits. For each, a baseline is learned on
 * the learning half with the default settings (chosen on inner splits of the learning halves only,
 * scripts/learn-select.ts), and the held-out captures are scored by the pretrained and the adapted
 * models; generated attacks (SYN scan, SYN flood, FTP and telnet password guessing) inserted into
 * held-out captures must still be caught, and so must a real nmap SYN scan. Also: the version file round-trips through the export,
 * progress and cancel work, the pretrained bundle is left untouched and no tensors leak.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initTfNode } from '../../../scripts/lib/tf-node';
import { loadModelsFromDir } from '../../../scripts/lib/models-node';
import { MODELS_DIR } from '../../../scripts/lib/read-file';
import type { ModelBundle } from '../../../src/lib/models/model-bundle';
import { exportModelVersion, importModelVersion } from '../../../src/lib/models/model-export';
import { predictMatrix } from '../../../src/lib/models/predict-matrix';
import { DEFAULT_LEARN_BASELINE_SETTINGS, learnBaseline, type LearnBaselineProgress } from '../../../src/lib/training/learn-baseline';
import { ATTACK_KINDS } from '../../../scripts/lib/attack-captures';
import { BENIGN_DIR, bundleFromFiles, countFlags, describeSplit, measureSplit, readBenignCaptures, readRecords, splitByCapture, type Capture, type SplitMeasurement } from '../../../scripts/lib/baseline-measurement';

const haveCaptures = existsSync(BENIGN_DIR);
if (!haveCaptures) console.warn(`learn-baseline: ${BENIGN_DIR} is missing, the by-capture measurement is skipped`);
const SEEDS = [1, 2, 3];
const NMAP_SCAN = resolve(BENIGN_DIR, '../nmap_syn_scan.pcap');

let pretrained: ModelBundle;
let captures: Capture[];

beforeAll(async () => {
  await initTfNode('wasm');
  pretrained = await loadModelsFromDir(MODELS_DIR);
  if (haveCaptures) captures = await readBenignCaptures();
});

describe.skipIf(!haveCaptures)('learnBaseline, by capture', () => {
  const splits: SplitMeasurement[] = [];

  beforeAll(async () => {
    for (const seed of SEEDS) {
      const { learn, heldOut } = splitByCapture(captures, seed);
      // Clean baselines learned with the default settings (the attack screen on): without it, a clean
      // baseline's threshold is set by the false-positive target alone, and on split 3 it rose to
      // 0.99998 and lost every attack (0 % caught, docs/MEASUREMENTS.md).
      const m = await measureSplit(pretrained, learn, heldOut, { ...DEFAULT_LEARN_BASELINE_SETTINGS }, seed);
      console.log(describeSplit(m));
      splits.push(m);
    }
  }, 600_000);

  // Measured (docs/MEASUREMENTS.md): after learning, 1.5 %, 5.3 % and 2.7 % of the held-out benign
  // records flagged (4.0 %, 6.1 %, 4.2 % before); 97.9–100 % of the attack records caught. The issue's
  // target is 2 %: not met on two splits.
  it('flags at most 6 % of the held-out benign records after learning (stage 1, every split)', () => {
    for (const m of splits) {
      expect(m.after.stage1 / m.after.records).toBeLessThanOrEqual(0.06);
      // Learning makes the network quieter than the pretrained models leave it (they trained on 45 of
      // these 60 captures, scripts/lib/traffic-evaluation.ts, so their own figure here is optimistic).
      expect(m.after.stage1).toBeLessThan(m.before.stage1);
    }
  });

  it('still flags at least 90 % of the generated attack records inserted into held-out captures (every split)', () => {
    for (const m of splits) {
      const caught = ATTACK_KINDS.reduce((n, k) => n + m.attacks[k].after.stage1, 0);
      const all = ATTACK_KINDS.reduce((n, k) => n + m.attacks[k].after.records, 0);
      expect(all).toBeGreaterThan(1000);
      expect(caught / all).toBeGreaterThanOrEqual(0.9);
    }
  });

  // A real attack capture (nmap -sS of 1,000 ports, ../shared/captures/README.md).
  it.skipIf(!existsSync(NMAP_SCAN))('still flags at least 90 % of a real nmap SYN scan (nmap_syn_scan.pcap) after learning (every split)', async () => {
    const scan = await readRecords(new Uint8Array(readFileSync(NMAP_SCAN)));
    const isScan = (i: number) => scan.identity!.origH[i] === '192.168.1.10' && scan.identity!.respH[i] === '192.168.1.25';
    for (const m of splits) {
      const adapted = await bundleFromFiles(m.result.files);
      try {
        const c = await countFlags(adapted, scan, isScan);
        expect(c.records).toBe(1002);
        expect(c.stage1 / c.records).toBeGreaterThanOrEqual(0.9);
      } finally {
        adapted.stage1.dispose();
        adapted.stage2.dispose();
        adapted.hybrid.dispose();
      }
    }
  });

  it('names the version by its baseline and stores it in the export format', async () => {
    const r = splits[0].result;
    expect(r.info.name).toMatch(/^baseline: split-1, 30 captures, [\d,]+ records, \d{4}-\d\d-\d\d$/);
    const back = await importModelVersion(await exportModelVersion({ info: r.info, manifest: r.manifest, files: r.files }));
    expect(back.info.name).toBe(r.info.name);
    expect(back.manifest.stage1.threshold).toBe(r.after.stage1.threshold);
    expect((back.manifest.training as { baseline?: unknown }).baseline).toBeDefined();
  });
});

// A baseline that holds attacks (issue #21): the four generated attacks inserted into two learning
// captures each, as an Internet-facing network's traffic holds scans; one split (seed 1). Measured
// (npm run evaluate-learning -- --validation, shipped models, seeds 1–3): without the screen the inserted
// attacks held out go from 99–100 % to 0–12.5 % caught; with it they stay at 95–100 %.
describe.skipIf(!haveCaptures)('learnBaseline, a baseline that holds attacks', () => {
  const measured = new Map<string, SplitMeasurement>();
  beforeAll(async () => {
    const { learn, heldOut } = splitByCapture(captures, 1);
    for (const attackScreen of ['none', 'pretrained'] as const) measured.set(attackScreen, await measureSplit(pretrained, learn, heldOut, { ...DEFAULT_LEARN_BASELINE_SETTINGS, attackScreen }, 1, 2, 2));
  }, 600_000);
  const caught = (m: SplitMeasurement) => ATTACK_KINDS.reduce((n, k) => n + m.attacks[k].after.stage1, 0) / ATTACK_KINDS.reduce((n, k) => n + m.attacks[k].after.records, 0);

  it('without the screen learns the attacks as normal, and says so', () => {
    const m = measured.get('none')!;
    expect(caught(m)).toBeLessThan(0.5);
    expect(m.result.screen).toBeNull();
    const k = m.result.knownAttacks;
    expect(k.pretrainedFlagged).toBeGreaterThan(0);
    expect(k.stillFlagged / k.pretrainedFlagged).toBeLessThan(0.9);
  });

  it('with the screen (the default) still flags at least 90 % of every attack kind held out, and 90 % of the held-out screened records', () => {
    const m = measured.get('pretrained')!;
    for (const kind of ATTACK_KINDS) expect(m.attacks[kind].after.stage1 / m.attacks[kind].after.records).toBeGreaterThanOrEqual(0.9);
    expect(m.result.records.screened).toBeGreaterThan(0);
    expect(DEFAULT_LEARN_BASELINE_SETTINGS.attackScreen).toBe('pretrained');
    expect(m.result.screen!.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.result.knownAttacks.stillFlagged / m.result.knownAttacks.pretrainedFlagged).toBeGreaterThanOrEqual(0.9);
    expect(m.result.manifest.stage1.thresholdPolicy).toMatch(/held-out records the pretrained stage 1 flagged/);
  });
});

describe('learnBaseline on generated records', () => {
  it('reports progress, cancels, leaves the pretrained models as they were and leaks no tensors', async () => {
    const { syntheticRecords, toNslKddText } = await import('../../../scripts/lib/synthetic-records');
    const { readRecords } = await import('../../../src/lib/ingest/csv/csv-reader');
    const { concatBatches } = await import('../../../src/lib/ingest/record-batch');
    const batches: import('../../../src/lib/ingest/record-batch').RecordBatch[] = [];
    await readRecords(toNslKddText(syntheticRecords(400, 5)), { onBatch: (b) => void batches.push(b) });
    const batch = concatBatches(batches);
    const width = pretrained.preprocessor.featureCount;
    const x = pretrained.preprocessor.transform(batch);
    const scoresBefore = await predictMatrix(pretrained.stage1, x, batch.rowCount, width);
    const settings = { ...DEFAULT_LEARN_BASELINE_SETTINGS, epochs: 1, minProbes: 500, minSynthetic: 200 };
    const input = { bundle: pretrained, sources: [{ name: 'a.csv', batch }], name: 'generated', baseVersion: 'pretrained' };
    const tensors = tf.memory().numTensors;

    const phases: LearnBaselineProgress['phase'][] = [];
    const r = await learnBaseline(input, settings, (p) => void phases.push(p.phase));
    expect(phases).toEqual(['forest', 'teacher', 'stage1', 'thresholds']);
    expect(r.records.calibration).toBeGreaterThan(0);
    expect(r.after.stage1.falsePositiveRate).toBeLessThanOrEqual(settings.targetFpr + 1e-9);

    const controller = new AbortController();
    await expect(learnBaseline(input, settings, (p) => void (p.phase === 'teacher' && controller.abort()), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await predictMatrix(pretrained.stage1, x, batch.rowCount, width)).toEqual(scoresBefore);
  });
});
