/**
 * The command line of every `npm run NAME` command, declared once per command: its operands and a
 * table of options (name, the value it takes or none, one line of help, a check run before any work).
 * From that table come `--help` (every option, exit 0), the refusal of an unknown option or a missing
 * value (a message, the usage line, exit 2, as grep and tar do), and each value's check, so a bad
 * `--out` or a folder given to `--model` fails at once, not after a minute of learning.
 * Adding an option is one line in the command's table.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Exit statuses of every command (each prints them under --help). */
export const EXIT = {
  ok: 0,
  /** An input was refused (named on stderr; the other inputs were still read) or the command failed. */
  failed: 1,
  /** The command line was wrong: unknown option, missing value, bad value. */
  usage: 2,
  /** Stopped by SIGINT before every input was read to its end (128 + 2, the shell's number). */
  interrupted: 130,
  /** Stopped by SIGTERM before every input was read to its end (128 + 15). */
  terminated: 143,
} as const;

/** A value's check: the problem with it, or undefined when it is fine. */
export type Check = (value: string) => string | undefined;

export interface OptionSpec {
  /** Long name without dashes: `out` is --out. */
  name: string;
  /** The value's placeholder in the help (FILE, N); absent: a switch that takes no value. */
  value?: string;
  /** One line for --help (the default, when there is one, said here). */
  description: string;
  check?: Check;
}

export interface CommandSpec {
  /** As in `npm run NAME`. */
  name: string;
  /** The operands in the usage line (`INPUT...`), empty when there are none. */
  operands: string;
  /** Bounds on the number of operands. */
  minOperands: number;
  maxOperands?: number;
  /** Options every call needs, shown in the usage line (`--out FILE|-`). */
  required?: string[];
  /** What the command does: the first lines of --help. */
  about: string[];
  /** What an operand may be, for --help: [name, description] pairs. */
  operandHelp?: [string, string][];
  options: OptionSpec[];
  /** Lines after the options: examples, exit statuses. */
  more?: string[];
}

export interface CommandLine {
  operands: string[];
  /** Option name → value ('true' for a switch), only those given. */
  options: Map<string, string>;
}

export const HELP_OPTION: OptionSpec = { name: 'help', description: 'print this help and exit' };

export function usageLine(spec: CommandSpec): string {
  const required = (spec.required ?? []).map((name) => {
    const o = spec.options.find((x) => x.name === name);
    return `--${name}${o?.value ? ` ${o.value}` : ''}`;
  });
  return ['usage: npm run', spec.name, '--', spec.operands, ...required, '[options]'].filter(Boolean).join(' ');
}

