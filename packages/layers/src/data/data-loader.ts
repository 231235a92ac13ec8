// DataLoader: seeded, shuffling mini-batches over tensors that share their first dimension,
// as torch.utils.data.DataLoader over a TensorDataset.
import { indexSelect, tensor, tidy, Tensor } from '@tessera/core';
import { seededPermutation } from './permutation.js';

/** Options of DataLoader. */
export interface DataLoaderOptions {
  /** Examples per batch (default 1, as PyTorch). */
  batchSize?: number;
  /** Visit the examples in a new seeded order every epoch (default false). */
  shuffle?: boolean;
  /** The seed of the shuffled orders (default 0): the same seed gives the same epochs. */
  seed?: number;
  /** Leave out the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

const OP = 'DataLoader';

function checkTensors(tensors: readonly Tensor[]): number {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(`${OP}: expected a non-empty array of tensors`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${OP}: item ${i} is not a Tensor`);
    if (t.isDisposed) throw new Error(`${OP}: tensor ${i} of shape [${t.shape.join(',')}] was used after dispose()`);
    if (t.ndim === 0) throw new Error(`${OP}: tensor ${i} is a scalar; every tensor needs a first dimension of examples`);
  });
  const n = tensors[0].shape[0];
  const bad = tensors.findIndex((t) => t.shape[0] !== n);
  if (bad >= 0) {
    throw new Error(
      `${OP}: tensor ${bad} has shape [${tensors[bad].shape.join(',')}] but tensor 0 has [${tensors[0].shape.join(',')}]; ` +
        `every tensor needs the same first dimension (the number of examples)`,
    );
  }
  return n;
}

/**
 * Mini-batches over tensors that hold one example per row (`x` of shape [n, ...] and `y` of
 * shape [n, ...]). Each `for...of` runs one epoch and yields one batch per step: an array
 * with a [batchSize, ...] slice of every tensor, in the order given. With `shuffle` every
 * epoch visits the examples in a new order that depends only on `seed` and the epoch number.
 *
 * The loader does not own the dataset tensors (keep them alive while iterating). The batches
 * are new tensors that the caller owns: dispose them, or iterate inside `tidy` per step.
 * @example
 * const loader = new DataLoader([x, y], { batchSize: 32, shuffle: true, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [xb, yb] of loader) {
 *     trainStep(xb, yb);
 *     xb.dispose();
 *     yb.dispose();
 *   }
 * }
 */
export class DataLoader<T extends Tensor[] = Tensor[]> implements Iterable<T> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** The number of examples (the tensors' first dimension). */
  readonly numExamples: number;
  readonly #tensors: T;
  #epoch = 0;

  constructor(tensors: [...T], options: DataLoaderOptions = {}) {
    this.numExamples = checkTensors(tensors);
    const { batchSize = 1, shuffle = false, seed = 0, dropLast = false } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`${OP}: batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isSafeInteger(seed)) throw new Error(`${OP}: seed must be an integer, got ${seed}`);
    this.#tensors = [...tensors] as T;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
  }

  /**
   * The number of batches per epoch.
   * @example new DataLoader([x], { batchSize: 32 }).length; // ceil(x.shape[0] / 32)
   */
  get length(): number {
    const whole = Math.floor(this.numExamples / this.batchSize);
    return this.dropLast || this.numExamples % this.batchSize === 0 ? whole : whole + 1;
  }

  /**
   * The epoch the next `for...of` runs (counting from 0); each iteration started advances it.
   * @example loader.epoch; // 0 before the first pass
   */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Makes the next `for...of` run epoch `epoch`, to resume training in the same order.
   * @example loader.setEpoch(5);
   */
  setEpoch(epoch: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new Error(`${OP}: epoch must be a non-negative integer, got ${epoch}`);
    this.#epoch = epoch;
  }

  /**
   * One epoch of batches; the caller disposes each batch's tensors.
   * @example for (const [xb, yb] of loader) { step(xb, yb); xb.dispose(); yb.dispose(); }
   */
  *[Symbol.iterator](): Iterator<T> {
    const n = this.numExamples;
    const order = this.shuffle ? seededPermutation(n, this.seed, this.#epoch) : Int32Array.from({ length: n }, (_, i) => i);
    this.#epoch++;
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min(n, (b + 1) * this.batchSize));
      yield tidy(() => {
        const index = tensor(indices, { dtype: 'int32' });
        return this.#tensors.map((t) => indexSelect(t, 0, index));
      }) as T;
    }
  }
}
