/**
 * The Isolation Forest model (Liu, Ting & Zhou, "Isolation Forest", ICDM 2008): its layout, the
 * path-length maths fitting and scoring share, and its versioned JSON form (validated on the way in).
 *
 * Layout: every tree's nodes live in shared flat typed arrays (`feature`, `threshold`, `left`,
 * `right`, `size`), tree t occupying node indices [treeOffsets[t], treeOffsets[t + 1]) with its
 * root first. Child indices are global (they index the same arrays) and always greater than the
 * parent's index. A node with `feature[i] === -1` is a leaf; a row goes to `left[i]` when
 * `x[feature[i]] < threshold[i]`, otherwise to `right[i]`. In a model, the two children of a
 * node are always adjacent (`right[i] === left[i] + 1`), which lets scoring step without a
 * branch; {@link isolationForestFromJSON} re-lays out trees that arrive otherwise.
 *
 * The model is a plain object of numbers and typed arrays, so it can be posted to / from a
 * worker with structured clone; use {@link isolationForestToJSON} for storage.
 */

/** Euler–Mascheroni constant, for the harmonic-number approximation H(i) ≈ ln(i) + γ. */
const EULER_GAMMA = 0.5772156649015329;

export interface IsolationForestModel {
  /** Number of trees. */
  readonly trees: number;
  /** Effective sub-sample size ψ used per tree (after clamping to the training row count). */
  readonly sampleSize: number;
  /** Number of input columns the model expects. */
  readonly features: number;
  /** Height limit ceil(log2 ψ) used while growing. */
  readonly heightLimit: number;
  /** Length trees + 1: tree t owns nodes [treeOffsets[t], treeOffsets[t + 1]). */
  readonly treeOffsets: Int32Array;
  /** Split column per node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** Split value per node (0 at leaves); go left when x < threshold. */
  readonly threshold: Float32Array;
  /** Global index of the left child; -1 at leaves. */
  readonly left: Int32Array;
  /** Global index of the right child (always left + 1); -1 at leaves. */
  readonly right: Int32Array;
  /** Number of training sub-sample rows that reached each node. */
  readonly size: Int32Array;
  /**
   * Derived, not serialised: at leaves, depth + c(size) (the path length credited to a row that
   * ends there); 0 at internal nodes.
   */
  readonly leafPathLength: Float64Array;
}

/** Versioned plain-JSON form of {@link IsolationForestModel}. */
export interface IsolationForestJSON {
  format: 'isolation-forest';
  version: 1;
  trees: number;
  sampleSize: number;
  features: number;
  /** Length trees + 1, starting at 0 and ending at the node count. */
  treeOffsets: number[];
  nodes: {
    feature: number[];
    threshold: number[];
    left: number[];
    right: number[];
    size: number[];
  };
}

export const ISOLATION_FOREST_FORMAT = 'isolation-forest';
export const ISOLATION_FOREST_VERSION = 1;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points,
 * used to normalise path lengths. c(n) = 2 H(n-1) - 2 (n-1) / n with H(i) ≈ ln(i) + γ for
 * n > 2; c(2) = 1; c(n) = 0 for n ≤ 1.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Height limit for sub-sample size ψ: ceil(log2 ψ) (0 for ψ ≤ 1). */
export function isolationTreeHeightLimit(sampleSize: number): number {
  return sampleSize <= 1 ? 0 : Math.ceil(Math.log2(sampleSize));
}

export function assertMatrix(fn: string, x: Float32Array, rows: number, features: number): void {
  if (!(x instanceof Float32Array)) throw new Error(`${fn}: x must be a Float32Array`);
  if (!Number.isInteger(rows) || rows < 0) {
    throw new Error(`${fn}: rows must be a non-negative integer, got ${rows}`);
  }
  if (!Number.isInteger(features) || features < 1) {
    throw new Error(`${fn}: features must be a positive integer, got ${features}`);
  }
  if (x.length < rows * features) {
    throw new Error(
      `${fn}: x has ${x.length} values, fewer than rows × features = ${rows} × ${features}`,
    );
  }
}

