/**
 * What `npm run predict` and `npm run extract` share: the input (a file, or `-` for standard input,
 * with its format found from the first bytes), the output (a file, or `-` for standard output,
 * written with back-pressure), and leaving no output behind when the input cannot be read.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { sourceFor, type IngestInput, type RecordSource } from '../../src/lib/ingest';
import { inputHead } from '../../src/lib/ingest/input-head';

export interface CliInput {
  input: IngestInput;
  source: RecordSource;
  totalBytes: number;
  /** Standard input: hand records on as they complete. */
  live: boolean;
}

export async function openCliInput(arg: string): Promise<CliInput> {
  const fromStdin = arg === '-';
  const { head, input } = await inputHead(fromStdin ? process.stdin : createReadStream(resolve(arg)));
  return { input, source: sourceFor(head), totalBytes: fromStdin ? 0 : statSync(resolve(arg)).size, live: fromStdin };
}

export class CliOutput {
  private readonly path: string | null;
  private readonly out: Writable;

  constructor(arg: string) {
    this.path = arg === '-' ? null : resolve(arg);
    this.out = this.path === null ? process.stdout : createWriteStream(this.path);
  }

  /** Writes `text`, waiting while the output's buffer is full. */
  async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.path === null) return;
    this.out.end();
    await once(this.out, 'finish');
  }

  /** The input could not be read: no partial file is left (a header alone would look like "no rows"). */
  abandon(): void {
    if (this.path === null) return;
    this.out.destroy();
    rmSync(this.path, { force: true });
  }
}

/** Runs a command's body; on failure removes its output, prints `error: …` and exits with 1. */
export async function runWithOutput(output: CliOutput, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    output.abandon();
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
}
