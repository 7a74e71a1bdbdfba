/**
 * What `npm run predict`, `extract` and `learn` share: the inputs (files, folders of captures, or `-`
 * for standard input, each format found from its first bytes), the output (a file, or `-` for standard
 * output, written with back-pressure; a reader that goes away, `| head`, ends the command quietly with
 * status 0), and the clean stop: SIGINT or SIGTERM ends the input as its end would, so the record
 * source flushes what it holds (records still open are closed as at the end of a capture), the rows
 * are written and the summary printed. A second signal stops at once.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { isBinaryHead, sourceFor, type IngestInput, type ParseSummary, type RecordSource } from '../../src/lib/ingest';
import { inputHead } from '../../src/lib/ingest/input-head';
import { SNIFF_BYTES } from '../../src/lib/ingest/sniff';
import { EXIT } from './cli-options';
import { printSummary } from './print-summary';

/** After a signal, standard input is read until it has been quiet this long (what the pipe already holds, tcpdump's last packets)… */
const STOP_QUIET_MS = 200;
/** …or for this long at most, whatever keeps coming. */
const STOP_DRAIN_MS = 2000;

/** The stop asked for by SIGINT or SIGTERM, once; a second signal exits at once (130 / 143). */
export class Stop {
  signal: 'SIGINT' | 'SIGTERM' | null = null;
  private wake!: () => void;
  /** Resolves when a stop is asked for. */
  readonly asked = new Promise<void>((ok) => (this.wake = ok));

  request(signal: 'SIGINT' | 'SIGTERM'): void {
    if (this.signal !== null) return;
    this.signal = signal;
    this.wake();
  }
}

export function stopOnSignals(): Stop {
  const stop = new Stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stop.signal !== null) process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
      stop.request(signal);
    });
  }
  return stop;
}

const TIMEOUT = Symbol('timeout');
const ASKED = Symbol('asked');
const after = (ms: number) => new Promise<typeof TIMEOUT>((ok) => setTimeout(() => ok(TIMEOUT), ms));

/**
 * The stream's chunks until its end or a stop. A file ends at the stop (its remaining bytes are not
 * read); a stream (`drain`) still gives what it already holds: chunks until none has come for
 * STOP_QUIET_MS, at most STOP_DRAIN_MS after the stop. Either way the consumer sees an ordinary end.
 */
async function* untilStopped(stream: Readable, stop: Stop, drain: boolean, end: { cut: boolean }): AsyncGenerator<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;
  let deadline = Infinity;
  try {
    for (;;) {
      pending ??= chunks.next();
      let step: IteratorResult<Uint8Array> | typeof TIMEOUT | typeof ASKED;
      if (stop.signal === null) step = await Promise.race([pending, stop.asked.then((): typeof ASKED => ASKED)]);
      else if (!drain) {
        end.cut = true;
        break;
      } else {
        if (deadline === Infinity) deadline = Date.now() + STOP_DRAIN_MS;
        step = await Promise.race([pending, after(Math.min(STOP_QUIET_MS, deadline - Date.now()))]);
      }
      if (step === ASKED) continue;
      if (step === TIMEOUT) {
        end.cut = true;
        break;
      }
      pending = null;
      if (step.done) break;
      yield step.value;
    }
  } finally {
    stream.destroy();
  }
}

/** ReadOptions.wait for a live input: a cancellable timer. */
export function wallClockWait(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((ok) => (timer = setTimeout(ok, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface CliInput {
  /** As the command line names it (`-` for standard input). */
  name: string;
  input: IngestInput;
  source: RecordSource;
  totalBytes: number;
  /** Standard input: hand records on as they complete. */
  live: boolean;
  /** Set when a stop ended the input before its own end. */
  end: { cut: boolean };
}

export async function openCliInput(name: string, stop: Stop): Promise<CliInput> {
  const fromStdin = name === '-';
  const path = resolve(name);
  if (!fromStdin) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new Error('no such file');
    if (stat.isDirectory()) throw new Error('is a folder');
  }
  const stream = fromStdin ? process.stdin : createReadStream(path);
  const end = { cut: false };
  const { head, input } = await inputHead(untilStopped(stream, stop, fromStdin, end), isBinaryHead);
  return { name, input, source: sourceFor(head), totalBytes: fromStdin ? 0 : statSync(path).size, live: fromStdin, end };
}

/** The format of a file from its first bytes (a folder's files are chosen by it, not by their names). */
function sniffFile(path: string): RecordSource {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    return sourceFor(head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0)));
  } finally {
    closeSync(fd);
  }
}

/**
 * The inputs the operands name: a file or `-` as given, a folder as its captures and Zeek conn.logs
 * (files directly in it, by name; what else it holds is listed on stderr as not read; sub-folders are
 * not entered). Folders that give nothing are problems, named.
 */
