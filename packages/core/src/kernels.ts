// The primitive operations every backend implements. Public ops (softmax, losses, pooling,
// shape functions...) are compositions of these; adding a kernel here is a type error in
// every backend and in autograd's gradient table until each of them implements it.
import type { DType } from './dtype.js';

/** Element-wise functions of one argument; the kernel's input and output dtypes are equal. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'rsqrt' | 'square' | 'reciprocal'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'leakyRelu' | 'elu' | 'silu' | 'softplus'
  | 'floor' | 'ceil' | 'round' | 'erf' | 'gelu' | 'geluTanh';

/** Arithmetic on two broadcast operands of one dtype; the output has that dtype. */
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
/** Comparisons of two broadcast operands of one dtype; the output is bool. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** Every element-wise operation of two operands. */
export type BinaryOp = ArithmeticOp | CompareOp;

/** Reductions whose output dtype equals the input's (any/all run as max/min on bool). */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';
/** Reductions to the index of an extreme along one axis. */
export type ArgReduceOp = 'argmax' | 'argmin';
/** How scatterReduce combines values that land on one position (torch.scatter_reduce's `reduce`). */
export type ScatterReduceOp = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';
/** How sparseAggregate folds a destination's incoming messages. */
export type SparseReduceOp = 'sum' | 'mean' | 'max' | 'min';

/** Attributes of the attention kernels: the score scale and whether keys after the query are masked. */
export interface AttentionAttrs {
  scale: number;
  causal: boolean;
}

/** What a kernel learns about an input: its shape, dtype and the backend's storage handle. */
export interface TensorInfo<H = unknown> {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly handle: H;
}

