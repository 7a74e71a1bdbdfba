/**
 * `npm run learn` and `npm run predict -- --model` as a sensor runs them (child processes): a baseline
 * learned from four small benign captures is written in the library's export format, and predicting
 * with it on a fifth capture scores with the version, at its own threshold.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importModelVersion } from '../../../src/lib/models/model-export';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const benign = resolve(root, '../shared/captures/benign');
const dir = mkdtempSync(join(tmpdir(), 'tal-learn-'));
const LEARN = ['whatsapp.pcap', 'dnscrypt-v1-and-resolver-pings.pcap', 'KakaoTalk_chat.pcap', 'iphone.pcap'].map((f) => join(benign, f));
const HELD_OUT = join(benign, 'android.pcap');
const present = [...LEARN, HELD_OUT].every((f) => existsSync(f));
if (!present) console.warn(`learn-cli: skipped, the benign captures are not in ${benign}`);

const tsx = (script: string, args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, maxBuffer: 64 << 20 });

/** Share of output rows whose anomaly column is 1, and each row's stage 1 score. */
function flaggedShare(csv: string): { rows: number; share: number; scores: string[] } {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const columns = header.split(',');
  const [anomaly, score] = [columns.indexOf('anomaly'), columns.indexOf('score')];
  const fields = lines.map((l) => l.split(','));
  const flagged = fields.filter((f) => f[anomaly] === '1').length;
  return { rows: lines.length, share: flagged / lines.length, scores: fields.map((f) => f[score]) };
}

describe.skipIf(!present)('npm run learn, then npm run predict --model', () => {
  const version = join(dir, 'lan.json');

  it('learns a baseline from captures and writes a version the library imports', async () => {
    const { stderr } = await tsx('scripts/learn.ts', [...LEARN, '--out', version, '--name', 'cli-lan', '--no-attack-screen']);
    expect(stderr).toMatch(/thresholds cross-fitted on 4 folds of captures/);
    expect(stderr).toMatch(/stage1: held-out baseline flagged [\d.]+ % before → [\d.]+ % after/);
    const imported = await importModelVersion(new Uint8Array(readFileSync(version)));
    expect(imported.info.name).toMatch(/^baseline: cli-lan, 4 captures, [\d,]+ records, \d{4}-\d\d-\d\d$/);
    expect((imported.manifest.training as { baseline?: { calibration?: { kind: string } } }).baseline?.calibration?.kind).toBe('cross-fit');
  }, 300_000);

  it('predicts with it: same rows, its own scores, the held-out capture within the benign target', async () => {
    const pretrainedOut = join(dir, 'pretrained.csv');
    const learnedOut = join(dir, 'learned.csv');
    await tsx('scripts/predict.ts', [HELD_OUT, '--out', pretrainedOut]);
    await tsx('scripts/predict.ts', [HELD_OUT, '--model', version, '--out', learnedOut]);
    const before = flaggedShare(readFileSync(pretrainedOut, 'utf8'));
    const after = flaggedShare(readFileSync(learnedOut, 'utf8'));
    expect(after.rows).toBe(before.rows);
    // The version is what scored: its stage 1 scores are not the pretrained ones.
    expect(after.scores).not.toEqual(before.scores);
    // The shipped models, trained with modern benign captures, flag little of android.pcap (held out of
    // their training): 3.0 %. A baseline of four other apps' captures keeps it within the issue's
    // benign target (measured 4.5 %); it is too small a baseline to make android quieter still.
    expect(before.share).toBeGreaterThan(0);
    expect(after.share).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it('refuses a version file that is not one, naming it', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"not": "a version"}');
    const failure = await tsx('scripts/predict.ts', [HELD_OUT, '--model', broken, '--out', join(dir, 'x.csv')]).then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toMatch(/broken\.json|version/i);
  }, 60_000);
});