export function expandInputs(operands: string[]): { inputs: string[]; problems: string[] } {
  const inputs: string[] = [];
  const problems: string[] = [];
  for (const operand of operands) {
    if (operand === '-' || statSync(resolve(operand), { throwIfNoEntry: false })?.isDirectory() !== true) {
      inputs.push(operand);
      continue;
    }
    const found: string[] = [];
    const other: string[] = [];
    for (const entry of readdirSync(resolve(operand), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!entry.isFile()) continue;
      const path = join(operand, entry.name);
      let format = 'csv';
      try {
        format = sniffFile(resolve(path)).format;
      } catch {
        // Unreadable: not taken, listed with the others.
      }
      (format === 'csv' ? other : found).push(path);
    }
    if (found.length === 0) problems.push(`${operand}: a folder without captures or Zeek conn.logs`);
    else if (other.length > 0) console.error(`${operand}: ${found.length} input${found.length === 1 ? '' : 's'}; not read (not a capture or conn.log): ${other.map((p) => p.slice(operand.length).replace(/^[\\/]/, '')).join(', ')}`);
    inputs.push(...found);
  }
  if (inputs.filter((i) => i === '-').length > 1) problems.push('- (standard input) is named more than once');
  return { inputs, problems };
}

export class CliOutput {
  private readonly path: string | null;
  private readonly out: Writable;

  constructor(arg: string) {
    this.path = arg === '-' ? null : resolve(arg);
    this.out = this.path === null ? process.stdout : createWriteStream(this.path);
    // The reader went away (`| head -5`): nothing more can be delivered, so the command ends as head
    // asked, quietly and with status 0, instead of "write EPIPE" (grep and tcpdump die of SIGPIPE there).
    if (this.path === null) {
      this.out.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(EXIT.ok);
        throw error;
      });
    }
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

  /** Nothing could be read: no partial file is left (a header alone would look like "no rows"). */
  abandon(): void {
    if (this.path === null) return;
    this.out.destroy();
    rmSync(this.path, { force: true });
  }
}

export interface InputsRun {
  /** Inputs read to their end (or to the stop). */
  read: number;
  /** Inputs refused, each named on stderr. */
  refused: number;
  /** A stop left a file unread to its end, or inputs unread. */
  cut: boolean;
}

/**
 * Reads each input in turn with `readOne`, printing its summary (prefixed with its name when there
 * are several). An input that cannot be opened or is refused is named (`error: NAME: reason`) and
 * skipped; the others are still read. A stop ends the input being read as its end would and leaves
 * the rest unread (named).
 */
export async function forEachInput(inputs: string[], stop: Stop, readOne: (input: CliInput) => Promise<ParseSummary>): Promise<InputsRun> {
  const several = inputs.length > 1;
  const run: InputsRun = { read: 0, refused: 0, cut: false };
  const rows = { read: 0, accepted: 0, rejected: 0 };
  for (const [k, name] of inputs.entries()) {
    if (stop.signal !== null) {
      console.error(`stopped by ${stop.signal}: not read: ${inputs.slice(k).join(' ')}`);
      run.cut = true;
      break;
    }
    let summary: ParseSummary;
    let input: CliInput | undefined;
    try {
      input = await openCliInput(name, stop);
      summary = await readOne(input);
    } catch (error) {
      console.error(`error: ${inputLabel(name)}: ${(error as Error).message}`);
      run.refused++;
      continue;
    } finally {
      // Standard input has no end but the stop, so stopping it is how a live run ends; a file not read to its end is cut.
      if (input?.end.cut && name !== '-') run.cut = true;
    }
    run.read++;
    printSummary(summary, several ? `${name}: ` : '');
    rows.read += summary.rowsRead;
    rows.accepted += summary.rowsAccepted;
    rows.rejected += summary.rowsRejected;
  }
  if (several) {
    const unread = inputs.length - run.read - run.refused;
    console.error(`total: inputs ${inputs.length} = read ${run.read} + refused ${run.refused}${unread > 0 ? ` + not read ${unread}` : ''}; rows read ${rows.read} = scored ${rows.accepted} + rejected ${rows.rejected}`);
  }
  return run;
}

/** How messages name an input. */
export const inputLabel = (name: string) => (name === '-' ? 'standard input' : name);

/** The exit status after reading inputs: a stop before every input was read (130 / 143, as a shell reports it), else 1 for a refused input, else 0. */
export function exitStatus(run: InputsRun, stop: Stop): number {
  if (run.cut) return stop.signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  return run.refused > 0 ? EXIT.failed : EXIT.ok;
}
