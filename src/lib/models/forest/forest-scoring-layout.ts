/**
 * The Isolation Forest re-laid out for scoring (derived from a model, never serialised): every leaf
 * turned into a node that steps to itself, so a row can walk any tree a fixed number of steps
 * (the tree's depth) without testing for a leaf. That lets forestPathSums walk several
 * rows through a tree in lockstep, their independent load chains overlapping in the CPU, where
 * one row at a time waits on each node's loads in turn.
 */
import type { IsolationForestModel } from './forest-model';

export interface ForestScoringLayout {
  readonly trees: number;
  /** Root node per tree. */
  readonly roots: Int32Array;
  /** Steps from the root to the deepest leaf, per tree. */
  readonly depths: Int32Array;
  /** Split column per node; 0 at leaves (any column: the comparison below always goes right). */
  readonly feature: Int32Array;
  /** Split value per node; -Infinity at leaves, so `!(v < threshold)` is 1 for every v, NaN too. */
  readonly threshold: Float32Array;
  /** left child per node; leaf − 1 at leaves, so a leaf's "right child" is itself. */
  readonly left: Int32Array;
  /** The model's leaf path lengths (depth + c(size)), 0 at internal nodes. */
  readonly leafPathLength: Float64Array;
}

const layouts = new WeakMap<IsolationForestModel, ForestScoringLayout>();

export function forestScoringLayout(model: IsolationForestModel): ForestScoringLayout {
  let layout = layouts.get(model);
  if (!layout) layouts.set(model, (layout = buildLayout(model)));
  return layout;
}

function buildLayout(model: IsolationForestModel): ForestScoringLayout {
  const total = model.feature.length;
  const feature = Int32Array.from(model.feature);
  const threshold = Float32Array.from(model.threshold);
  const left = Int32Array.from(model.left);
  const depth = new Int32Array(total);
  const depths = new Int32Array(model.trees);
  for (let t = 0; t < model.trees; t++) {
    // Children always follow their parent: one forward pass over the tree's nodes gives depths.
    for (let i = model.treeOffsets[t]; i < model.treeOffsets[t + 1]; i++) {
      if (model.feature[i] < 0) {
        feature[i] = 0;
        threshold[i] = -Infinity;
        left[i] = i - 1;
        if (depth[i] > depths[t]) depths[t] = depth[i];
      } else {
        depth[model.left[i]] = depth[i] + 1;
        depth[model.right[i]] = depth[i] + 1;
      }
    }
  }
  return { trees: model.trees, roots: model.treeOffsets.slice(0, model.trees), depths, feature, threshold, left, leafPathLength: model.leafPathLength };
}
