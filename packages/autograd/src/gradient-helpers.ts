// Building blocks the gradient rules share: undoing broadcasting, matrix products with
// transposed operands, the weight gradient of a convolution, and routing a reduction's
// gradient to its extreme elements. All are compositions of @tessera/core ops.
import {
  arange,
  argmax,
  argmin,
  conv2d,
  eq,
  expand,
  narrow,
  pad,
  permute,
  reshape,
  runKernel,
  sum,
  type Tensor,
} from '@tessera/core';

/** `shape` with the dimensions in `axes` set to 1 (the keepdim shape of a reduction). */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((s, i) => (axes.includes(i) ? 1 : s));
}

/** Sums a broadcast gradient back to `shape`: over added leading dims and stretched 1s. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  // NOTE: an empty dim list means "every dim" to sum(), so only reduce when there is one.
  const reduced = dims.length > 0 ? sum(g, dims) : g;
  return reduced.ndim === shape.length && reduced.shape.every((s, i) => s === shape[i]) ? reduced : reshape(reduced, shape);
}

/** Broadcasts a reduction's gradient `g` back over the reduced `axes` of `shape`. */
export function expandReduced(g: Tensor, shape: readonly number[], axes: readonly number[]): Tensor {
  return expand(reshape(g, keptShape(shape, axes)), shape);
}

/**
 * `op(a) @ op(b)`, where op transposes the last two dims when its flag is set, with the
 * batch dims of `batch` (the broadcast of both operands'): the matmul kernel reads
 * transposed operands without copying them.
 */
export function matmulT(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean, batch: readonly number[]): Tensor {
  const rows = a.shape[a.ndim - (transposeA ? 1 : 2)];
  const cols = b.shape[b.ndim - (transposeB ? 2 : 1)];
  return runKernel('matmul', [a, b], { transposeA, transposeB }, [...batch, rows, cols], 'float32');
}

/** Settings of a 2-D convolution as its kernel records them. */
export interface ConvGeometry {
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation: readonly [number, number];
  groups: number;
}

/**
 * The gradient of a convolution's weight `[Cout, Cin/groups, kH, kW]` given its input
 * `[N, Cin, H, W]` and output gradient `[N, Cout, Ho, Wo]`. It is itself a convolution: the
 * batch becomes the channels, the output gradient the kernel, and stride and dilation swap.
 */
export function convWeightGrad(input: Tensor, gradOut: Tensor, kernel: readonly [number, number], geometry: ConvGeometry): Tensor {
  const { stride, padding, dilation, groups } = geometry;
  const [n, inChannels, h, w] = input.shape;
  const [, outChannels, oh, ow] = gradOut.shape;
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  // Channels (per group) become the batch; batch entries (per group) become the channels.
  const x = reshape(permute(reshape(input, [n, groups, inPerGroup, h, w]), [2, 1, 0, 3, 4]), [inPerGroup, groups * n, h, w]);
  const k = reshape(permute(reshape(gradOut, [n, groups, outPerGroup, oh, ow]), [1, 2, 0, 3, 4]), [groups * outPerGroup, n, oh, ow]);
  const full = conv2d(x, k, null, { stride: [...dilation], dilation: [...stride], padding: [...padding], groups });
  // The correlation can run past the kernel when the input has rows no window used.
  const cropped = full.shape[2] === kernel[0] && full.shape[3] === kernel[1] ? full : narrow(narrow(full, 2, 0, kernel[0]), 3, 0, kernel[1]);
  return permute(cropped, [1, 0, 2, 3]);
}

/**
 * A bool mask of the first maximum (or minimum) of each slice of `x` over `axes`, in
 * row-major order within the slice: where torch.max(dim) and max pooling send the gradient.
 */
export function firstExtremeMask(x: Tensor, axes: readonly number[], kind: 'max' | 'min'): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const order = [...kept, ...axes];
  const keptSizes = kept.map((i) => x.shape[i]);
  const reducedSize = axes.reduce((n, a) => n * x.shape[a], 1);
  const slices = reshape(permute(x, order), [...keptSizes, reducedSize]);
  const index = (kind === 'max' ? argmax : argmin)(slices, -1, true);
  const mask = eq(arange(reducedSize), index);
  const inverse = order.map((_, i) => order.indexOf(i));
  return permute(reshape(mask, order.map((d) => x.shape[d])), inverse);
}

/** Zero-pads `t` at the end of each dim up to `shape` (a gradient of the region of a larger input). */
export function padTo(t: Tensor, shape: readonly number[]): Tensor {
  if (t.shape.every((s, i) => s === shape[i])) return t;
  const pads: number[] = [];
  for (let d = t.ndim - 1; d >= 0; d--) pads.push(0, shape[d] - t.shape[d]);
  return pad(t, pads);
}

/** The leading region of `t` with the given shape (the part a smaller index addresses). */
export function regionOf(t: Tensor, shape: readonly number[]): Tensor {
  let out = t;
  shape.forEach((s, d) => {
    if (out.shape[d] !== s) out = narrow(out, d, 0, s);
  });
  return out;
}
