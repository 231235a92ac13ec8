// The reference backend: plain TypeScript over typed arrays. Readable first, then fast;
// every other backend is tested against it.
import type { Backend } from '../../backend.js';
import { allocArray, type DType, type TypedArray } from '../../dtype.js';
import type { InPlaceKernelTable, KernelTable } from '../../kernels.js';
import { argReduce } from './arg-reduce.js';
import { attention } from './attention.js';
import { attentionKeyValueGrad } from './attention-key-value-grad.js';
import { attentionQueryGrad } from './attention-query-grad.js';
import { binary } from './binary.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { convTranspose2d } from './conv-transpose2d.js';
import { cumsum } from './cumsum.js';
import { edgeDot } from './edge-dot.js';
import { firstOccurrence } from './first-occurrence.js';
import { gather } from './gather.js';
import { gruGates } from './gru-gates.js';
import { gruGatesGrad } from './gru-gates-grad.js';
import { indexAdd } from './index-add.js';
import { indexSelect } from './index-select.js';
import { lstmGates } from './lstm-gates.js';
import { lstmGatesGrad } from './lstm-gates-grad.js';
import { matmul } from './matmul.js';
import { pad } from './pad.js';
import { reduce } from './reduce.js';
import { scatterReduce } from './scatter-reduce.js';
import { segmentSoftmax } from './segment-softmax.js';
import { softmax } from './softmax.js';
import { sparseAggregate } from './sparse-aggregate.js';
import { sparseExtremeGradInput } from './sparse-extreme-grad-input.js';
import { sparseExtremeGradWeight } from './sparse-extreme-grad-weight.js';
import { sparseExtremeShare } from './sparse-extreme-share.js';
import { stridedCopy } from './strided-copy.js';
import { unary } from './unary.js';
import { where } from './where.js';

/** Storage on the js backend is the typed array itself. */
export type JsHandle = TypedArray;

const kernels: KernelTable<JsHandle> = {
  unary,
  binary,
  where,
  cast,
  reduce,
  argReduce,
  cumsum,
  matmul,
  stridedCopy,
  concat,
  pad,
  gather,
  indexSelect,
  firstOccurrence,
  scatterReduce,
  sparseAggregate,
  sparseExtremeShare,
  sparseExtremeGradInput,
  sparseExtremeGradWeight,
  edgeDot,
  segmentSoftmax,
  softmax,
  conv2d,
  convTranspose2d,
  attention,
  attentionQueryGrad,
  attentionKeyValueGrad,
  lstmGates,
  lstmGatesGrad,
  gruGates,
  gruGatesGrad,
};

const inPlaceKernels: InPlaceKernelTable<JsHandle> = { indexAdd };

function copyOf(values: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  out.set(values);
  return out;
}

/** Creates the js backend. */
export function jsBackend(): Backend<JsHandle> {
  return {
    name: 'js',
    kernels,
    inPlaceKernels,
    upload: copyOf,
    read: async (handle, dtype) => copyOf(handle, dtype),
    readSync: (handle, dtype) => copyOf(handle, dtype),
    // Typed arrays are garbage collected; the engine already stopped referencing this one.
    release: () => {},
  };
}
