// Arithmetic and comparisons of two broadcast operands on the js backend. Float results are
// computed in float64 and rounded on store, which for + − × ÷ equals float32 arithmetic.
import { allocArray } from '../../dtype.js';
import type { ArithmeticOp, BinaryOp, CompareOp, Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { broadcastOffsets } from './strided-offsets.js';
import { maxPropagateNaN, minPropagateNaN, powFloat, powInt32 } from './scalar-math.js';

type Arithmetic = (a: number, b: number) => number;

const ARITHMETIC: Record<ArithmeticOp, Arithmetic> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: powFloat,
  maximum: maxPropagateNaN,
  minimum: minPropagateNaN,
};

// int32 products and powers need exact 32-bit wraparound, which float64 products lose past
// 2^53; add and sub are exact in float64 and wrap when stored into the Int32Array.
const INT32_ARITHMETIC: Partial<Record<ArithmeticOp, Arithmetic>> = { mul: Math.imul, pow: powInt32 };

const COMPARE: Record<CompareOp, Arithmetic> = {
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

function isCompare(op: BinaryOp): op is CompareOp {
  return op in COMPARE;
}

/** `out = a ∘ b` with NumPy broadcasting; comparisons write 0/1 into a bool output. */
export const binary: Kernel<'binary', JsHandle> = ([a, b], { op }, out) => {
  const f = isCompare(op) ? COMPARE[op] : ((a.dtype === 'int32' && INT32_ARITHMETIC[op]) || ARITHMETIC[op]);
  const ia = broadcastOffsets(a.shape, out.shape);
  const ib = broadcastOffsets(b.shape, out.shape);
  const av = a.handle;
  const bv = b.handle;
  const result = allocArray(out.dtype, sizeOf(out.shape));
  for (let i = 0; i < result.length; i++) result[i] = f(av[ia === undefined ? i : ia[i]], bv[ib === undefined ? i : ib[i]]);
  return result;
};
