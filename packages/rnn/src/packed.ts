// Variable-length batches as PyTorch packs them: the time steps of every sequence interleaved,
// longest sequences first, so a recurrent layer's batch shrinks as sequences end and padding
// never enters the recurrence. Packing and unpacking are one row gather each (differentiable).
import { cat, full, indexSelect, reshape, tensor, tidy, Tensor } from '@tessera/core';
import { check, fmt } from './args.js';

/**
 * A packed batch, as PyTorch's `PackedSequence`: `data` `[sum(lengths), *]` holds time step 0
 * of every sequence, then step 1 of those still running, and so on, longest first;
 * `batchSizes[t]` is how many sequences have a step `t`. `sortedIndices[i]` is the original
 * batch index of the i-th longest sequence and `unsortedIndices` its inverse (both null when
 * the batch was already sorted). It is a plain object, so `tidy` and `Module.call` keep its
 * `data`; dispose `data` when done. The index arrays are plain numbers (PyTorch keeps them as
 * CPU tensors).
 */
export interface PackedSequence {
  /** `[sum(lengths), *]`: the steps of all sequences, time-major. */
  readonly data: Tensor;
  /** How many sequences are still running at each time step (non-increasing). */
  readonly batchSizes: readonly number[];
  /** Original batch index of each sorted position, or null. */
  readonly sortedIndices: readonly number[] | null;
  /** Sorted position of each original batch index, or null. */
  readonly unsortedIndices: readonly number[] | null;
}

/** Options of packPaddedSequence. */
export interface PackPaddedSequenceOptions {
  /** The input is `[B, T, *]` rather than `[T, B, *]`. Default false. */
  batchFirst?: boolean;
  /** Require lengths in decreasing order (else they are sorted and the order recorded). Default true. */
  enforceSorted?: boolean;
}

/** Options of padPackedSequence. */
export interface PadPackedSequenceOptions {
  /** Return `[B, T, *]` rather than `[T, B, *]`. Default false. */
  batchFirst?: boolean;
  /** The value of padded positions. Default 0. */
  paddingValue?: number;
  /** Pad to this many steps (at least the longest sequence). Default: the longest sequence. */
  totalLength?: number | null;
}

/** Whether `x` is a PackedSequence (rather than a tensor). */
export function isPackedSequence(x: unknown): x is PackedSequence {
  return !(x instanceof Tensor) && typeof x === 'object' && x !== null && 'data' in x && Array.isArray((x as PackedSequence).batchSizes);
}

/** The sort order (longest first, stable) of `lengths`, checked against `enforceSorted`. */
function sortOrder(where: string, lengths: readonly number[], enforceSorted: boolean): number[] | null {
  const sorted = lengths.every((l, i) => i === 0 || lengths[i - 1] >= l);
  if (enforceSorted) {
    check(sorted, where, () => `lengths must be sorted in decreasing order when enforceSorted is true, got ${fmt(lengths)} (pass enforceSorted: false to have them sorted)`);
    return null;
  }
  return lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
}

function inverse(order: readonly number[]): number[] {
  const inv = new Array<number>(order.length);
  order.forEach((o, i) => (inv[o] = i));
  return inv;
}

/** `batchSizes[t]` = how many of the (sorted) lengths exceed t. */
function batchSizesOf(sortedLengths: readonly number[]): number[] {
  const sizes: number[] = [];
  for (let t = 0; t < sortedLengths[0]; t++) sizes.push(sortedLengths.filter((l) => l > t).length);
  return sizes;
}

function lengthList(where: string, lengths: readonly number[] | Tensor): number[] {
  const list = lengths instanceof Tensor ? Array.from(lengths.dataSync()) : [...lengths];
  check(list.length > 0, where, () => 'lengths must not be empty');
  check(list.every((l) => Number.isInteger(l) && l > 0), where, () => `every length must be a positive integer, got ${fmt(list)}`);
  return list;
}

/** Gathers `rows` of `x` `[R, *]` into `[rows.length, *]`. */
function gatherRows(x: Tensor, rows: readonly number[]): Tensor {
  return indexSelect(x, 0, tensor(Int32Array.from(rows), { dtype: 'int32' }));
}

/**
 * Packs a padded batch `[T, B, *]` (`[B, T, *]` with batchFirst) whose sequences have the
 * given lengths, as PyTorch's `pack_padded_sequence`. Lengths are numbers (or an int32
 * tensor, read back synchronously: js and wasm only); with `enforceSorted` (the default) they
 * must be non-increasing. Gradients flow back into `input`.
 * @example
 * const packed = packPaddedSequence(padded, [5, 3, 2]); // padded [5, 3, F]
 * const [out, hn] = gru.call(packed); // out.data [10, H], hn [1, 3, H]
 * const [unpacked, lengths] = padPackedSequence(out);
 */
