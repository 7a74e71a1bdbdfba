/**
 * The wasm backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, so a Conv1D layer cannot be
 * trained on it (Node training and in-browser fine-tuning both run on wasm). This registers one:
 * the filter gradient dW[kh,kw,ci,co] = Σ_n,oh,ow x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci] · dy[n,oh,ow,co],
 * computed in plain JS on the tensors' data. Our convolutions are small (a few thousand weights),
 * so this costs little next to the rest of a training step.
 */
import * as tf from '@tensorflow/tfjs';

interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilter(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  attrs: BackpropFilterAttrs,
): { values: Float32Array; shape: [number, number, number, number] } {
  if (attrs.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = x[xBase + ci];
              if (xv === 0) continue; // inputs are sparse (one-hot, ReLU outputs)
              const w = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) dw[w + co] += xv * dy[dyBase + co];
            }
          }
        }
      }
    }
  }
  return { values: dw, shape: attrs.filterShape };
}

let registered = false;

/** Registers the kernel for the wasm backend once (a no-op if tfjs already has one). */
export function registerWasmConvBackpropFilter(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  registered = true;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const b = backend as tf.KernelBackend & {
        readSync(id: tf.DataId): tf.backend_util.BackendValues;
        makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
        typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
      };
      const { values, shape } = conv2dBackpropFilter(
        b.readSync(x.dataId) as Float32Array,
        x.shape,
        b.readSync(dy.dataId) as Float32Array,
        attrs as unknown as BackpropFilterAttrs,
      );
      const out = b.makeOutput(shape, 'float32');
      b.typedArrayFromHeap(out).set(values);
      return out;
    },
  });
}
