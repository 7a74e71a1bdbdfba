/**
 * Recognises a stage 1 CNN + LSTM from its layers, not its name: a single chain
 * Input[F] → Reshape[F, 1] → Conv1D(relu, stride = kernel) → Conv1D(relu, stride = kernel) →
 * LSTM(tanh, tfjs-layers' hardSigmoid, last h only) → Dropout* → Dense(1, sigmoid), every layer with
 * its bias. Anything else (other activations, return sequences, extra layers, padding that would
 * pad) reads as null and keeps the layers model. The dims come from the layers' configs and weight
 * shapes, so a retrained model with other filter or unit counts is handled as long as the kernel
 * supports them (dimsSupported).
 */
import * as tf from '@tensorflow/tfjs';
import { dimsSupported, type Stage1Dims } from './fused-stage1-layout';
import { isLayerChain, sameShape } from './layer-chain';

export interface Stage1Structure {
  dims: Stage1Dims;
  /** The layers, for their current weights (fine-tuning changes them; read them at each use). */
  conv1: tf.layers.Layer;
  conv2: tf.layers.Layer;
  lstm: tf.layers.Layer;
  dense: tf.layers.Layer;
}

const single = (v: unknown): number | null => (Array.isArray(v) ? (v.length === 1 ? v[0] : null) : typeof v === 'number' ? v : null);

interface ConvInfo {
  kernel: number;
  filters: number;
}

function convInfo(layer: tf.layers.Layer, channels: number, length: number): ConvInfo | null {
  const c = layer.getConfig();
  const kernel = single(c.kernelSize);
  if (layer.getClassName() !== 'Conv1D' || kernel === null) return null;
  const plain = single(c.strides) === kernel && single(c.dilationRate) === 1 && c.activation === 'relu' && c.useBias === true;
  const channelsLast = c.dataFormat === undefined || c.dataFormat === 'channelsLast';
  // With stride = kernel and the length a multiple of it, 'same' and 'valid' both pad nothing.
  const padsNothing = (c.padding === 'same' || c.padding === 'valid') && length % kernel === 0;
  const filters = c.filters as number;
  const w = layer.getWeights();
  if (!plain || !channelsLast || !padsNothing || w.length !== 2) return null;
  if (!sameShape(w[0].shape, [kernel, channels, filters]) || !sameShape(w[1].shape, [filters])) return null;
  return { kernel, filters };
}

function lstmUnits(layer: tf.layers.Layer, inputDim: number): number | null {
  if (layer.getClassName() !== 'LSTM') return null;
  const c = layer.getConfig();
  const units = c.units as number;
  const plain =
    c.activation === 'tanh' &&
    c.recurrentActivation === 'hardSigmoid' &&
    c.useBias === true &&
    !c.returnSequences &&
    !c.returnState &&
    !c.goBackwards &&
    !c.stateful;
  const w = layer.getWeights();
  if (!plain || w.length !== 3) return null;
  const shapes = [[inputDim, 4 * units], [units, 4 * units], [4 * units]];
  return w.every((t, i) => sameShape(t.shape, shapes[i])) ? units : null;
}

function isSigmoidHead(layer: tf.layers.Layer, inputDim: number): boolean {
  if (layer.getClassName() !== 'Dense') return false;
  const c = layer.getConfig();
  const w = layer.getWeights();
  return c.units === 1 && c.activation === 'sigmoid' && c.useBias === true && w.length === 2 && sameShape(w[0].shape, [inputDim, 1]) && sameShape(w[1].shape, [1]);
}

export function readStage1Structure(model: tf.LayersModel): Stage1Structure | null {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const body = layers.filter((l) => l.getClassName() !== 'Dropout'); // identity at inference
  if (body.length !== 5 || !isLayerChain(model, layers)) return null;
  const [reshape, c1, c2, lstm, dense] = body;
  const inputShape = model.inputs[0].shape;
  if (inputShape.length !== 2 || typeof inputShape[1] !== 'number') return null;
  const features = inputShape[1];
  if (reshape.getClassName() !== 'Reshape' || !sameShape(reshape.getConfig().targetShape as number[], [features, 1])) return null;
  const conv1 = convInfo(c1, 1, features);
  if (!conv1) return null;
  const conv2 = convInfo(c2, conv1.filters, features / conv1.kernel);
  if (!conv2) return null;
  const units = lstmUnits(lstm, conv2.filters);
  if (units === null || !isSigmoidHead(dense, units)) return null;
  const dims: Stage1Dims = { features, kernel1: conv1.kernel, filters1: conv1.filters, kernel2: conv2.kernel, filters2: conv2.filters, units };
  return dimsSupported(dims) ? { dims, conv1: c1, conv2: c2, lstm, dense } : null;
}

/** The weight tensors in Stage1Weights order (the layers' own variables, not copies). */
export function stage1WeightTensors(s: Stage1Structure): tf.Tensor[] {
  return [...s.conv1.getWeights(), ...s.conv2.getWeights(), ...s.lstm.getWeights(), ...s.dense.getWeights()];
}
