// The Tensor handle: shape, dtype and a reference to backend-owned storage. Tensors are
// immutable; every method returns a new tensor. Several handles may share one storage
// (reshape is free), which is counted so storage is freed with its last handle.
import type { AnyBackend, BackendName } from './backend.js';
import type { DType, TypedArray } from './dtype.js';
import { disposeTensor, fromValues, loadBackend, swapStorage } from './engine.js';
import { check, fmt, opError } from './errors.js';
import { sizeOf, shapesEqual } from './shape.js';
import * as binary from './ops/binary.js';
import * as unary from './ops/unary.js';
import * as selection from './ops/selection.js';
import * as reduce from './ops/reduce.js';
import { matmul } from './ops/matmul.js';
import * as reshape from './ops/reshape.js';
import * as reorder from './ops/reorder.js';
import * as join from './ops/join.js';
import * as slicing from './ops/slicing.js';
import * as indexing from './ops/indexing.js';
import { indexAdd_, type IndexAddOptions } from './ops/index-add.js';
import { softmax, logSoftmax } from './ops/softmax.js';
import { cast } from './ops/cast.js';
import type { ScatterReduceOp } from './kernels.js';

/** Storage owned by a backend, shared by the tensors that view it. */
export class Storage {
  /** Tensors (handles) currently sharing this storage. */
  refs = 0;
  constructor(
    readonly backend: AnyBackend,
    readonly handle: unknown,
    readonly bytes: number,
  ) {}
}

/** What ops accept wherever a tensor operand goes: a tensor or a scalar. */
export type TensorLike = Tensor | number | boolean;

/** Nested arrays of numbers or booleans, as `array()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | NestedArray[];

let nextId = 0;

/**
 * An n-dimensional array on a backend. Create one with `tensor`, `zeros`, `randn`...
 * @example const x = tensor([[1, 2], [3, 4]], { dtype: 'float32' }); x.sum(1).dataSync();
 */
export class Tensor {
  /** A unique id of this handle. */
  readonly id = nextId++;
  /** Whether autograd should track operations on this tensor. */
  requiresGrad = false;
  /** The gradient accumulated by autograd's backward pass, if any. */
  grad: Tensor | null = null;
  /** Bumped by every in-place update (`assign`), as PyTorch's version counter. */
  version = 0;
  /** Set by dispose(); a disposed tensor can no longer be read or used. */
  isDisposed = false;
  /** Autograd's bookkeeping for this tensor (core only carries it). */
  gradFn: unknown = null;

  /** @internal Created by the engine; use the creation functions instead. */
  constructor(
    /** @internal */ public storage: Storage,
    /** The size of each dimension. */
    readonly shape: readonly number[],
    /** The element type. */
    readonly dtype: DType,
  ) {}

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The name of the backend holding this tensor's storage. */
  get backend(): BackendName {
    return this.storage.backend.name;
  }

  private live(op: string): void {
    if (this.isDisposed) throw opError(op, `tensor of shape ${fmt(this.shape)} was used after dispose()`);
  }

  /** Reads the values into a new typed array (Float32Array, Int32Array or Uint8Array for bool). */
  async data(): Promise<TypedArray> {
    this.live('data');
    return this.storage.backend.read(this.storage.handle, this.dtype, this.size);
  }

  /** Reads the values synchronously; js and wasm only (webgpu throws). */
  dataSync(): TypedArray {
    this.live('dataSync');
    return this.storage.backend.readSync(this.storage.handle, this.dtype, this.size);
  }

