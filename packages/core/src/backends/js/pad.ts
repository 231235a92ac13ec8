// Constant padding (and cropping, for negative amounts): fill with the value, then copy the
// part of the input that lands inside the output, one innermost row at a time.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { stridedOffsets } from './strided-offsets.js';

/** `out[o] = x[o − before]` where that is inside x, else `attrs.value`; `pads[d] = [before, after]`. */
export const pad: Kernel<'pad', JsHandle> = ([x], { pads, value }, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  result.fill(value);
  // A 0-d tensor is a 1-element row with nothing to pad.
  const inShape = x.shape.length === 0 ? [1] : x.shape;
  const outShape = out.shape.length === 0 ? [1] : out.shape;
  const before = x.shape.length === 0 ? [0] : pads.map((p) => p[0]);
  // The overlap, per dim, in output coordinates: [max(0, before), min(out, before + in)).
  const lo = outShape.map((_, d) => Math.max(0, before[d]));
  const region = outShape.map((o, d) => Math.min(o, before[d] + inShape[d]) - lo[d]);
  if (region.some((r) => r <= 0)) return result;
  const inStrides = stridesOf(inShape);
  const outStrides = stridesOf(outShape);
  const inStart = lo.reduce((s, l, d) => s + (l - before[d]) * inStrides[d], 0);
  const outStart = lo.reduce((s, l, d) => s + l * outStrides[d], 0);
  const rows = region.slice(0, -1);
  const inRows = stridedOffsets(rows, inStrides.slice(0, -1), inStart);
  const outRows = stridedOffsets(rows, outStrides.slice(0, -1), outStart);
  const width = region[region.length - 1];
  for (let r = 0; r < inRows.length; r++) result.set(x.handle.subarray(inRows[r], inRows[r] + width), outRows[r]);
  return result;
};
