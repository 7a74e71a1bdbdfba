/**
 * The front both stages share: the preprocessed feature vector read as a 1-channel sequence, then two
 * Conv1D layers whose stride equals their kernel (125 features → 25 → 5 steps of learned patterns).
 */
import * as tf from '@tensorflow/tfjs';

export function stridedConvSequence(
  input: tf.SymbolicTensor,
  featureCount: number,
  [filters1, filters2]: [number, number],
  kernel: number,
  init: (salt: number) => ReturnType<typeof tf.initializers.glorotUniform>,
): tf.SymbolicTensor {
  const conv = (filters: number, salt: number, name: string) =>
    tf.layers.conv1d({ filters, kernelSize: kernel, strides: kernel, padding: 'same', activation: 'relu', kernelInitializer: init(salt), name });
  const sequence = tf.layers.reshape({ targetShape: [featureCount, 1], name: 'as_sequence' }).apply(input) as tf.SymbolicTensor;
  const patterns = conv(filters1, 1, 'conv1').apply(sequence) as tf.SymbolicTensor;
  return conv(filters2, 2, 'conv2').apply(patterns) as tf.SymbolicTensor;
}