  /** Reads the values as nested arrays (booleans for bool tensors). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Synchronous `array()`; js and wasm only. */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /** The value of a one-element tensor. */
  async item(): Promise<number | boolean> {
    check(this.size === 1, 'item', () => `expected a tensor with one element, got shape ${fmt(this.shape)}`);
    const v = (await this.data())[0];
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /** Frees this handle (and its storage, once no other tensor shares it). */
  dispose(): void {
    disposeTensor(this);
  }

  /** @internal Frees what a subclass holds besides its storage (a sparse gradient's indices). */
  releaseParts(): void {}

  /**
   * Replaces this tensor's values with `value`'s, in place, and bumps `version`. This is the
   * explicit in-place update that optimisers and running statistics use.
   */
  assign(value: Tensor): this {
    return this.replaceStorage('assign', value, true);
  }

  /**
   * Makes this tensor share `source`'s storage, on whichever backend `source` lives, and bumps
   * `version`, as PyTorch's `set_`. The handle stays the same object, so whatever holds it (a
   * module's parameter list, an optimiser) sees the move. Shape and dtype must match.
   * @example w.set(await w.to('webgpu')); // w now lives on webgpu
   */
  set(source: Tensor): this {
    return this.replaceStorage('set', source, false);
  }

  private replaceStorage(op: string, value: Tensor, sameBackend: boolean): this {
    this.live(op);
    value.live(op);
    check(shapesEqual(this.shape, value.shape) && this.dtype === value.dtype, op, () =>
      `expected a ${this.dtype} tensor of shape ${fmt(this.shape)}, got ${value.dtype} ${fmt(value.shape)}`);
    check(!sameBackend || value.storage.backend === this.storage.backend, op, () =>
      `value lives on ${value.backend}, this tensor on ${this.backend}`);
    swapStorage(this, value);
    this.version++;
    return this;
  }

  /** A copy of this tensor on another backend. */
  async to(backend: BackendName): Promise<Tensor> {
    const target = await loadBackend(backend);
    return fromValues(await this.data(), this.shape, this.dtype, target);
  }

  /** A copy with its own storage. */
  clone(): Tensor {
    this.live('clone');
    return cast(this, this.dtype, true);
  }

  /** Converts to float32. */
  float(): Tensor { return cast(this, 'float32'); }
  /** Converts to int32 (truncating toward zero). */
  int(): Tensor { return cast(this, 'int32'); }
  /** Converts to bool (non-zero is true). */
  bool(): Tensor { return cast(this, 'bool'); }

  /** `add(this, other)`: see the function `add`. */
  add(other: TensorLike): Tensor { return binary.add(this, other); }
  /** `sub(this, other)`: see the function `sub`. */
  sub(other: TensorLike): Tensor { return binary.sub(this, other); }
  /** `mul(this, other)`: see the function `mul`. */
  mul(other: TensorLike): Tensor { return binary.mul(this, other); }
  /** `div(this, other)`: see the function `div`. */
  div(other: TensorLike): Tensor { return binary.div(this, other); }
  /** `pow(this, exponent)`: see the function `pow`. */
  pow(exponent: TensorLike): Tensor { return binary.pow(this, exponent); }
  /** `maximum(this, other)`: see the function `maximum`. */
  maximum(other: TensorLike): Tensor { return binary.maximum(this, other); }
  /** `minimum(this, other)`: see the function `minimum`. */
  minimum(other: TensorLike): Tensor { return binary.minimum(this, other); }
  /** `eq(this, other)`: see the function `eq`. */
  eq(other: TensorLike): Tensor { return binary.eq(this, other); }
  /** `ne(this, other)`: see the function `ne`. */
  ne(other: TensorLike): Tensor { return binary.ne(this, other); }
  /** `lt(this, other)`: see the function `lt`. */
  lt(other: TensorLike): Tensor { return binary.lt(this, other); }
  /** `le(this, other)`: see the function `le`. */
  le(other: TensorLike): Tensor { return binary.le(this, other); }
  /** `gt(this, other)`: see the function `gt`. */
  gt(other: TensorLike): Tensor { return binary.gt(this, other); }
  /** `ge(this, other)`: see the function `ge`. */
  ge(other: TensorLike): Tensor { return binary.ge(this, other); }

  /** `maskedFill(this, mask, value)`: see the function `maskedFill`. */
  maskedFill(mask: Tensor, value: number | boolean): Tensor { return selection.maskedFill(this, mask, value); }
  /** `clamp(this, min, max)`: see the function `clamp`. */
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor { return selection.clamp(this, min, max); }

  /** `neg(this)`: see the function `neg`. */
  neg(): Tensor { return unary.neg(this); }
  /** `abs(this)`: see the function `abs`. */
  abs(): Tensor { return unary.abs(this); }
  /** `sign(this)`: see the function `sign`. */
  sign(): Tensor { return unary.sign(this); }
  /** `exp(this)`: see the function `exp`. */
  exp(): Tensor { return unary.exp(this); }
  /** `log(this)`: see the function `log`. */
  log(): Tensor { return unary.log(this); }
  /** `log1p(this)`: see the function `log1p`. */
  log1p(): Tensor { return unary.log1p(this); }
  /** `sqrt(this)`: see the function `sqrt`. */
  sqrt(): Tensor { return unary.sqrt(this); }
  /** `rsqrt(this)`: see the function `rsqrt`. */
  rsqrt(): Tensor { return unary.rsqrt(this); }
  /** `square(this)`: see the function `square`. */
  square(): Tensor { return unary.square(this); }
  /** `reciprocal(this)`: see the function `reciprocal`. */
  reciprocal(): Tensor { return unary.reciprocal(this); }
  /** `sin(this)`: see the function `sin`. */
  sin(): Tensor { return unary.sin(this); }
  /** `cos(this)`: see the function `cos`. */
  cos(): Tensor { return unary.cos(this); }
  /** `tanh(this)`: see the function `tanh`. */
  tanh(): Tensor { return unary.tanh(this); }
  /** `sigmoid(this)`: see the function `sigmoid`. */
  sigmoid(): Tensor { return unary.sigmoid(this); }
  /** `relu(this)`: see the function `relu`. */
  relu(): Tensor { return unary.relu(this); }
  /** `floor(this)`: see the function `floor`. */
  floor(): Tensor { return unary.floor(this); }
  /** `ceil(this)`: see the function `ceil`. */
  ceil(): Tensor { return unary.ceil(this); }
  /** `round(this)`: see the function `round`. */
  round(): Tensor { return unary.round(this); }
  /** `erf(this)`: see the function `erf`. */
  erf(): Tensor { return unary.erf(this); }

  /** `sum(this, dim, keepdim)`: see the function `sum`. */
  sum(dim?: number | number[], keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  /** `mean(this, dim, keepdim)`: see the function `mean`. */
  mean(dim?: number | number[], keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  /** `prod(this, dim, keepdim)`: see the function `prod`. */
  prod(dim?: number | number[], keepdim = false): Tensor { return reduce.prod(this, dim, keepdim); }
  /** `max(this, dim, keepdim)`: see the function `max`. */
  max(dim?: number | number[], keepdim = false): Tensor { return reduce.max(this, dim, keepdim); }
  /** `min(this, dim, keepdim)`: see the function `min`. */
  min(dim?: number | number[], keepdim = false): Tensor { return reduce.min(this, dim, keepdim); }
  /** `argmax(this, dim, keepdim)`: see the function `argmax`. */
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  /** `argmin(this, dim, keepdim)`: see the function `argmin`. */
  argmin(dim?: number, keepdim = false): Tensor { return reduce.argmin(this, dim, keepdim); }
  /** `logsumexp(this, dim, keepdim)`: see the function `logsumexp`. */
  logsumexp(dim?: number | number[], keepdim = false): Tensor { return reduce.logsumexp(this, dim, keepdim); }
  /** `all(this, dim, keepdim)`: see the function `all`. */
  all(dim?: number | number[], keepdim = false): Tensor { return reduce.all(this, dim, keepdim); }
  /** `any(this, dim, keepdim)`: see the function `any`. */
  any(dim?: number | number[], keepdim = false): Tensor { return reduce.any(this, dim, keepdim); }
  /** `variance(this, dim, options)`: see the function `variance`. */
  var(dim?: number | number[], options?: reduce.VarianceOptions): Tensor { return reduce.variance(this, dim, options); }
  /** `std(this, dim, options)`: see the function `std`. */
  std(dim?: number | number[], options?: reduce.VarianceOptions): Tensor { return reduce.std(this, dim, options); }
  /** `cumsum(this, dim)`: see the function `cumsum`. */
  cumsum(dim: number): Tensor { return reduce.cumsum(this, dim); }

  /** `matmul(this, other)`: see the function `matmul`. */
  matmul(other: Tensor): Tensor { return matmul(this, other); }

  /** `reshape(this, shape)`: see the function `reshape`. */
  reshape(shape: readonly number[]): Tensor { return reshape.reshape(this, shape); }
  /** `reshape(this, shape)`: see the function `reshape`. */
  view(shape: readonly number[]): Tensor { return reshape.reshape(this, shape); }
  /** `flatten(this, startDim, endDim)`: see the function `flatten`. */
  flatten(startDim = 0, endDim = -1): Tensor { return reshape.flatten(this, startDim, endDim); }
  /** `squeeze(this, dim)`: see the function `squeeze`. */
  squeeze(dim?: number | number[]): Tensor { return reshape.squeeze(this, dim); }
  /** `unsqueeze(this, dim)`: see the function `unsqueeze`. */
  unsqueeze(dim: number): Tensor { return reshape.unsqueeze(this, dim); }
  /** `expand(this, shape)`: see the function `expand`. */
  expand(shape: readonly number[]): Tensor { return reshape.expand(this, shape); }
  /** `transpose(this, dim0, dim1)`: see the function `transpose`. */
  transpose(dim0: number, dim1: number): Tensor { return reorder.transpose(this, dim0, dim1); }
  /** `permute(this, dims)`: see the function `permute`. */
  permute(dims: readonly number[]): Tensor { return reorder.permute(this, dims); }
  /** `flip(this, dims)`: see the function `flip`. */
  flip(dims: number | readonly number[]): Tensor { return reorder.flip(this, dims); }
  /** `roll(this, shifts, dims)`: see the function `roll`. */
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return reorder.roll(this, shifts, dims); }
  /** `rot90(this, k, dims)`: see the function `rot90`. */
  rot90(k = 1, dims: readonly [number, number] = [0, 1]): Tensor { return reorder.rot90(this, k, dims); }
  /** `split(this, sizeOrSizes, dim)`: see the function `split`. */
  split(sizeOrSizes: number | readonly number[], dim = 0): Tensor[] { return join.split(this, sizeOrSizes, dim); }
  /** `chunk(this, chunks, dim)`: see the function `chunk`. */
  chunk(chunks: number, dim = 0): Tensor[] { return join.chunk(this, chunks, dim); }
  /** `slice(this, dim, start, end, step)`: see the function `slice`. */
  slice(dim: number, start: number, end?: number, step = 1): Tensor { return slicing.slice(this, dim, start, end, step); }
  /** `narrow(this, dim, start, length)`: see the function `narrow`. */
  narrow(dim: number, start: number, length: number): Tensor { return slicing.narrow(this, dim, start, length); }
  /** `repeat(this, sizes)`: see the function `repeat`. */
  repeat(sizes: readonly number[]): Tensor { return slicing.repeat(this, sizes); }
  /** `tril(this, k)`: see the function `tril`. */
  tril(k = 0): Tensor { return slicing.tril(this, k); }
  /** `triu(this, k)`: see the function `triu`. */
  triu(k = 0): Tensor { return slicing.triu(this, k); }

  /** `gather(this, dim, index)`: see the function `gather`. */
  gather(dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  /** `indexSelect(this, dim, index)`: see the function `indexSelect`. */
  indexSelect(dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }
  /** `scatterAdd(this, dim, index, src)`: see the function `scatterAdd`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  /** `indexAdd_(this, dim, index, source, options)`, in place: see the function `indexAdd_`. */
  indexAdd_(dim: number, index: Tensor, source: Tensor, options?: IndexAddOptions): this { indexAdd_(this, dim, index, source, options); return this; }
  /** `scatterReduce(this, dim, index, src, reduceOp, options)`: see the function `scatterReduce`. */
  scatterReduce(dim: number, index: Tensor, src: Tensor, reduceOp: Exclude<ScatterReduceOp, 'prod'>, options?: indexing.ScatterReduceOptions): Tensor {
    return indexing.scatterReduce(this, dim, index, src, reduceOp, options);
  }

  /** `softmax(this, dim)`: see the function `softmax`. */
  softmax(dim: number): Tensor { return softmax(this, dim); }
  /** `logSoftmax(this, dim)`: see the function `logSoftmax`. */
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  /** A short description: shape, dtype and backend. */
  toString(): string {
    return `Tensor(shape=${fmt(this.shape)}, dtype=${this.dtype}, backend=${this.backend})`;
  }
}

function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const read = (i: number): number | boolean => (dtype === 'bool' ? values[i] !== 0 : values[i]);
  if (shape.length === 0) return read(0);
  let offset = 0;
  const build = (dim: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[dim]; i++) out.push(dim === shape.length - 1 ? read(offset++) : build(dim + 1));
    return out;
  };
  return build(0);
}