export function helpText(spec: CommandSpec): string {
  const options = [...spec.options, HELP_OPTION];
  const left = options.map((o) => `${o.name === 'help' ? '-h, ' : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length), ...(spec.operandHelp ?? []).map(([n]) => n.length)) + 2;
  const lines = [usageLine(spec), '', ...spec.about];
  if (spec.operandHelp?.length) lines.push('', 'Operands:', ...spec.operandHelp.map(([n, d]) => `  ${n.padEnd(width)}${d}`));
  lines.push('', 'Options:', ...options.map((o, i) => `  ${left[i].padEnd(width)}${o.description}`));
  if (spec.more?.length) lines.push('', ...spec.more);
  return lines.join('\n') + '\n';
}

/** A usage error: the problem, the usage line and where the help is; exit 2. */
export function usageError(spec: CommandSpec, problem: string): never {
  process.stderr.write(`error: ${problem}\n${usageLine(spec)}\n(npm run ${spec.name} -- --help lists every option)\n`);
  process.exit(EXIT.usage);
}

/** The closest option name, when a typo is likely (edit distance ≤ 2). */
function closest(name: string, names: string[]): string | undefined {
  const distance = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row;
    }
    return prev[b.length];
  };
  let best: string | undefined;
  let bestDistance = 3;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  return best;
}

/**
 * Parses `argv` against `spec`: `--name value`, `--name=value`, switches, `--` ending the options,
 * `-` an operand (standard input or output). --help / -h prints the help and exits 0; anything the
 * table does not know, a missing value or one its check refuses exits 2 with the reason.
 */
export function parseCommandLine(spec: CommandSpec, argv: string[] = process.argv.slice(2)): CommandLine {
  const operands: string[] = [];
  const options = new Map<string, string>();
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(helpText(spec));
      process.exit(EXIT.ok);
    }
    if (!arg.startsWith('--')) usageError(spec, `unknown option ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec1 = byName.get(name);
    if (!spec1) {
      const guess = closest(name, [...byName.keys()]);
      usageError(spec, `unknown option --${name}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    let value: string;
    if (!spec1.value) {
      if (eq >= 0) usageError(spec, `--${name} takes no value`);
      value = 'true';
    } else if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    else usageError(spec, `--${name} needs a value (${spec1.value})`);
    const problem = spec1.check?.(value);
    if (problem !== undefined) usageError(spec, `--${name} ${value}: ${problem}`);
    options.set(name, value);
  }
  if (operands.length < spec.minOperands) usageError(spec, spec.minOperands === 1 && spec.maxOperands === 1 ? `${spec.operands} is missing` : `at least ${spec.minOperands} ${spec.operands} needed`);
  if (spec.maxOperands !== undefined && operands.length > spec.maxOperands) {
    usageError(spec, spec.maxOperands === 0 ? `no operands expected, got ${operands[0]}` : `at most ${spec.maxOperands} ${spec.operands} expected, got ${operands.length}: ${operands.join(' ')}`);
  }
  for (const name of spec.required ?? []) if (!options.has(name)) usageError(spec, `--${name} is required`);
  return { operands, options };
}

/* The checks shared by the commands' tables. Each names what is wrong with the value, not only that it is. */

const isDir = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file to write (`-`: standard output): not a folder, in a folder that exists and may be written. */
export const outputFile: Check = (value) => {
  if (value === '-') return undefined;
  const path = resolve(value);
  if (isDir(path)) return 'is a folder; a file name is needed (or - for standard output)';
  const parent = dirname(path);
  if (!existsSync(parent)) return `its folder ${parent} does not exist`;
  if (!isDir(parent)) return `${parent} is not a folder`;
  if (existsSync(path) ? !writable(path) : !writable(parent)) return `cannot be written (permission denied)`;
  return undefined;
};

/** A folder to write into, made when missing: a folder, or a path whose parent folder exists and may be written. */
export const outputFolder: Check = (value) => {
  const path = resolve(value);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return 'is a file; a folder is needed';
  if (stat) return writable(path) ? undefined : 'cannot be written (permission denied)';
  const parent = dirname(path);
  if (!isDir(parent)) return `its folder ${parent} does not exist`;
  return writable(parent) ? undefined : `cannot be made in ${parent} (permission denied)`;
};

export const existingFolder: Check = (value) => {
  const stat = statSync(resolve(value), { throwIfNoEntry: false });
  if (!stat) return 'does not exist';
  return stat.isDirectory() ? undefined : 'is a file; a folder is needed';
};

/** --models: a folder of models (models/, `npm run train --out`), not a version file. */
export const modelsFolder: Check = (value) => {
  const stat = statSync(resolve(value), { throwIfNoEntry: false });
  if (!stat) return 'does not exist';
  if (!stat.isDirectory()) return `is a file; --models takes a folder of models (for a model version file from npm run learn or the page's library, use --model ${value})`;
  if (!existsSync(resolve(value, 'manifest.json'))) return 'has no manifest.json: not a folder of models (npm run train writes one)';
  return undefined;
};

/** --model: one version file (`npm run learn --out`, the page's model library export), not a folder. */
export const modelVersionFile: Check = (value) => {
  const stat = statSync(resolve(value), { throwIfNoEntry: false });
  if (!stat) return 'does not exist';
  if (stat.isDirectory()) return `is a folder; --model takes a model version file from npm run learn or the page's library export (for a folder of models, use --models ${value})`;
  return undefined;
};

/** A number in [min, max) (max excluded unless `inclusive`). */
export const numberIn =
  (min: number, max: number, inclusive = false): Check =>
  (value) => {
    const v = Number(value);
    const ok = value.trim() !== '' && v >= min && (inclusive ? v <= max : v < max);
    return ok ? undefined : `must be a number in [${min}, ${max}${inclusive ? ']' : ')'}`;
  };

export const positiveInteger: Check = (value) => (/^\d+$/.test(value) && Number(value) > 0 ? undefined : 'must be a whole number above 0');

export const integer: Check = (value) => (/^-?\d+$/.test(value) ? undefined : 'must be a whole number');

export const oneOf =
  (choices: readonly string[]): Check =>
  (value) =>
    choices.includes(value) ? undefined : `must be one of ${choices.join(', ')}`;

/** A comma-separated list whose every item passes `item`. */
export const listOf =
  (item: Check): Check =>
  (value) => {
    for (const v of value.split(',')) {
      const problem = item(v);
      if (problem !== undefined) return `${v} ${problem}`;
    }
    return undefined;
  };

/** The exit statuses, for the end of a command's --help. */
export const EXIT_HELP = [
  'Exit status: 0 done; 1 an input was refused (named on stderr; the others were still read) or the',
  'command failed; 2 the command line was wrong.',
];
