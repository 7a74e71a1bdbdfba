/**
 * Recognises a dense stack from its layers, not its name: a single chain Input[F] → (Reshape[F, 1]
 * → Conv1D → Conv1D → Flatten, the strided conv front)? → Dense(relu)… → Dense(sigmoid | softmax),
 * Dropouts anywhere (identity at inference), every Dense with its bias, within what the kernel
 * takes (denseStackSupported). Anything else reads as null and keeps the layers model.
 */
import * as tf from '@tensorflow/tfjs';
import { denseStackSupported, type DenseHead, type DenseStackDims } from './dense-stack-layout';
import { isLayerChain, sameShape } from '../layer-chain';
import { readStridedConvFront } from '../strided-conv-structure';

export interface DenseStackStructure {
  dims: DenseStackDims;
  /** The conv layers then the Dense layers, for their current weights (read them at each use). */
  weighted: tf.layers.Layer[];
}

export function readDenseStackStructure(model: tf.LayersModel): DenseStackStructure | null {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const body = layers.filter((l) => l.getClassName() !== 'Dropout');
  const inputShape = model.inputs[0]?.shape;
  if (body.length === 0 || !isLayerChain(model, layers) || inputShape?.length !== 2 || typeof inputShape[1] !== 'number') return null;
  const features = inputShape[1];
  const hasConv = body[0].getClassName() === 'Reshape';
  const conv = hasConv ? readStridedConvFront(body.slice(0, 3), features) : null;
  if (hasConv && (!conv || body[3]?.getClassName() !== 'Flatten')) return null;
  const dense = body.slice(hasConv ? 4 : 0);
  if (dense.length === 0) return null;
  const lastConfig = dense[dense.length - 1].getConfig();
  const head = lastConfig.activation as DenseHead;
  if (head !== 'sigmoid' && head !== 'softmax') return null;
  const units: number[] = [];
  let inputs = conv ? (features / conv.kernel1 / conv.kernel2) * conv.filters2 : features;
  for (const [i, layer] of dense.entries()) {
    const c = layer.getConfig();
    const w = layer.getWeights();
    const activation = i === dense.length - 1 ? head : 'relu';
    if (layer.getClassName() !== 'Dense' || c.activation !== activation || c.useBias !== true || w.length !== 2) return null;
    const u = c.units as number;
    if (!sameShape(w[0].shape, [inputs, u]) || !sameShape(w[1].shape, [u])) return null;
    units.push(u);
    inputs = u;
  }
  const dims: DenseStackDims = { inputs: features, conv, units, head };
  return denseStackSupported(dims) ? { dims, weighted: [...(hasConv ? body.slice(1, 3) : []), ...dense] } : null;
}

/** conv kernels and biases, then each Dense layer's kernel and bias (the layers' own variables, not copies). */
export function denseStackWeightTensors(s: DenseStackStructure): tf.Tensor[] {
  return s.weighted.flatMap((l) => l.getWeights());
}