/** The output a kernel must produce; shape and dtype are decided by the op definition. */
export interface OutputInfo {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Marks an input position in a kernel signature. */
type In = 'tensor';

/**
 * The int32 index tensors of a graph, in the order every sparse kernel takes them: the CSR
 * sorted by destination (`rowPtr [numDst+1]`, `colIndex [E]`: sources), its transpose sorted
 * by source (`tRowPtr [numSrc+1]`, `tColIndex [E]`: destinations), and the two maps between
 * their edge positions (`toT [E]`: CSR position → transposed position, `fromT [E]`: the
 * inverse). Kernels read the CSR; gradient rules read the rest (see ops/sparse.ts).
 */
type GraphInputs = [rowPtr: In, colIndex: In, tRowPtr: In, tColIndex: In, toT: In, fromT: In];

/**
 * Every kernel: its inputs (in order) and its attributes. Axes in attributes are already
 * normalised (non-negative, sorted where a set) by the op definition.
 */
export interface KernelSignatures {
  /** `out = f(x)` element-wise; `alpha` is leakyRelu's slope or elu's alpha. */
  unary: { inputs: [x: In]; attrs: { op: UnaryOp; alpha: number } };
  /** `out = a ∘ b` with broadcasting; `a` and `b` share a dtype. */
  binary: { inputs: [a: In, b: In]; attrs: { op: BinaryOp } };
  /** `out = cond ? a : b` with broadcasting; cond is bool, `a` and `b` share the output dtype. */
  where: { inputs: [cond: In, a: In, b: In]; attrs: Record<string, never> };
  /** Converts to `out.dtype`: float → int truncates toward zero, anything → bool is `!= 0`. */
  cast: { inputs: [x: In]; attrs: Record<string, never> };
  /** Reduces over `axes`; the output holds the kept axes in order (keepdim is a reshape). */
  reduce: { inputs: [x: In]; attrs: { op: ReduceOp; axes: number[] } };
  /** Index (int32) of the first maximum or minimum along `axis`; NaN counts as the extreme. */
  argReduce: { inputs: [x: In]; attrs: { op: ArgReduceOp; axis: number } };
  /** Inclusive running sum along `axis`. */
  cumsum: { inputs: [x: In]; attrs: { axis: number } };
  /** Batched `a @ b` over `[..., M, K] @ [..., K, N]` with broadcast batch dimensions. */
  matmul: { inputs: [a: In, b: In]; attrs: { transposeA: boolean; transposeB: boolean } };
  /**
   * Materialises a strided view of a contiguous input: `out[i] = x.flat[offset + Σ i_k·strides_k]`.
   * Strides may be 0 (expand) or negative (flip). Transpose, permute, slice, expand, repeat and
   * flip are all this kernel.
   */
  stridedCopy: { inputs: [x: In]; attrs: { strides: number[]; offset: number } };
  /** Joins inputs of equal shape except along `axis`. */
  concat: { inputs: In[]; attrs: { axis: number } };
  /** Constant padding; `pads[d] = [before, after]` for every dim, negative values crop. */
  pad: { inputs: [x: In]; attrs: { pads: [number, number][]; value: number } };
  /** `out[i][j][k] = x[index[i][j][k]][j][k]` for axis 0, and so on (torch.gather). */
  gather: { inputs: [x: In, index: In]; attrs: { axis: number } };
  /** Picks the entries of 1-D `index` along `axis` (torch.index_select). */
  indexSelect: { inputs: [x: In, index: In]; attrs: { axis: number } };
  /**
   * For each entry k of a 1-D int32 index, the position of the first entry holding the same
   * value (int32, `out[k] <= k`): how rows sharing an index are grouped without a tensor the
   * size of the table they index.
   */
  firstOccurrence: { inputs: [index: In]; attrs: Record<string, never> };
  /** torch.scatter_reduce: reduces `src` into a copy of `x` at `index` along `axis`. */
  scatterReduce: {
    inputs: [x: In, index: In, src: In];
    attrs: { axis: number; reduce: ScatterReduceOp; includeSelf: boolean };
  };
  /**
   * Pull per destination i of a CSR graph: `out[i,h,f] = reduce over its edges k of
   * weight[k,h] · x[colIndex[k],h,f]`; x `[numSrc,H,F]`, weight `[E,H]` in CSR order, out
   * `[numDst,H,F]`; rows without edges give 0.
   */
  sparseAggregate: { inputs: [x: In, weight: In, ...GraphInputs]; attrs: { reduce: SparseReduceOp } };
  /**
   * The backward of a max/min sparseAggregate, step 1: `out[i,h,f] = grad[i,h,f] / n[i,h,f]`,
   * n the number of CSR edges k of row i whose message `weight[k,h] · x[colIndex[k],h,f]`
   * equals the aggregate `y[i,h,f]` (ties share the gradient evenly, as torch.scatter_reduce's
   * amax/amin); 0 for rows without edges. x `[numSrc,H,F]`, weight `[E,H]`, y and grad `[numDst,H,F]`.
   */
  sparseExtremeShare: { inputs: [x: In, weight: In, y: In, grad: In, ...GraphInputs]; attrs: Record<string, never> };
  /**
   * Step 2, the gradient of x: a pull per source j over the transposed CSR,
   * `out[j,h,f] = Σ_{edges k: j → i} [weight[k,h] · x[j,h,f] = y[i,h,f]] · weight[k,h] · share[i,h,f]`.
   */
  sparseExtremeGradInput: { inputs: [x: In, weight: In, y: In, share: In, ...GraphInputs]; attrs: Record<string, never> };
  /**
   * Step 3, the gradient of the edge weights: per CSR edge k of row i,
   * `out[k,h] = Σ_f [weight[k,h] · x[j,h,f] = y[i,h,f]] · x[j,h,f] · share[i,h,f]` with j = colIndex[k].
   */
  sparseExtremeGradWeight: { inputs: [x: In, weight: In, y: In, share: In, ...GraphInputs]; attrs: Record<string, never> };
  /** Per CSR edge k of row i: `out[k,h] = Σ_f a[i,h,f] · b[colIndex[k],h,f]`; a `[numDst,H,F]`, b `[numSrc,H,F]`. */
  edgeDot: { inputs: [a: In, b: In, ...GraphInputs]; attrs: Record<string, never> };
  /** Softmax of per-edge scores `[E,H]` (CSR order) over each destination's edges, per head. */
  segmentSoftmax: { inputs: [scores: In, ...GraphInputs]; attrs: Record<string, never> };
  /** Softmax (or log-softmax when `log`) along `axis`, computed stably. */
  softmax: { inputs: [x: In]; attrs: { axis: number; log: boolean } };
  /**
   * Fused scaled dot-product attention over `query [B,L,E]`, `key [B,S,E]`, `value [B,S,Ev]`
   * and an optional additive float `mask [Bm,Lm,Sm]` (each of Bm, Lm, Sm is 1 or full size:
   * it broadcasts). The output is `[B, L, Ev + 1]`: the attention output in the first Ev
   * columns and each row's log-sum-exp of the scores in the last, which the backward kernels
   * read instead of a stored score matrix (kernels return one tensor, so the two travel
   * packed). `causal` keeps key j ≤ query i. A row with no finite score gives zeros and −∞.
   */
  attention: { inputs: [query: In, key: In, value: In, mask?: In]; attrs: AttentionAttrs };
  /**
   * dQuery `[B,L,E]` of `attention`, from its inputs, its packed output and that output's
   * gradient `[B,L,Ev+1]` (the last column is the log-sum-exp's gradient).
   */
  attentionQueryGrad: { inputs: [query: In, key: In, value: In, out: In, gradOut: In, mask?: In]; attrs: AttentionAttrs };
  /**
   * dKey and dValue of `attention`, packed as `[B, S, E + Ev]`; a separate kernel from
   * dQuery so that each output row is written by one loop (one GPU thread) with no atomics.
   */
  attentionKeyValueGrad: { inputs: [query: In, key: In, value: In, out: In, gradOut: In, mask?: In]; attrs: AttentionAttrs };
  /**
   * The fused LSTM cell update from gate pre-activations `gates [B,4H]` (PyTorch's order
   * i|f|g|o) and `cPrev [B,H]`: `c = σ(f)·cPrev + σ(i)·tanh(g)`, `h = σ(o)·tanh(c)`, packed
   * as `[B, 2H]` (h in the first H columns, c in the last: kernels return one tensor).
   */
  lstmGates: { inputs: [gates: In, cPrev: In]; attrs: Record<string, never> };
  /**
   * The backward of `lstmGates` from its inputs and its packed output's gradient `[B,2H]`
   * (dh | dc), recomputing the activations: `[B, 5H]` = dGates (4H) | dcPrev (H).
   */
  lstmGatesGrad: { inputs: [gates: In, cPrev: In, gradOut: In]; attrs: Record<string, never> };
  /**
   * The fused GRU cell update from `gi [B,3H]` (x·W_ihᵀ + b_ih, PyTorch's order r|z|n),
   * `gh [B,3H]` (h·W_hhᵀ + b_hh) and `hPrev [B,H]`: `r = σ(gi_r + gh_r)`,
   * `z = σ(gi_z + gh_z)`, `n = tanh(gi_n + r·gh_n)`, `h = (1 − z)·n + z·hPrev`, `[B,H]`.
   */
  gruGates: { inputs: [gi: In, gh: In, hPrev: In]; attrs: Record<string, never> };
  /**
   * The backward of `gruGates` from its inputs and the gradient of h `[B,H]`, recomputing
   * the activations: `[B, 7H]` = dGi (3H) | dGh (3H) | dhPrev (H).
   */
  gruGatesGrad: { inputs: [gi: In, gh: In, hPrev: In, gradOut: In]; attrs: Record<string, never> };
  /** 2-D convolution of `[N,C,H,W]` by `[O,C/groups,kH,kW]`, symmetric zero padding. */
  conv2d: {
    inputs: [x: In, weight: In, bias?: In];
    attrs: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number };
  };
  /** Transposed 2-D convolution of `[N,Cin,H,W]` by `[Cin,Cout/groups,kH,kW]`. */
  convTranspose2d: {
    inputs: [x: In, weight: In, bias?: In];
    attrs: {
      stride: [number, number];
      padding: [number, number];
      outputPadding: [number, number];
      dilation: [number, number];
      groups: number;
    };
  };
}

