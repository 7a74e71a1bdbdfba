/**
 * d(log-odds)/d(input) for one input row of a single-output model, for gradient × input attribution.
 * When the model ends in a one-unit sigmoid Dense layer (stage 1 does), the gradient is taken of the
 * log-odds before that sigmoid: the probability itself saturates near 0 and 1, where its gradient
 * vanishes and every feature would look irrelevant. Otherwise it is the gradient of the output.
 */
import * as tf from '@tensorflow/tfjs';

type Scalar = (input: tf.Tensor) => tf.Scalar;

const logOddsOf = new WeakMap<tf.LayersModel, Scalar | null>();

/** The model's log-odds as a function of its input, or null when it does not end in a sigmoid unit. */
function logOdds(model: tf.LayersModel): Scalar | null {
  if (logOddsOf.has(model)) return logOddsOf.get(model)!;
  const last = model.layers[model.layers.length - 1];
  const config = last.getConfig() as { activation?: string; units?: number; useBias?: boolean };
  let f: Scalar | null = null;
  if (last.getClassName() === 'Dense' && config.activation === 'sigmoid' && config.units === 1) {
    // The layers up to the last one, sharing their weights with `model` (so never disposed on its own).
    const body = tf.model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor });
    const [kernel, bias] = last.getWeights();
    f = (input) => {
      const z = tf.matMul(body.apply(input, { training: false }) as tf.Tensor2D, kernel as tf.Tensor2D);
      return (config.useBias !== false && bias ? z.add(bias) : z).sum();
    };
  }
  logOddsOf.set(model, f);
  return f;
}

export interface InputGradient {
  /** The model's output for the row. */
  score: number;
  /** What was differentiated: the log-odds before a final sigmoid, or the output itself. */
  of: 'log-odds' | 'output';
  gradient: Float32Array;
}

export async function inputGradient(model: tf.LayersModel, x: Float32Array): Promise<InputGradient> {
  const target = logOdds(model);
  const { score, grad } = tf.tidy(() => {
    const input = tf.tensor2d(x, [1, x.length]);
    const f: Scalar = target ?? ((t) => (model.apply(t, { training: false }) as tf.Tensor).sum());
    return { score: (model.apply(input, { training: false }) as tf.Tensor).sum(), grad: tf.grad(f)(input) };
  });
  try {
    const [s, g] = await Promise.all([score.data(), grad.data()]);
    return { score: s[0], of: target ? 'log-odds' : 'output', gradient: Float32Array.from(g) };
  } finally {
    score.dispose();
    grad.dispose();
  }
}
