/** d score / d input for one input row of a single-output model, for gradient × input attribution. */
import * as tf from '@tensorflow/tfjs';

export async function inputGradient(model: tf.LayersModel, x: Float32Array): Promise<{ score: number; gradient: Float32Array }> {
  const { value, grad } = tf.tidy(() => {
    const f = (input: tf.Tensor) => (model.apply(input, { training: false }) as tf.Tensor).sum();
    const r = tf.valueAndGrad(f)(tf.tensor2d(x, [1, x.length]));
    return { value: r.value, grad: r.grad };
  });
  try {
    const [score, gradient] = await Promise.all([value.data(), grad.data()]);
    return { score: score[0], gradient: Float32Array.from(gradient) };
  } finally {
    value.dispose();
    grad.dispose();
  }
}
