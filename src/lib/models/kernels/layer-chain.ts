/** Helpers the structure readers share: shape equality and "each layer takes the previous one's output". */
import type * as tf from '@tensorflow/tfjs';

export const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Each layer takes exactly the previous one's output (one inbound node, one input), the last is the model's output. */
export function isLayerChain(model: tf.LayersModel, layers: tf.layers.Layer[]): boolean {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return false;
  let previous: tf.SymbolicTensor = model.inputs[0];
  for (const layer of layers) {
    if (layer.inboundNodes.length !== 1 || Array.isArray(layer.input) || layer.input !== previous) return false;
    previous = layer.output as tf.SymbolicTensor;
  }
  return previous === model.outputs[0];
}