/** Assembles a model and its derived leaf path lengths. Assumes validated arrays. */
export function buildModel(
  trees: number,
  sampleSize: number,
  features: number,
  treeOffsets: Int32Array,
  feature: Int32Array,
  threshold: Float32Array,
  left: Int32Array,
  right: Int32Array,
  size: Int32Array,
): IsolationForestModel {
  const total = feature.length;
  // Children always follow their parent, so one forward pass assigns depths.
  const depth = new Int32Array(total);
  const leafPathLength = new Float64Array(total);
  for (let t = 0; t < trees; t++) depth[treeOffsets[t]] = 0;
  for (let i = 0; i < total; i++) {
    if (feature[i] < 0) {
      leafPathLength[i] = depth[i] + averagePathLength(size[i]);
    } else {
      depth[left[i]] = depth[i] + 1;
      depth[right[i]] = depth[i] + 1;
    }
  }
  return {
    trees,
    sampleSize,
    features,
    heightLimit: isolationTreeHeightLimit(sampleSize),
    treeOffsets,
    feature,
    threshold,
    left,
    right,
    size,
    leafPathLength,
  };
}

/** The versioned plain-JSON form of a model (exact: float32 thresholds are stored as numbers). */
export function isolationForestToJSON(model: IsolationForestModel): IsolationForestJSON {
  return {
    format: ISOLATION_FOREST_FORMAT,
    version: ISOLATION_FOREST_VERSION,
    trees: model.trees,
    sampleSize: model.sampleSize,
    features: model.features,
    treeOffsets: Array.from(model.treeOffsets),
    nodes: {
      feature: Array.from(model.feature),
      threshold: Array.from(model.threshold),
      left: Array.from(model.left),
      right: Array.from(model.right),
      size: Array.from(model.size),
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rebuilds a model from {@link isolationForestToJSON} output (also after JSON.stringify/parse).
 * Validates format, version, array lengths, value ranges and tree structure, and throws an
 * Error naming the first problem found.
 */
export function isolationForestFromJSON(json: unknown): IsolationForestModel {
  const fail = (msg: string): never => {
    throw new Error(`isolationForestFromJSON: ${msg}`);
  };
  if (!isRecord(json)) return fail('expected an object');
  if (json.format !== ISOLATION_FOREST_FORMAT) {
    return fail(`format must be "${ISOLATION_FOREST_FORMAT}", got ${JSON.stringify(json.format)}`);
  }
  if (json.version !== ISOLATION_FOREST_VERSION) {
    return fail(
      `unsupported version ${JSON.stringify(json.version)} (supported: ${ISOLATION_FOREST_VERSION})`,
    );
  }
  const posInt = (name: string, v: unknown): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1
      ? v
      : fail(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  const trees = posInt('trees', json.trees);
  const sampleSize = posInt('sampleSize', json.sampleSize);
  const features = posInt('features', json.features);

  const numArray = (name: string, v: unknown, length: number | undefined): number[] => {
    if (!Array.isArray(v)) return fail(`${name} must be an array`);
    if (length !== undefined && v.length !== length) {
      return fail(`${name} has length ${v.length}, expected ${length}`);
    }
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (typeof e !== 'number' || !Number.isFinite(e)) {
        return fail(`${name}[${i}] must be a finite number, got ${JSON.stringify(e)}`);
      }
    }
    return v as number[];
  };

  const offsets = numArray('treeOffsets', json.treeOffsets, trees + 1);
  if (!isRecord(json.nodes)) return fail('nodes must be an object');
  const nodesJson = json.nodes;
  const featureArr = numArray('nodes.feature', nodesJson.feature, undefined);
  const total = featureArr.length;
  const thresholdArr = numArray('nodes.threshold', nodesJson.threshold, total);
  const leftArr = numArray('nodes.left', nodesJson.left, total);
  const rightArr = numArray('nodes.right', nodesJson.right, total);
  const sizeArr = numArray('nodes.size', nodesJson.size, total);

  if (offsets[0] !== 0) fail(`treeOffsets[0] must be 0, got ${offsets[0]}`);
  if (offsets[trees] !== total) {
    fail(`treeOffsets[${trees}] must equal the node count ${total}, got ${offsets[trees]}`);
  }
  for (let t = 0; t < trees; t++) {
    if (!Number.isInteger(offsets[t + 1]) || offsets[t + 1] <= offsets[t]) {
      fail(`treeOffsets must be strictly increasing integers (tree ${t} is empty or malformed)`);
    }
  }

  // In-degree per node: the root of each tree must have none, every other node exactly one
  // parent, so each tree is a proper tree (no sharing, no unreachable nodes).
  const parents = new Uint8Array(total);
  let adjacent = true;
  for (let t = 0; t < trees; t++) {
    const end = offsets[t + 1];
    for (let i = offsets[t]; i < end; i++) {
      const f = featureArr[i];
      if (!Number.isInteger(f) || f < -1 || f >= features) {
        fail(`nodes.feature[${i}] = ${f} is not -1 or a column index in [0, ${features})`);
      }
      const s = sizeArr[i];
      if (!Number.isInteger(s) || s < 0 || s > sampleSize) {
        fail(`nodes.size[${i}] = ${s} is not an integer in [0, sampleSize = ${sampleSize}]`);
      }
      const l = leftArr[i];
      const r = rightArr[i];
      if (f === -1) {
        if (l !== -1 || r !== -1) fail(`leaf node ${i} must have left = right = -1`);
      } else {
        // Children must lie later in the same tree: guarantees traversal terminates.
        for (const [side, c] of [
          ['left', l],
          ['right', r],
        ] as const) {
          if (!Number.isInteger(c) || c <= i || c >= end) {
            fail(`nodes.${side}[${i}] = ${c} is out of range (${i}, ${end}) for tree ${t}`);
          }
          if (parents[c] !== 0) fail(`node ${c} has more than one parent (tree ${t})`);
          parents[c] = 1;
        }
        if (r !== l + 1) adjacent = false;
      }
    }
    for (let i = offsets[t] + 1; i < end; i++) {
      if (parents[i] === 0) fail(`node ${i} of tree ${t} is not reachable from its root`);
    }
  }

  let feature = Int32Array.from(featureArr);
  let threshold = Float32Array.from(thresholdArr);
  let left = Int32Array.from(leftArr);
  let right = Int32Array.from(rightArr);
  let size = Int32Array.from(sizeArr);
  if (!adjacent) {
    // Re-number each tree breadth-first so that siblings are adjacent, as scoring requires.
    const nf = new Int32Array(total);
    const nt = new Float32Array(total);
    const nl = new Int32Array(total);
    const nr = new Int32Array(total);
    const ns = new Int32Array(total);
    const queue = new Int32Array(total); // queue[k] = old index of the node that gets new index k
    for (let t = 0; t < trees; t++) {
      let head = offsets[t];
      let tail = head;
      queue[tail++] = offsets[t];
      while (head < tail) {
        const k = head++;
        const old = queue[k];
        nf[k] = feature[old];
        nt[k] = threshold[old];
        ns[k] = size[old];
        if (feature[old] < 0) {
          nl[k] = -1;
          nr[k] = -1;
        } else {
          nl[k] = tail;
          nr[k] = tail + 1;
          queue[tail++] = left[old];
          queue[tail++] = right[old];
        }
      }
    }
    feature = nf;
    threshold = nt;
    left = nl;
    right = nr;
    size = ns;
  }

  return buildModel(
    trees,
    sampleSize,
    features,
    Int32Array.from(offsets),
    feature,
    threshold,
    left,
    right,
    size,
  );
}
