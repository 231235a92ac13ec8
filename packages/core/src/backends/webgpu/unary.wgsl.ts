// Element-wise functions of one tensor, as WGSL expressions with the numerics of
// scalar-math.wgsl.ts. The kernel records them into fused elementwise shaders (fusion.ts).
import { opError } from '../../errors.js';
import type { Kernel, UnaryOp } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import type { Node } from './fusion.js';
import type { GpuRuntime } from './runtime.js';

/** Each float function of `x`; `alpha` is leakyRelu's slope or elu's alpha. */
const FLOAT: Record<UnaryOp, string> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'sign_f(x)',
  exp: 'exp_f(x)',
  log: 'log_f(x)',
  log1p: 'log1p_f(x)',
  sqrt: 'sqrt(x)',
  rsqrt: '1.0 / sqrt(x)',
  square: 'x * x',
  reciprocal: '1.0 / x',
  sin: 'sin(x)',
  cos: 'cos(x)',
  tanh: 'tanh_f(x)',
  sigmoid: 'sigmoid_f(x)',
  // `x < 0` keeps NaN and -0 as they are, as torch.relu does.
  relu: 'select(x, 0.0, x < 0.0)',
  leakyRelu: 'select(alpha * x, x, x >= 0.0)',
  elu: 'select(alpha * expm1_f(x), x, x > 0.0)',
  silu: 'x * sigmoid_f(x)',
  softplus: 'select(log1p_f(exp_f(x)), x, x > 20.0)',
  floor: 'floor(x)',
  ceil: 'ceil(x)',
  // WGSL's round breaks ties to even, as torch.round.
  round: 'round(x)',
  erf: 'erf_f(x)',
  gelu: '0.5 * x * (1.0 + erf_f(x * 0.70710678118654752))',
  geluTanh: '0.5 * x * (1.0 + tanh_f(0.79788456080286536 * (x + 0.044715 * x * x * x)))',
};

/** The integer-preserving functions on int32 (wrapping like the js backend's Int32Array stores). */
const INT: Partial<Record<UnaryOp, string>> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'sign_i(x)',
  square: 'x * x',
  relu: 'max(x, 0)',
  floor: 'x',
  ceil: 'x',
  round: 'x',
};

/** The expression of `op` on a WGSL value `x` of dtype float32 or int32. */
function unaryExpression(op: UnaryOp, int: boolean): string {
  const expression = int ? INT[op] : FLOAT[op];
  if (expression === undefined) throw opError('unary', `${op} has no int32 kernel on webgpu (the op layer computes it in float32)`);
  return expression;
}

/** `out = f(x)` element-wise, recorded into a fused expression (see fusion.ts). */
export function unaryKernel(rt: GpuRuntime): Kernel<'unary', GpuHandle> {
  return ([x], { op, alpha }, out) => {
    const n = sizeOf(out.shape);
    const int = out.dtype === 'int32';
    const type = int ? 'i32' : 'f32';
    const code = unaryExpression(op, int);
    const node = (input: Node): Node => ({ kind: 'unary', op, alpha, x: input, type, code });
    const fuser = rt.fuser;
    return fuser.record(node(fuser.operand(x.handle, n, n, type)), n, () => node(fuser.leaf(x.handle, n, n, type)));
  };
}