export function packPaddedSequence(input: Tensor, lengths: readonly number[] | Tensor, options: PackPaddedSequenceOptions = {}): PackedSequence {
  const where = 'packPaddedSequence';
  const { batchFirst = false, enforceSorted = true } = options;
  const list = lengthList(where, lengths);
  check(input.ndim >= 2, where, () => `input must be [T, B, *] (or [B, T, *] with batchFirst), got shape ${fmt(input.shape)}`);
  const [T, B] = batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
  check(list.length === B, where, () => `got ${list.length} lengths for a batch of ${B} (input shape ${fmt(input.shape)}, batchFirst ${batchFirst})`);
  list.forEach((l, b) =>
    check(l <= T, where, () => `length ${l} of sequence ${b} exceeds the sequence length ${T} of input shape ${fmt(input.shape)} (batchFirst ${batchFirst})`));
  const order = sortOrder(where, list, enforceSorted);
  const sorted = order ? order.map((i) => list[i]) : list;
  const batchSizes = batchSizesOf(sorted);
  // Row (t, b) of the [T·B, *] (or [B·T, *]) flattening for every packed step.
  const rows: number[] = [];
  batchSizes.forEach((bs, t) => {
    for (let s = 0; s < bs; s++) {
      const b = order ? order[s] : s;
      rows.push(batchFirst ? b * T + t : t * B + b);
    }
  });
  const data = tidy(() => gatherRows(reshape(input, [T * B, ...input.shape.slice(2)]), rows));
  return { data, batchSizes, sortedIndices: order, unsortedIndices: order ? inverse(order) : null };
}

/**
 * Packs a list of sequences `[L_i, *]`, as PyTorch's `pack_sequence`.
 * @example const packed = packSequence([a, b, c], { enforceSorted: false }); // a [4, F], b [6, F], c [1, F]
 */
export function packSequence(sequences: readonly Tensor[], options: { enforceSorted?: boolean } = {}): PackedSequence {
  const where = 'packSequence';
  check(sequences.length > 0, where, () => 'needs at least one sequence');
  const trailing = fmt(sequences[0].shape.slice(1));
  check(sequences.every((s) => s.ndim >= 1 && fmt(s.shape.slice(1)) === trailing), where, () =>
    `every sequence must be [L, *] with the same trailing shape, got ${sequences.map((s) => fmt(s.shape)).join(', ')}`);
  const list = lengthList(where, sequences.map((s) => s.shape[0]));
  const order = sortOrder(where, list, options.enforceSorted ?? true);
  const sorted = order ? order.map((i) => list[i]) : list;
  const starts = list.map((_, i) => list.slice(0, i).reduce((a, b) => a + b, 0));
  const batchSizes = batchSizesOf(sorted);
  const rows: number[] = [];
  batchSizes.forEach((bs, t) => {
    for (let s = 0; s < bs; s++) rows.push(starts[order ? order[s] : s] + t);
  });
  const data = tidy(() => gatherRows(cat([...sequences], 0), rows));
  return { data, batchSizes, sortedIndices: order, unsortedIndices: order ? inverse(order) : null };
}

/**
 * Unpacks to a padded batch `[T, B, *]` (`[B, T, *]` with batchFirst) in the original batch
 * order, and the lengths, as PyTorch's `pad_packed_sequence`.
 * @example const [padded, lengths] = padPackedSequence(out, { batchFirst: true, totalLength: 12 });
 */
export function padPackedSequence(packed: PackedSequence, options: PadPackedSequenceOptions = {}): [Tensor, number[]] {
  const where = 'padPackedSequence';
  const { batchFirst = false, paddingValue = 0 } = options;
  const { data, batchSizes, unsortedIndices } = packed;
  const maxLength = batchSizes.length;
  const T = options.totalLength ?? maxLength;
  check(Number.isInteger(T) && T >= maxLength, where, () => `totalLength must be at least the longest sequence (${maxLength}), got ${T}`);
  const B = batchSizes[0];
  const sortedLengths = Array.from({ length: B }, (_, s) => batchSizes.filter((bs) => bs > s).length);
  const offsets = batchSizes.map((_, t) => batchSizes.slice(0, t).reduce((a, b) => a + b, 0));
  const padRow = data.shape[0]; // the extra row of paddingValue appended below
  const rows: number[] = [];
  const put = (t: number, b: number) => {
    const s = unsortedIndices ? unsortedIndices[b] : b;
    rows.push(t < sortedLengths[s] ? offsets[t] + s : padRow);
  };
  if (batchFirst) for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) put(t, b);
  else for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) put(t, b);
  const feature = data.shape.slice(1);
  const padded = tidy(() => {
    const withPad = cat([data, full([1, ...feature], paddingValue)], 0);
    return reshape(gatherRows(withPad, rows), batchFirst ? [B, T, ...feature] : [T, B, ...feature]);
  });
  const lengths = Array.from({ length: B }, (_, b) => sortedLengths[unsortedIndices ? unsortedIndices[b] : b]);
  return [padded, lengths];
}
