/**
 * Capture extraction throughput in Node, stage by stage, over a capture file read in 1 MiB chunks as
 * the worker reads a File:
 *  - reader: CaptureReader alone (bytes → datagrams);
 *  - + connections: and ConnectionTracker (datagrams → connections, placed in start order, out when over);
 *  - + features: CaptureExtraction (and TrafficWindows: records with their 41 features);
 *  - readInput: the seam as the worker calls it (adds RecordBatches through RecordParser).
 * Memory: process RSS and JS heap + array buffers, sampled every 50 ms, peaks per stage.
 * Run alone: `npx tsx scripts/lib/bench-capture.ts [MB] [mixed|small]` (generates a capture in the temp
 * folder, deletes it after), or `… --file F [--stages reader,features] [--json]`; npm run bench uses it.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectionTracker } from '../../src/lib/ingest/connections/connection-tracker';
import { readInput } from '../../src/lib/ingest/index';
import { CaptureReader } from '../../src/lib/ingest/pcap/capture-reader';
import { CaptureExtraction } from '../../src/lib/ingest/pcap/capture-source';
import { writeGeneratedCapture, type CaptureMix, type GeneratedCapture } from './generated-capture';

export type CaptureStage = 'reader' | 'connections' | 'features' | 'readInput';
export const CAPTURE_STAGES: readonly CaptureStage[] = ['reader', 'connections', 'features', 'readInput'];
export const CAPTURE_STAGE_LABELS: Record<CaptureStage, string> = {
  reader: 'reader (CaptureReader)',
  connections: '+ connections (ConnectionTracker)',
  features: '+ features (CaptureExtraction)',
  readInput: 'readInput (+ RecordBatches)',
};

export interface CaptureStageResult {
  stage: CaptureStage;
  seconds: number;
  /** CPU time of this process over the stage (user + system; GC threads included), for runs on a busy machine. */
  cpuSeconds: number;
  bytes: number;
  packets: number;
  records: number;
  peakRss: number;
  peakHeap: number;
}

const CHUNK = 1 << 20;

function memorySampler() {
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed + m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 50);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

async function pushFile(file: string, push: (chunk: Uint8Array) => void): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    push(chunk);
    bytes += chunk.length;
  }
  return bytes;
}

export async function runCaptureStage(stage: CaptureStage, file: string): Promise<CaptureStageResult> {
  (globalThis as { gc?: () => void }).gc?.();
  const stop = memorySampler();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let packets = 0;
  let records = 0;
  if (stage === 'reader' || stage === 'connections') {
    const tracker = new ConnectionTracker({ onConnection: () => records++ });
    const reader = new CaptureReader({ onPacket: stage === 'reader' ? () => {} : (p) => tracker.push(p) });
    bytes = await pushFile(file, (c) => reader.push(c));
    packets = reader.finish().framesRead;
    tracker.finish();
  } else if (stage === 'features') {
    const extraction = new CaptureExtraction(() => records++);
    bytes = await pushFile(file, (c) => extraction.push(c));
    packets = extraction.finish().capture.framesRead;
  } else {
    const summary = await readInput(createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>, {
      onBatch: () => {},
      onProgress: (p) => (bytes = p.bytesRead),
    });
    packets = summary.capture?.packetsRead ?? 0;
    records = summary.rowsRead;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = stop();
  return { stage, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, packets, records, peakRss: peak.rss, peakHeap: peak.heap };
}

export function captureStageRow(r: CaptureStageResult): string[] {
  return [
    CAPTURE_STAGE_LABELS[r.stage],
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    (r.bytes / 1e6 / r.seconds).toFixed(0),
    (r.packets / r.seconds / 1e6).toFixed(2),
    Math.round(r.records / r.seconds).toLocaleString('en-US'),
    (r.peakRss / 1e6).toFixed(0),
    (r.peakHeap / 1e6).toFixed(0),
  ];
}

export const CAPTURE_STAGE_HEADER = ['stage', 's', 'CPU s', 'MB/s', 'M packets/s', 'records/s', 'peak RSS MB', 'peak heap MB'];

/** Generates a capture of `megabytes` MB in `dir`. */
export async function generateCapture(dir: string, megabytes: number, mix: CaptureMix): Promise<{ file: string } & GeneratedCapture> {
  const file = path.join(dir, `generated-${mix}-${megabytes}mb.pcap`);
  return { file, ...(await writeGeneratedCapture(file, megabytes * 1e6, mix)) };
}

/**
 * The stages in a fresh Node process (so peak RSS is the extraction's own, not the caller's): one JSON
 * line per stage from `bench-capture.ts --file F --json`.
 */
export function runCaptureStagesInChild(file: string, stages: readonly CaptureStage[] = CAPTURE_STAGES): CaptureStageResult[] {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--file', file, '--stages', stages.join(','), '--json'], {
    cwd: path.resolve(path.dirname(script), '../..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CaptureStageResult);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const stages = (option('--stages')?.split(',') as CaptureStage[] | undefined) ?? CAPTURE_STAGES;
  const json = args.includes('--json');
  const given = option('--file');
  const dir = given ? null : mkdtempSync(path.join(os.tmpdir(), 'tal-capture-'));
  try {
    let file = given!;
    if (dir) {
      const megabytes = Number(args[0] ?? 1024);
      const mix = (args[1] ?? 'mixed') as CaptureMix;
      const t0 = performance.now();
      const g = await generateCapture(dir, megabytes, mix);
      file = g.file;
      console.log(
        `${mix}: ${(g.bytes / 1e6).toFixed(0)} MB, ${g.frames.toLocaleString('en-US')} packets, ${g.expectedRecords.toLocaleString('en-US')} records expected (written in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
    if (!json) console.log(CAPTURE_STAGE_HEADER.join('\t'));
    for (const stage of stages) {
      const r = await runCaptureStage(stage, file);
      console.log(json ? JSON.stringify(r) : captureStageRow(r).join('\t'));
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
