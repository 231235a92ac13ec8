// The WebGPU backend: tensors live in pooled GPU buffers, every kernel is a WGSL compute
// shader, dispatches are recorded and submitted lazily, and readback is asynchronous.
// This module is loaded on demand by setBackend('webgpu'), so programs that never select
// it do not load (or, with code splitting, bundle) any of it.
import type { Backend } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { opError } from '../../errors.js';
import type { InPlaceKernelTable, KernelName, KernelTable } from '../../kernels.js';
import { argReduceKernel } from './arg-reduce.wgsl.js';
import { attentionKernel } from './attention.wgsl.js';
import { attentionKeyValueGradKernel } from './attention-key-value-grad.wgsl.js';
import { attentionQueryGradKernel } from './attention-query-grad.wgsl.js';
import { binaryKernel } from './binary.wgsl.js';
import type { GpuHandle } from './buffer-pool.js';
import { castKernel } from './cast.wgsl.js';
import { concatKernel } from './concat.wgsl.js';
import { conv2dKernel } from './conv2d.wgsl.js';
import { convTranspose2dKernel } from './conv-transpose2d.wgsl.js';
import { cumsumKernel } from './cumsum.wgsl.js';
import { edgeDotKernel } from './edge-dot.wgsl.js';
import { acquireDevice } from './device.js';
import { firstOccurrenceKernel } from './first-occurrence.wgsl.js';
import { gatherKernel } from './gather.wgsl.js';
import { gruGatesKernel } from './gru-gates.wgsl.js';
import { gruGatesGradKernel } from './gru-gates-grad.wgsl.js';
import { indexAddKernel } from './index-add.wgsl.js';
import { indexSelectKernel } from './index-select.wgsl.js';
import { lstmGatesKernel } from './lstm-gates.wgsl.js';
import { lstmGatesGradKernel } from './lstm-gates-grad.wgsl.js';
import { matmulKernel } from './matmul.wgsl.js';
import { padKernel } from './pad.wgsl.js';
import { reduceKernel } from './reduce.wgsl.js';
import { GpuRuntime } from './runtime.js';
import { scatterReduceKernel } from './scatter-reduce.wgsl.js';
import { segmentSoftmaxKernel } from './segment-softmax.wgsl.js';
import { softmaxKernel } from './softmax.wgsl.js';
import { sparseAggregateKernel } from './sparse-aggregate.wgsl.js';
import { sparseExtremeGradInputKernel } from './sparse-extreme-grad-input.wgsl.js';
import { sparseExtremeGradWeightKernel } from './sparse-extreme-grad-weight.wgsl.js';
import { sparseExtremeShareKernel } from './sparse-extreme-share.wgsl.js';
import { stridedCopyKernel } from './strided-copy.wgsl.js';
import { unaryKernel } from './unary.wgsl.js';
import { whereKernel } from './where.wgsl.js';

export type { GpuHandle } from './buffer-pool.js';

/** The webgpu backend, with its runtime exposed for tests and benchmarks. */
export interface WebgpuBackend extends Backend<GpuHandle> {
  /** @internal The device, pipelines and buffer pool, for tests and benchmarks. */
  readonly runtime: GpuRuntime;
}

function kernelTable(rt: GpuRuntime): KernelTable<GpuHandle> {
  const table: KernelTable<GpuHandle> = {
    unary: unaryKernel(rt),
    binary: binaryKernel(rt),
    where: whereKernel(rt),
    cast: castKernel(rt),
    reduce: reduceKernel(rt),
    argReduce: argReduceKernel(rt),
    cumsum: cumsumKernel(rt),
    matmul: matmulKernel(rt),
    stridedCopy: stridedCopyKernel(rt),
    concat: concatKernel(rt),
    pad: padKernel(rt),
    gather: gatherKernel(rt),
    indexSelect: indexSelectKernel(rt),
    firstOccurrence: firstOccurrenceKernel(rt),
    scatterReduce: scatterReduceKernel(rt),
    sparseAggregate: sparseAggregateKernel(rt),
    sparseExtremeShare: sparseExtremeShareKernel(rt),
    sparseExtremeGradInput: sparseExtremeGradInputKernel(rt),
    sparseExtremeGradWeight: sparseExtremeGradWeightKernel(rt),
    edgeDot: edgeDotKernel(rt),
    segmentSoftmax: segmentSoftmaxKernel(rt),
    softmax: softmaxKernel(rt),
    conv2d: conv2dKernel(rt),
    convTranspose2d: convTranspose2dKernel(rt),
    attention: attentionKernel(rt),
    attentionQueryGrad: attentionQueryGradKernel(rt),
    attentionKeyValueGrad: attentionKeyValueGradKernel(rt),
    lstmGates: lstmGatesKernel(rt),
    lstmGatesGrad: lstmGatesGradKernel(rt),
    gruGates: gruGatesKernel(rt),
    gruGatesGrad: gruGatesGradKernel(rt),
  };
  // Every kernel first checks that the device is still there, so a lost device fails loudly.
  for (const name of Object.keys(table) as KernelName[]) {
    const kernel = table[name] as (...args: unknown[]) => GpuHandle;
    (table as Record<KernelName, unknown>)[name] = (...args: unknown[]) => {
      rt.check(name);
      return kernel(...args);
    };
  }
  return table;
}

function inPlaceKernelTable(rt: GpuRuntime): InPlaceKernelTable<GpuHandle> {
  const indexAdd = indexAddKernel(rt);
  return {
    indexAdd: (...args) => {
      rt.check('indexAdd_');
      indexAdd(...args);
    },
  };
}

/** Host values as the 32-bit words the GPU stores (bool as one u32 per element). */
function toWords(values: TypedArray, dtype: DType): Uint32Array | Int32Array | Float32Array {
  if (dtype === 'bool') return Uint32Array.from(values as Uint8Array);
  return values as Int32Array | Float32Array;
}

function fromWords(buffer: ArrayBuffer, dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(buffer, 0, size);
  if (dtype === 'int32') return new Int32Array(buffer, 0, size);
  return Uint8Array.from(new Uint32Array(buffer, 0, size), (v) => (v !== 0 ? 1 : 0));
}

/**
 * Opens a GPU device and creates the backend on it.
 * @example const backend = await createWebgpuBackend();
 */
export async function createWebgpuBackend(): Promise<WebgpuBackend> {
  const { device, adapterName } = await acquireDevice();
  const rt = new GpuRuntime(device, adapterName);
  return {
    name: 'webgpu',
    runtime: rt,
    kernels: kernelTable(rt),
    inPlaceKernels: inPlaceKernelTable(rt),
    upload(values, dtype) {
      rt.check('tensor');
      return rt.upload(toWords(values, dtype));
    },
    async read(handle, dtype, size) {
      return fromWords(await rt.read(handle, size * 4), dtype, size);
    },
    readSync() {
      throw opError('dataSync', 'the webgpu backend reads asynchronously: use await t.data() or await t.array() (dataSync and arraySync work on js and wasm)');
    },
    release(handle) {
      if (rt.lostReason === null) rt.fuser.release(handle);
    },
  };
}
