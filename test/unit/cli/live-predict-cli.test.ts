/**
 * `predict - --out -` as a live sensor (#25): a generated 90 s stream (scripts/lib/live-stream.ts)
 * written to the command's standard input a capture second at a time, faster than real time (100 ms
 * a second: a busy machine's pauses then cost few capture seconds). Each output row is stamped with the capture time written when it arrived; the bounds:
 * the flood and the scan reported ≤ 10 s of capture time after they start (plus 3 s for the pipe
 * and the scoring), finished web connections out ≤ 10 s (+3) after they end, the last connections
 * out while standard input stays open and silent (the wall clock runs the timers), and SIGINT then
 * writes every record and the summary, status 0. Then --interim on the same stream as a file: the SSH
 * session seen while it lasts, the other rows unchanged.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LIVE_STREAM_START, liveStream } from '../../../scripts/lib/live-stream';

const root = resolve(import.meta.dirname, '../../..');
const SECONDS = 90;
/** Capture time the pipe, the batching and the scoring may add to the extraction's own bound. */
const SLACK = 3;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface Row {
  fields: string[];
  /** Capture time written when the row arrived (Infinity: after the stream's last second). */
  writtenAt: number;
  wallMs: number;
}

describe('predict - --out -: a live stream', () => {
  it('rows come out seconds after their connections end, on a quiet link too; SIGINT writes the rest and the summary', async () => {
    const stream = liveStream(SECONDS);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', '-', '--out', '-'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const rows: Row[] = [];
    let header = '';
    let written = -Infinity;
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (header === '') header = line;
        else rows.push({ fields: line.split(','), writtenAt: written, wallMs: Date.now() });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((ok) => child.on('close', ok));
    const write = (bytes: Uint8Array) => new Promise<void>((ok) => child.stdin.write(bytes, () => ok()));

    await write(stream.pcap.subarray(0, stream.secondOffsets[0]));
    let k = 0;
    // Until the first row: the command has loaded its models and reads as the stream comes.
    const ready = Date.now();
    while (rows.length === 0 && Date.now() - ready < 60_000) {
      if (k < 20) {
        written = LIVE_STREAM_START + k + 1;
        await write(stream.pcap.subarray(stream.secondOffsets[k], stream.secondOffsets[k + 1]));
        k++;
      }
      await sleep(50);
    }
    expect(rows.length, stderr).toBeGreaterThan(0);
    const readyAt = written;
    for (; k < SECONDS; k++) {
      written = LIVE_STREAM_START + k + 1;
      await write(stream.pcap.subarray(stream.secondOffsets[k], stream.secondOffsets[k + 1]));
      await sleep(100);
    }
    const lastWritten = written;
    const quietFrom = Date.now();
    written = Infinity;
    // The last web request ends 0.36 s into the last second: out once 5 s close delay + 2 s link delay have passed.
    const lastWeb = String(40000 + SECONDS - 2);
    while (!rows.some((r) => r.fields[8] === lastWeb) && Date.now() - quietFrom < 20_000) await sleep(100);
    const lastWebRow = rows.find((r) => r.fields[8] === lastWeb);
    expect(lastWebRow, 'the last web request goes out while the input stays open').toBeDefined();
    const quietWallSeconds = (lastWebRow!.wallMs - quietFrom) / 1000;
    expect(quietWallSeconds).toBeGreaterThan(3);
    expect(quietWallSeconds).toBeLessThan(12);

    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(header).toBe('row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p');
    const total = 1 + (SECONDS - 1) + (SECONDS / 2 - 1) + 400 + 500;
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => Number(r.fields[0]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(stderr).toContain(`rows read ${total} = scored ${total} + rejected 0`);

    const firstOf = (pick: (f: string[]) => boolean) => Math.min(...rows.filter((r) => pick(r.fields)).map((r) => r.writtenAt));
    expect(firstOf((f) => f[9] === stream.floodVictim) - stream.floodStart).toBeLessThanOrEqual(10 + SLACK);
    expect(firstOf((f) => f[7] === stream.scanner) - stream.scanStart).toBeLessThanOrEqual(10 + SLACK);
    // The flood and the scan are flagged as they come out.
    const flood = rows.filter((r) => r.fields[9] === stream.floodVictim);
    expect(flood.filter((r) => r.fields[1] === '1').length / flood.length).toBeGreaterThan(0.9);

    // Web requests (port 443) that ended once the command was reading as the stream came, and at least
    // 10 s before the stream's last second: out ≤ 10 s (+ slack) after.
    const web = rows.filter((r) => r.fields[10] === '443' && Number(r.fields[6]) >= readyAt && Number(r.fields[6]) + 0.2 <= lastWritten - 10 - SLACK);
    expect(web.length).toBeGreaterThan(SECONDS - 40);
    const lags = web.map((r) => r.writtenAt - (Number(r.fields[6]) + 0.16));
    expect(Math.max(...lags)).toBeLessThanOrEqual(10 + SLACK);
  }, 120_000);

  it('--interim 30: the open SSH session is written as it stands at 30, 60 and 90 s of duration (row empty, interim 1); every other row as without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tal-interim-'));
    const capture = join(dir, 'live.pcap');
    writeFileSync(capture, liveStream(120).pcap);
    const run = promisify(execFile);
    const predict = (extra: string[], out: string) => run(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', capture, '--out', out, ...extra], { cwd: root });
    const [plain, interim] = [join(dir, 'plain.csv'), join(dir, 'interim.csv')];
    const [a, b] = await Promise.all([predict([], plain), predict(['--interim', '30'], interim)]);
    expect(b.stderr).toBe(a.stderr);
    const lines = readFileSync(interim, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p,interim');
    const interimRows = lines.slice(1).filter((l) => l.endsWith(',1'));
    expect(interimRows).toHaveLength(3);
    for (const row of interimRows) {
      const f = row.split(',');
      expect(f[0]).toBe('');
      expect([f[8], f[10]]).toEqual(['50022', '22']);
    }
    // The session's own row comes after its interim rows.
    const sshRow = lines.findIndex((l) => l.split(',')[8] === '50022' && l.endsWith(',0'));
    expect(sshRow).toBeGreaterThan(lines.lastIndexOf(interimRows[2]));
    const finals = lines.slice(1).filter((l) => l.endsWith(',0')).map((l) => l.slice(0, -2));
    expect(['row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p', ...finals].join('\n') + '\n').toBe(readFileSync(plain, 'utf8'));
  }, 60_000);
});
