// SparseGradient: the gradient of a table looked up row by row (an embedding with sparse
// gradients), kept as the rows a step touched instead of a tensor the size of the table, as
// PyTorch's sparse COO gradients are. It lives in core because `Tensor.grad` is core's type.
import type { BackendName } from './backend.js';
import type { DType } from './dtype.js';
import { alias, fromValues, makeTensor, tidy } from './engine.js';
import { check, fmt } from './errors.js';
import { Tensor, type Storage } from './tensor.js';
import { scatterAdd } from './ops/indexing.js';
import { expand, reshape } from './ops/reshape.js';
import { sizeOf } from './shape.js';

/**
 * A sparse row gradient: as a Tensor it is its rows `[n, ...rowShape]` (PyTorch's
 * `grad._values()`); `indices` (int32 `[n]`, PyTorch's `grad._indices()[0]`) says which row
 * of a `denseShape` tensor each of them adds to. Indices may repeat (uncoalesced): the dense
 * gradient is the sum of all the rows at each index. Elementwise scaling of it (as gradient
 * clipping does) scales the dense gradient; anything else should go through `toDense()`.
 * @example
 * const g = weight.grad;
 * if (g instanceof SparseGradient) console.log(g.indices.dataSync(), g.denseShape, await g.toDense().array());
 */
export class SparseGradient extends Tensor {
  /** @internal Made by `sparseGradient`. */
  constructor(
    storage: Storage,
    shape: readonly number[],
    dtype: DType,
    /** Which row of the dense gradient each row adds to: int32 `[n]`. */
    readonly indices: Tensor,
    /** The shape of the dense gradient (the parameter's shape). */
    readonly denseShape: readonly number[],
  ) {
    super(storage, shape, dtype);
  }

  /** The dense gradient `[num, ...]`: rows summed into zeros at their indices. */
  toDense(): Tensor {
    return tidy(() => {
      const zeros = fromValues(new Float32Array(sizeOf(this.denseShape)), this.denseShape, 'float32', this.storage.backend);
      const along = this.shape.map((s, d) => (d === 0 ? s : 1));
      return scatterAdd(zeros, 0, expand(reshape(this.indices, along), this.shape), this);
    });
  }

  /** A copy on another backend, rows and indices both. */
  override async to(backend: BackendName): Promise<SparseGradient> {
    const values = await super.to(backend);
    const indices = await this.indices.to(backend);
    try {
      return sparseGradient(indices, values, this.denseShape);
    } finally {
      values.dispose();
      indices.dispose();
    }
  }

  /**
   * Moves this gradient onto the storage of `source`, another sparse gradient with the same
   * number of rows (as `Module.to` moves gradients between backends).
   */
  override set(source: Tensor): this {
    check(source instanceof SparseGradient, 'set', () => `a sparse gradient can only take the storage of another sparse gradient, got a dense ${fmt(source.shape)} tensor`);
    super.set(source);
    this.indices.set((source as SparseGradient).indices);
    return this;
  }

  /** @internal Frees the indices with the rows. */
  override releaseParts(): void {
    this.indices.dispose();
  }
}

/**
 * Makes a sparse gradient of a `denseShape` tensor from int32 row `indices` `[n]` and the
 * `values` `[n, ...denseShape.slice(1)]` added at them. The result holds its own handles:
 * disposing it frees them, disposing the arguments does not affect it.
 * @example const g = sparseGradient(tensor([0, 2, 0]), ones([3, 4]), [5, 4]);
 */
export function sparseGradient(indices: Tensor, values: Tensor, denseShape: readonly number[]): SparseGradient {
  const op = 'sparseGradient';
  check(!indices.isDisposed && !values.isDisposed, op, () => 'indices and values must be live tensors');
  check(indices.dtype === 'int32' && indices.ndim === 1, op, () => `indices must be int32 and 1-D, got ${indices.dtype} ${fmt(indices.shape)}`);
  check(values.dtype === 'float32', op, () => `values must be float32, got ${values.dtype} ${fmt(values.shape)}`);
  const rowShape = denseShape.slice(1);
  check(
    denseShape.length >= 1 && values.ndim === denseShape.length && values.shape[0] === indices.shape[0] && rowShape.every((s, d) => values.shape[d + 1] === s),
    op,
    () => `values ${fmt(values.shape)} must be [${indices.shape[0]}${rowShape.map((s) => `,${s}`).join('')}] for ${indices.shape[0]} indices of a ${fmt(denseShape)} gradient`,
  );
  check(indices.backend === values.backend, op, () => `indices are on ${indices.backend}, values on ${values.backend}`);
  // The indices handle belongs to the gradient alone: no tidy() scope frees it.
  const rows = alias(indices);
  return makeTensor(values.storage, values.shape, 'float32', (s, sh, d) => new SparseGradient(s, sh, d, rows, [...denseShape]));
}

/** Whether a gradient is a sparse row gradient. */
export function isSparseGradient(g: unknown): g is SparseGradient {
  return g instanceof SparseGradient;
}
