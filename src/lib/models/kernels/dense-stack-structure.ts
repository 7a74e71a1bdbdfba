/**
 * Recognises a dense stack from its layers, not its name: a single chain Input[F] → Dense(relu)… →
 * Dense(sigmoid), Dropouts anywhere (identity at inference), every Dense with its bias, the hidden
 * widths whole vectors and the last 1–4 units (denseStackSupported). Anything else reads as null
 * and keeps the layers model.
 */
import * as tf from '@tensorflow/tfjs';
import { denseStackSupported, type DenseStackDims } from './dense-stack-layout';
import { isLayerChain, sameShape } from './layer-chain';

export interface DenseStackStructure {
  dims: DenseStackDims;
  /** The Dense layers, for their current weights (read them at each use). */
  dense: tf.layers.Layer[];
}

export function readDenseStackStructure(model: tf.LayersModel): DenseStackStructure | null {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const dense = layers.filter((l) => l.getClassName() !== 'Dropout');
  const inputShape = model.inputs[0]?.shape;
  if (dense.length === 0 || !isLayerChain(model, layers) || inputShape?.length !== 2 || typeof inputShape[1] !== 'number') return null;
  const units: number[] = [];
  let inputs = inputShape[1];
  for (const [i, layer] of dense.entries()) {
    const c = layer.getConfig();
    const w = layer.getWeights();
    const activation = i === dense.length - 1 ? 'sigmoid' : 'relu';
    if (layer.getClassName() !== 'Dense' || c.activation !== activation || c.useBias !== true || w.length !== 2) return null;
    const u = c.units as number;
    if (!sameShape(w[0].shape, [inputs, u]) || !sameShape(w[1].shape, [u])) return null;
    units.push(u);
    inputs = u;
  }
  const dims = { inputs: inputShape[1], units };
  return denseStackSupported(dims) ? { dims, dense } : null;
}

/** kernel, bias of each Dense layer in order (the layers' own variables, not copies). */
export function denseStackWeightTensors(s: DenseStackStructure): tf.Tensor[] {
  return s.dense.flatMap((l) => l.getWeights());
}
