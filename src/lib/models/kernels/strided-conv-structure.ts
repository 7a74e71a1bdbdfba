/**
 * Recognises the strided convolution front both stages share (strided-conv-sequence.ts) from its
 * layers: Reshape[F, 1] → Conv1D(relu, stride = kernel, bias) → Conv1D(relu, stride = kernel,
 * bias), channels last, padding that pads nothing. Anything else reads as null.
 */
import type * as tf from '@tensorflow/tfjs';
import { sameShape } from './layer-chain';

export interface StridedConvFront {
  kernel1: number;
  filters1: number;
  kernel2: number;
  filters2: number;
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

/** The front's dims from its three layers [reshape, conv1, conv2] over `features` inputs. */
export function readStridedConvFront([reshape, c1, c2]: tf.layers.Layer[], features: number): StridedConvFront | null {
  if (!reshape || !c1 || !c2) return null;
  if (reshape.getClassName() !== 'Reshape' || !sameShape(reshape.getConfig().targetShape as number[], [features, 1])) return null;
  const conv1 = convInfo(c1, 1, features);
  if (!conv1) return null;
  const conv2 = convInfo(c2, conv1.filters, features / conv1.kernel);
  if (!conv2) return null;
  return { kernel1: conv1.kernel, filters1: conv1.filters, kernel2: conv2.kernel, filters2: conv2.filters };
}
