// Arithmetic and comparisons of two broadcast operands. Operands that are contiguous or a
// single broadcast element (the common case) join fused elementwise shaders (fusion.ts);
// other broadcasts are strided reads, stride 0 along the broadcast dimensions, with the
// walk collapsed first and unrolled for ranks up to 4.
import type { ArithmeticOp, BinaryOp, CompareOp, Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import type { Node } from './fusion.js';
import { broadcastStridesFor, collapse, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, rankOf, read, shader, stridedOffsets, WGSL_TYPE, WORKGROUP_SIZE, write } from './wgsl.js';

const FLOAT: Record<ArithmeticOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow_f(a, b)',
  maximum: 'max_nan(a, b)',
  minimum: 'min_nan(a, b)',
};

// int32 arithmetic wraps at 32 bits, as the js backend's Int32Array stores do (div is
// always computed in float32 by the op layer).
const INT: Record<ArithmeticOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow_i(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
};

const COMPARE: Record<CompareOp, string> = {
  eq: 'a == b',
  // `!(a == b)`: SwiftShader's `!=` is false when an operand is NaN.
  ne: '!(a == b)',
  lt: 'a < b',
  le: 'a <= b',
  gt: 'a > b',
  ge: 'a >= b',
};

function expression(op: BinaryOp, type: string): string {
  if (op in COMPARE) return `select(0u, 1u, ${COMPARE[op as CompareOp]})`;
  return (type === 'f32' ? FLOAT : INT)[op as ArithmeticOp];
}

/** `out = a ∘ b` with broadcasting; comparisons write 0/1 into a bool output. */
export function binaryKernel(rt: GpuRuntime): Kernel<'binary', GpuHandle> {
  return ([a, b], { op }, out) => {
    const n = sizeOf(out.shape);
    const type = WGSL_TYPE[a.dtype];
    const outType = WGSL_TYPE[out.dtype];
    const walk = collapse(out.shape, [broadcastStridesFor(a.shape, out.shape), broadcastStridesFor(b.shape, out.shape)]);
    // Operands that are contiguous or one broadcast element join a fused expression.
    if (walk.shape.length <= 1 && walk.strides.every((s) => s.length === 0 || s[0] <= 1)) {
      const code = expression(op, type);
      const [sizeA, sizeB] = [sizeOf(a.shape), sizeOf(b.shape)];
      const fuser = rt.fuser;
      const node = (x: Node, y: Node): Node => ({ kind: 'binary', op, a: x, b: y, type: outType, code });
      return fuser.record(node(fuser.operand(a.handle, sizeA, n, type), fuser.operand(b.handle, sizeB, n, type)), n, () =>
        node(fuser.leaf(a.handle, sizeA, n, type), fuser.leaf(b.handle, sizeB, n, type)),
      );
    }
    const result = rt.output(n);
    const r = rankOf(walk.shape.length);
    const spec = shader(`binary:${op}:${type}:${r.key}`, [read('in_a', type), read('in_b', type), write('ys', outType)], () => `${SCALAR_MATH}
fn f(a: ${type}, b: ${type}) -> ${outType} { return ${expression(op, type)}; }
${entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let rank = pu(1u);
  ${stridedOffsets('gid', r.rank, '2u', [r.at(2, 1), r.at(2, 2)])}
  ys[gid] = f(in_a[off0], in_b[off1]);`)}`);
    rt.run(spec, [a.handle, b.handle, result], [n, walk.shape.length, ...walk.shape, ...walk.strides[0], ...walk.strides[1]], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