/**
 * Kernels that update their first operand's storage in place instead of making an output:
 * the row updates optimisers apply to large tables. They are not recorded by autograd.
 */
export interface InPlaceKernelSignatures {
  /**
   * `target[o, index[k], i] += alpha · source[o, k, i]` around `axis` (torch.index_add_),
   * entries sharing an index accumulated in index order, so every backend rounds alike.
   * `index` is 1-D int32; `source` has the target's shape with `index.length` along `axis`.
   */
  indexAdd: { inputs: [index: In, source: In]; attrs: { axis: number; alpha: number } };
}

/** The name of an in-place kernel. */
export type InPlaceKernelName = keyof InPlaceKernelSignatures;

/** One backend's implementation of an in-place kernel: writes into `target`'s storage. */
export type InPlaceKernel<K extends InPlaceKernelName, H> = (
  target: TensorInfo<H>,
  inputs: InputInfos<InPlaceKernelSignatures[K]['inputs'], H>,
  attrs: InPlaceKernelSignatures[K]['attrs'],
) => void;

/** A backend's in-place kernels, keyed by name: a missing one is a type error. */
export type InPlaceKernelTable<H> = { [K in InPlaceKernelName]: InPlaceKernel<K, H> };

/** The name of a primitive kernel. */
export type KernelName = keyof KernelSignatures;

/** The attributes a kernel takes. */
export type KernelAttrs<K extends KernelName> = KernelSignatures[K]['attrs'];

/** A kernel's inputs as `TensorInfo`s carrying the backend's handle type. */
export type KernelInputs<K extends KernelName, H> = InputInfos<KernelSignatures[K]['inputs'], H>;
/** One `TensorInfo` per input position (a separate mapped type, so that tuples stay tuples). */
export type InputInfos<T, H> = { [I in keyof T]: TensorInfo<H> };

/** One backend's implementation of one kernel: returns the handle of a new output. */
export type Kernel<K extends KernelName, H> = (inputs: KernelInputs<K, H>, attrs: KernelAttrs<K>, out: OutputInfo) => H;

/** A backend's kernels, keyed by name: a missing kernel is a type error. */
export type KernelTable<H> = { [K in KernelName]: Kernel<K, H> };

/**
 * What the engine reports to autograd: every kernel, plus `reshape`, which is not a kernel
 * (a reshape shares its input's storage) but still needs a gradient (reshape back).
 */
export interface RecordedSignatures extends KernelSignatures {
  reshape: { inputs: [x: In]; attrs: Record<string, never> };
}

/** The name of a recorded operation: a kernel or `reshape`. */
export type RecordedName = keyof RecordedSignatures;
