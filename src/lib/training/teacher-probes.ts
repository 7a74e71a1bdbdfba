/**
 * Probes of the pretrained model's attack knowledge, for learning a baseline without labels: model
 * inputs made from baseline records with one to three columns changed (a numeric column to any value
 * of its scaled range, a categorical column to any of its values). The frozen pretrained stage 1
 * scores them; what it calls an attack (a SYN-error rate of 1, a burst of connections, failed logins
 * on a record otherwise like the baseline) becomes a training example of an attack, so the adapted
 * model keeps flagging what the pretrained one knew while it learns that the baseline itself is normal.
 * Working in the model's input space keeps every changed value inside the range the model was trained on.
 */
import type { PreprocessorJSON } from '../features/preprocessor';
import { FEATURES, NUMERIC_COUNT, NUMERIC_FEATURES } from '../schema/schema';
import { randomInt, type Rng } from '../util/random';

/** Column groups of the model input: one per numeric column, one block of one-hot slots per categorical column. */
export interface InputColumns {
  width: number;
  /** [start, length] of each categorical column's one-hot block (its unknown slot included). */
  categoricalBlocks: [number, number][];
}

export function inputColumns(json: PreprocessorJSON): InputColumns {
  const categoricalBlocks: [number, number][] = [];
  let start = NUMERIC_COUNT;
  for (const c of json.categorical) {
    categoricalBlocks.push([start, c.values.length + 1]);
    start += c.values.length + 1;
  }
  return { width: json.featureCount, categoricalBlocks };
}

const numericIndex = (names: readonly string[]) => names.map((n) => {
  const i = NUMERIC_FEATURES.indexOf(n);
  if (i < 0) throw new Error(`${n} is not a numeric column`);
  return i;
});
/** Content columns (what happened inside the connection: logins, shells, files). */
export const CONTENT_COLUMNS = numericIndex(['hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root', 'num_file_creations', 'num_shells', 'num_access_files', 'is_guest_login']);
/** Traffic counts of the connection's time and host windows. */
export const TRAFFIC_COLUMNS = numericIndex(['count', 'srv_count', 'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate', 'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate', 'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate']);
const BINARY = new Set(numericIndex(FEATURES.filter((f) => f.kind === 'binary').map((f) => f.name)));

/**
 * Services whose connections carry content columns in NSL-KDD (the DARPA features read logins, shells
 * and files from the text of interactive and mail protocols): a grouped probe draws its service from these.
 */
export const CONTENT_SERVICES = ['ftp', 'ftp_data', 'telnet', 'login', 'klogin', 'kshell', 'shell', 'exec', 'remote_job', 'rje', 'supdup', 'ssh', 'pop_2', 'pop_3', 'imap4', 'smtp', 'http', 'IRC', 'X11'];

const setCategorical = (out: Float32Array, o: number, block: [number, number], slot: number) => {
  const [start, length] = block;
  out.fill(0, o + start, o + start + length);
  out[o + start + slot] = 1;
};

/**
 * `count` probes from random rows; a `groupShare` of them are grouped probes: the record's service and
 * flag changed together with its content columns (failed logins, logged in, hot, root shell…) and its
 * traffic counts: one to three content columns always (a binary one flipped, a count to a value in
 * (0, 1]), every other content and traffic column changed with probability `columnShare` (binary columns to 0 or 1);
 * the service is one of `serviceSlots` (one-hot slots) when given, else any. `contentOnly` keeps the
 * flag and the traffic counts as they were.
 * Independent column changes rarely reach such combinations (FTP or telnet with failed logins), which
 * is where the pretrained model's knowledge of login attacks lies.
 */
export function groupedOrPerturbedInputs(x: Float32Array, rows: number, columns: InputColumns, count: number, rng: Rng, maxChanges: number, groupShare: number, serviceSlots?: readonly number[], columnShare = 0.5, contentOnly = false): { x: Float32Array; source: Int32Array } {
  const grouped = Math.round(count * groupShare);
  const probes = perturbedInputs(x, rows, columns, count, rng, maxChanges);
  if (grouped <= 0) return probes;
  const { width, categoricalBlocks } = columns;
  const out = probes.x;
  // protocol_type, service, flag: the service and flag blocks are the last two.
  const [serviceBlock, flagBlock] = categoricalBlocks.slice(-2);
  for (let p = 0; p < grouped; p++) {
    const o = p * width;
    out.set(x.subarray(probes.source[p] * width, (probes.source[p] + 1) * width), o);
    setCategorical(out, o, serviceBlock, serviceSlots && serviceSlots.length > 0 ? serviceSlots[randomInt(serviceSlots.length, rng)] : randomInt(serviceBlock[1], rng));
    if (!contentOnly && rng() < 0.5) setCategorical(out, o, flagBlock, randomInt(flagBlock[1], rng));
    // One to three content columns always change (a grouped probe is about what happened inside the
    // connection), the others with probability columnShare.
    const forced = new Set<number>();
    for (let c = 1 + randomInt(3, rng); c > 0; c--) forced.add(CONTENT_COLUMNS[randomInt(CONTENT_COLUMNS.length, rng)]);
    for (const j of CONTENT_COLUMNS) {
      if (forced.has(j)) out[o + j] = BINARY.has(j) ? 1 - out[o + j] : 1 - rng();
      else if (rng() < columnShare) out[o + j] = BINARY.has(j) ? (rng() < 0.5 ? 0 : 1) : rng();
    }
    if (!contentOnly) for (const j of TRAFFIC_COLUMNS) if (rng() < columnShare) out[o + j] = rng();
  }
  return probes;
}

/** `count` probes from random rows of `x` ([rows, width]), each with 1 to `maxChanges` columns changed, and the row each came from. */
export function perturbedInputs(x: Float32Array, rows: number, columns: InputColumns, count: number, rng: Rng, maxChanges = 3): { x: Float32Array; source: Int32Array } {
  const { width, categoricalBlocks } = columns;
  const groups = NUMERIC_COUNT + categoricalBlocks.length;
  const out = new Float32Array(count * width);
  const sources = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    const source = (sources[p] = randomInt(rows, rng));
    const o = p * width;
    out.set(x.subarray(source * width, (source + 1) * width), o);
    const changes = 1 + randomInt(maxChanges, rng);
    for (let c = 0; c < changes; c++) {
      const g = randomInt(groups, rng);
      if (g < NUMERIC_COUNT) out[o + g] = rng();
      else {
        const block = categoricalBlocks[g - NUMERIC_COUNT];
        setCategorical(out, o, block, randomInt(block[1], rng));
      }
    }
  }
  return { x: out, source: sources };
}
