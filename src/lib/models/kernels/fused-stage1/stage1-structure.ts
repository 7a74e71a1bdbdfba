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
import { isLayerChain, sameShape } from '../layer-chain';
import { readStridedConvFront } from '../strided-conv-structure';

export interface Stage1Structure {
  dims: Stage1Dims;
  /** The layers, for their current weights (fine-tuning changes them; read them at each use). */
  conv1: tf.layers.Layer;
  conv2: tf.layers.Layer;
  lstm: tf.layers.Layer;
  dense: tf.layers.Layer;
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
  const front = readStridedConvFront([reshape, c1, c2], features);
  if (!front) return null;
  const units = lstmUnits(lstm, front.filters2);
  if (units === null || !isSigmoidHead(dense, units)) return null;
  const dims: Stage1Dims = { features, ...front, units };
  return dimsSupported(dims) ? { dims, conv1: c1, conv2: c2, lstm, dense } : null;
}

/** The weight tensors in Stage1Weights order (the layers' own variables, not copies). */
export function stage1WeightTensors(s: Stage1Structure): tf.Tensor[] {
  return [...s.conv1.getWeights(), ...s.conv2.getWeights(), ...s.lstm.getWeights(), ...s.dense.getWeights()];
}
