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
export type BinaryOp = ArithmeticOp | CompareOp;

/** Reductions whose output dtype equals the input's (any/all run as max/min on bool). */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';
export type ArgReduceOp = 'argmax' | 'argmin';
export type ScatterReduceOp = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

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
  /** torch.scatter_reduce: reduces `src` into a copy of `x` at `index` along `axis`. */
  scatterReduce: {
    inputs: [x: In, index: In, src: In];
    attrs: { axis: number; reduce: ScatterReduceOp; includeSelf: boolean };
  };
  /** Softmax (or log-softmax when `log`) along `axis`, computed stably. */
  softmax: { inputs: [x: In]; attrs: { axis: number; log: boolean } };
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
