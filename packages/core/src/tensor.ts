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

  add(other: TensorLike): Tensor { return binary.add(this, other); }
  sub(other: TensorLike): Tensor { return binary.sub(this, other); }
  mul(other: TensorLike): Tensor { return binary.mul(this, other); }
  div(other: TensorLike): Tensor { return binary.div(this, other); }
  pow(exponent: TensorLike): Tensor { return binary.pow(this, exponent); }
  maximum(other: TensorLike): Tensor { return binary.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return binary.minimum(this, other); }
  eq(other: TensorLike): Tensor { return binary.eq(this, other); }
  ne(other: TensorLike): Tensor { return binary.ne(this, other); }
  lt(other: TensorLike): Tensor { return binary.lt(this, other); }
  le(other: TensorLike): Tensor { return binary.le(this, other); }
  gt(other: TensorLike): Tensor { return binary.gt(this, other); }
  ge(other: TensorLike): Tensor { return binary.ge(this, other); }

  maskedFill(mask: Tensor, value: number | boolean): Tensor { return selection.maskedFill(this, mask, value); }
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor { return selection.clamp(this, min, max); }

  neg(): Tensor { return unary.neg(this); }
  abs(): Tensor { return unary.abs(this); }
  sign(): Tensor { return unary.sign(this); }
  exp(): Tensor { return unary.exp(this); }
  log(): Tensor { return unary.log(this); }
  log1p(): Tensor { return unary.log1p(this); }
  sqrt(): Tensor { return unary.sqrt(this); }
  rsqrt(): Tensor { return unary.rsqrt(this); }
  square(): Tensor { return unary.square(this); }
  reciprocal(): Tensor { return unary.reciprocal(this); }
  sin(): Tensor { return unary.sin(this); }
  cos(): Tensor { return unary.cos(this); }
  tanh(): Tensor { return unary.tanh(this); }
  sigmoid(): Tensor { return unary.sigmoid(this); }
  relu(): Tensor { return unary.relu(this); }
  floor(): Tensor { return unary.floor(this); }
  ceil(): Tensor { return unary.ceil(this); }
  round(): Tensor { return unary.round(this); }
  erf(): Tensor { return unary.erf(this); }

  sum(dim?: number | number[], keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  mean(dim?: number | number[], keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  prod(dim?: number | number[], keepdim = false): Tensor { return reduce.prod(this, dim, keepdim); }
  max(dim?: number | number[], keepdim = false): Tensor { return reduce.max(this, dim, keepdim); }
  min(dim?: number | number[], keepdim = false): Tensor { return reduce.min(this, dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  argmin(dim?: number, keepdim = false): Tensor { return reduce.argmin(this, dim, keepdim); }
  logsumexp(dim?: number | number[], keepdim = false): Tensor { return reduce.logsumexp(this, dim, keepdim); }
  all(dim?: number | number[], keepdim = false): Tensor { return reduce.all(this, dim, keepdim); }
  any(dim?: number | number[], keepdim = false): Tensor { return reduce.any(this, dim, keepdim); }
  var(dim?: number | number[], options?: reduce.VarianceOptions): Tensor { return reduce.variance(this, dim, options); }
  std(dim?: number | number[], options?: reduce.VarianceOptions): Tensor { return reduce.std(this, dim, options); }
  cumsum(dim: number): Tensor { return reduce.cumsum(this, dim); }

  matmul(other: Tensor): Tensor { return matmul(this, other); }

  reshape(shape: readonly number[]): Tensor { return reshape.reshape(this, shape); }
  view(shape: readonly number[]): Tensor { return reshape.reshape(this, shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return reshape.flatten(this, startDim, endDim); }
  squeeze(dim?: number | number[]): Tensor { return reshape.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return reshape.unsqueeze(this, dim); }
  expand(shape: readonly number[]): Tensor { return reshape.expand(this, shape); }
  transpose(dim0: number, dim1: number): Tensor { return reorder.transpose(this, dim0, dim1); }
  permute(dims: readonly number[]): Tensor { return reorder.permute(this, dims); }
  flip(dims: number | readonly number[]): Tensor { return reorder.flip(this, dims); }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return reorder.roll(this, shifts, dims); }
  rot90(k = 1, dims: readonly [number, number] = [0, 1]): Tensor { return reorder.rot90(this, k, dims); }
  split(sizeOrSizes: number | readonly number[], dim = 0): Tensor[] { return join.split(this, sizeOrSizes, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return join.chunk(this, chunks, dim); }
  slice(dim: number, start: number, end?: number, step = 1): Tensor { return slicing.slice(this, dim, start, end, step); }
  narrow(dim: number, start: number, length: number): Tensor { return slicing.narrow(this, dim, start, length); }
  repeat(sizes: readonly number[]): Tensor { return slicing.repeat(this, sizes); }
  tril(k = 0): Tensor { return slicing.tril(this, k); }
  triu(k = 0): Tensor { return slicing.triu(this, k); }

  gather(dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  indexSelect(dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  scatterReduce(dim: number, index: Tensor, src: Tensor, reduceOp: Exclude<ScatterReduceOp, 'prod'>, options?: indexing.ScatterReduceOptions): Tensor {
    return indexing.scatterReduce(this, dim, index, src, reduceOp, options);
  }

  softmax(dim: number): Tensor { return softmax(this, dim); }
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
