// The gradient of every primitive kernel (and of reshape), in one table keyed by name, so a
// kernel added to core without a rule here is a type error. Public ops are compositions of
// these kernels, so their gradients follow. Each rule is written with core's public ops:
// it runs on every backend and is differentiable again (higher-order gradients).
import {
  add,
  arange,
  cast,
  conv2d,
  convTranspose2d,
  cos,
  cumsum,
  div,
  eq,
  erf,
  exp,
  expand,
  flip,
  gather,
  ge,
  gt,
  log,
  lt,
  mul,
  narrow,
  neg,
  ones,
  pad,
  pow,
  prod,
  reshape,
  runKernel,
  scatterAdd,
  scatterReduce,
  sigmoid,
  sign,
  sin,
  square,
  sub,
  sum,
  tanh,
  where,
  zeros,
  zerosLike,
  type ArithmeticOp,
  type RecordedName,
  type ReduceOp,
  type ScatterReduceOp,
  type Tensor,
  type UnaryOp,
} from '@tessera/core';
import {
  convWeightGrad,
  expandReduced,
  firstExtremeMask,
  keptShape,
  matmulT,
  padTo,
  regionOf,
  unbroadcast,
} from './gradient-helpers.js';
import type { GradientRule, GradientTable, RuleContext, Saves } from './rule.js';
import {
  edgeDotRule,
  segmentSoftmaxRule,
  sparseAggregateRule,
  sparseExtremeGradInputRule,
  sparseExtremeGradWeightRule,
  sparseExtremeShareRule,
} from './sparse-gradients.js';
import { attentionKeyValueGradRule, attentionQueryGradRule, attentionRule } from './attention-gradients.js';
import { gruGatesGradRule, gruGatesRule, lstmGatesGradRule, lstmGatesRule } from './recurrent-gradients.js';
import { stridedCopyRule } from './strided-gradients.js';

const NOTHING: Saves = { inputs: [], output: false };
const INPUT: Saves = { inputs: [0], output: false };
const OUTPUT: Saves = { inputs: [], output: true };

/** Runs `fn` only when the input's gradient is wanted. */
function when(need: boolean, fn: () => Tensor): Tensor | null {
  return need ? fn() : null;
}

// ---------------------------------------------------------------- element-wise

/** A unary rule reads the input `x`, the output `y`, or neither, and gets the kernel's alpha. */
interface UnaryRule {
  readonly reads: 'input' | 'output' | 'nothing';
  readonly grad: (g: Tensor, v: Tensor, alpha: number) => Tensor;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_KAPPA = 0.044715;

const unaryRules: { readonly [Op in UnaryOp]: UnaryRule } = {
  // -g
  neg: { reads: 'nothing', grad: (g) => neg(g) },
  // g·sign(x): 0 at x = 0, as PyTorch
  abs: { reads: 'input', grad: (g, x) => mul(g, sign(x)) },
  // piecewise constant: 0
  sign: { reads: 'nothing', grad: (g) => zerosLike(g) },
  floor: { reads: 'nothing', grad: (g) => zerosLike(g) },
  ceil: { reads: 'nothing', grad: (g) => zerosLike(g) },
  round: { reads: 'nothing', grad: (g) => zerosLike(g) },
  // g·y
  exp: { reads: 'output', grad: (g, y) => mul(g, y) },
  // g / x
  log: { reads: 'input', grad: (g, x) => div(g, x) },
  // g / (1 + x)
  log1p: { reads: 'input', grad: (g, x) => div(g, add(x, 1)) },
  // g / (2y)
  sqrt: { reads: 'output', grad: (g, y) => div(g, mul(y, 2)) },
  // -g·y³ / 2
  rsqrt: { reads: 'output', grad: (g, y) => mul(g, mul(mul(y, square(y)), -0.5)) },
  // 2x·g
  square: { reads: 'input', grad: (g, x) => mul(g, mul(x, 2)) },
  // -g·y²
  reciprocal: { reads: 'output', grad: (g, y) => neg(mul(g, square(y))) },
  // g·cos(x)
  sin: { reads: 'input', grad: (g, x) => mul(g, cos(x)) },
  // -g·sin(x)
  cos: { reads: 'input', grad: (g, x) => neg(mul(g, sin(x))) },
  // g·(1 - y²)
  tanh: { reads: 'output', grad: (g, y) => mul(g, sub(1, square(y))) },
  // g·y·(1 - y)
  sigmoid: { reads: 'output', grad: (g, y) => mul(g, mul(y, sub(1, y))) },
  // g where y > 0 (0 at x = 0, as PyTorch)
  relu: { reads: 'output', grad: (g, y) => where(gt(y, 0), g, 0) },
  // g where x > 0, slope·g elsewhere (the slope at x = 0, as PyTorch)
  leakyRelu: { reads: 'input', grad: (g, x, slope) => where(gt(x, 0), g, mul(g, slope)) },
  // g where x > 0, g·α·eˣ elsewhere (α at x = 0, as PyTorch)
  elu: { reads: 'input', grad: (g, x, alpha) => where(gt(x, 0), g, mul(g, mul(exp(x), alpha))) },
  // g·σ(x)·(1 + x·(1 - σ(x)))
  silu: {
    reads: 'input',
    grad: (g, x) => {
      const s = sigmoid(x);
      return mul(g, mul(s, add(mul(x, sub(1, s)), 1)));
    },
  },
  // g·σ(x), and g above the linear threshold 20
  softplus: { reads: 'input', grad: (g, x) => where(gt(x, 20), g, mul(g, sigmoid(x))) },
  // g·2/√π·e^(-x²)
  erf: { reads: 'input', grad: (g, x) => mul(g, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))) },
  // g·(Φ(x) + x·φ(x))
  gelu: {
    reads: 'input',
    grad: (g, x) => {
      const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return mul(g, add(cdf, mul(x, pdf)));
    },
  },
  // with t = tanh(√(2/π)·(x + κx³)): g·(½(1 + t) + ½x·(1 - t²)·√(2/π)·(1 + 3κx²))
  geluTanh: {
    reads: 'input',
    grad: (g, x) => {
      const x2 = square(x);
      const t = tanh(mul(add(x, mul(mul(x2, x), GELU_KAPPA)), SQRT_2_OVER_PI));
      const left = mul(add(t, 1), 0.5);
      const right = mul(mul(mul(x, 0.5), sub(1, square(t))), mul(add(mul(x2, 3 * GELU_KAPPA), 1), SQRT_2_OVER_PI));
      return mul(g, add(left, right));
    },
  },
};

/** A binary rule returns the gradients of both operands before broadcasting is undone. */
interface ArithmeticRule {
  /** Which operands (and whether the output) to save, given which gradients are wanted. */
  readonly saves: (needs: readonly boolean[]) => Saves;
  readonly grad: (g: Tensor, ctx: RuleContext<'binary'>) => [Tensor | null, Tensor | null];
}

// mul, matmul and the convolutions read the other operand for each wanted gradient.
const crossed = (needs: readonly boolean[]): Saves => ({ inputs: [needs[1] ? 0 : -1, needs[0] ? 1 : -1].filter((i) => i >= 0), output: false });
/** Maximum/minimum: the winner takes g, ties split it half and half, as PyTorch. */
function extremeRule(aLoses: (a: Tensor, b: Tensor) => Tensor, bLoses: (a: Tensor, b: Tensor) => Tensor): ArithmeticRule {
  return {
    saves: () => ({ inputs: [0, 1], output: false }),
    grad: (g, { input, needs }) => {
      const a = input(0);
      const b = input(1);
      const half = where(eq(a, b), mul(g, 0.5), g);
      return [when(needs[0], () => where(aLoses(a, b), 0, half)), when(needs[1], () => where(bLoses(a, b), 0, half))];
    },
  };
}

const arithmeticRules: { readonly [Op in ArithmeticOp]: ArithmeticRule } = {
  // (g, g)
  add: { saves: () => NOTHING, grad: (g, { needs }) => [when(needs[0], () => g), when(needs[1], () => g)] },
  // (g, -g)
  sub: { saves: () => NOTHING, grad: (g, { needs }) => [when(needs[0], () => g), when(needs[1], () => neg(g))] },
  // (g·b, g·a)
  mul: {
    saves: crossed,
    grad: (g, { input, needs }) => [when(needs[0], () => mul(g, input(1))), when(needs[1], () => mul(g, input(0)))],
  },
  // (g / b, -g·a / b²)
  div: {
    saves: (needs) => ({ inputs: needs[1] ? [0, 1] : [1], output: false }),
    grad: (g, { input, needs }) => [
      when(needs[0], () => div(g, input(1))),
      when(needs[1], () => neg(div(mul(g, input(0)), square(input(1))))),
    ],
  },
  // (g·b·a^(b-1), 0 where b = 0) and (g·y·ln a, 0 where a = 0 and b ≥ 0), as PyTorch
  pow: {
    saves: (needs) => ({ inputs: [0, 1], output: needs[1] }),
    grad: (g, { input, output, needs }) => {
      const a = input(0);
      const b = input(1);
      return [
        when(needs[0], () => where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1)))))),
        // bool·bool is logical and
        when(needs[1], () => where(mul(eq(a, 0), ge(b, 0)), 0, mul(g, mul(output(), log(a))))),
      ];
    },
  },
  maximum: extremeRule(lt, gt),
  minimum: extremeRule(gt, lt),
};

// ---------------------------------------------------------------- reductions

/** Gradient of prod over `axes`: the product of the other entries, exact with zeros. */
function prodGrad(g: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  const isZero = eq(x, 0);
  const nonZero = where(isZero, 1, x);
  // The product of the non-zero entries, and how many zeros each slice holds.
  const others = prod(nonZero, axes, true);
  const zeroCount = sum(isZero, axes, true);
  // No zero: y / x. One zero: it gets the product of the rest, the others 0. More: all 0.
  const local = where(eq(zeroCount, 0), div(others, nonZero), where(mul(eq(zeroCount, 1), isZero), others, 0));
  return mul(local, reshape(g, keptShape(x.shape, axes)));
}

/**
 * Gradient of max/min over `axes`. Over every element (torch.max(x)) ties share g evenly;
 * over some dims (torch.max(x, dim), max pooling) the first extreme of each slice takes it.
 */
function extremeGrad(g: Tensor, x: Tensor, y: Tensor, axes: readonly number[], kind: 'max' | 'min'): Tensor {
  if (axes.length === x.ndim) {
    const hits = cast(eq(x, y), 'float32');
    return mul(hits, div(g, sum(hits)));
  }
  return where(firstExtremeMask(x, axes, kind), reshape(g, keptShape(x.shape, axes)), 0);
}

const reduceRules: { readonly [Op in ReduceOp]: (g: Tensor, ctx: RuleContext<'reduce'>) => Tensor } = {
  // g broadcast over the reduced dims
  sum: (g, { shapes, attrs }) => expandReduced(g, shapes[0], attrs.axes),
  // g·∏_{j≠i} x_j
  prod: (g, { input, attrs }) => prodGrad(g, input(0), attrs.axes),
  max: (g, { input, output, attrs }) => extremeGrad(g, input(0), output(), attrs.axes, 'max'),
  min: (g, { input, output, attrs }) => extremeGrad(g, input(0), output(), attrs.axes, 'min'),
};

// ---------------------------------------------------------------- scatter

/** Zeroes the entries of `t` (shaped like the scatter's input) that `index` writes to. */
function maskScattered(t: Tensor, axis: number, index: Tensor): Tensor {
  const hits = scatterAdd(zerosLike(t), axis, index, ones(index.shape));
  return where(gt(hits, 0), 0, t);
}

type ScatterRule = (g: Tensor, ctx: RuleContext<'scatterReduce'>) => [Tensor, Tensor];

const scatterRules: { readonly [Op in ScatterReduceOp]: ScatterRule } = {
  // (g, g gathered at the index)
  sum: (g, { input, attrs }) => [g, gather(g, attrs.axis, input(1))],
  // g / n for each reduced entry, n counting the entries of its slot
  mean: (g, { input, shapes, attrs }) => {
    const index = input(1);
    const counts = scatterAdd(attrs.includeSelf ? ones(shapes[0]) : zeros(shapes[0]), attrs.axis, index, ones(index.shape));
    const n = where(eq(counts, 0), 1, counts);
    return [div(g, n), div(gather(g, attrs.axis, index), gather(n, attrs.axis, index))];
  },
  // g shared evenly among the entries equal to their slot's result, as PyTorch
  amax: (g, ctx) => scatterExtremeGrad(g, ctx),
  amin: (g, ctx) => scatterExtremeGrad(g, ctx),
  // the product of the slot's other entries, computed without dividing by zero, as PyTorch
  prod: (g, { input, output, attrs }) => {
    const [x, index, src] = [input(0), input(1), input(2)];
    const y = output();
    const { axis, includeSelf } = attrs;
    const selfSafe = where(eq(x, 0), 1, x);
    const gradSelf = div(mul(g, scatterReduce(selfSafe, axis, index, src, 'prod', { includeSelf })), selfSafe);
    const region = regionOf(src, index.shape);
    const srcZero = eq(region, 0);
    const zerosPerSlot = gather(scatterAdd(zerosLike(x), axis, index, cast(srcZero, 'float32')), axis, index);
    const loneZero = mul(srcZero, eq(zerosPerSlot, 1));
    const withoutLoneZero = scatterReduce(x, axis, index, where(loneZero, 1, region), 'prod', { includeSelf });
    const gradSrc = where(
      loneZero,
      gather(mul(g, withoutLoneZero), axis, index),
      div(gather(mul(g, y), axis, index), where(srcZero, 1, region)),
    );
    return [gradSelf, gradSrc];
  },
};

function scatterExtremeGrad(g: Tensor, { input, output, attrs }: RuleContext<'scatterReduce'>): [Tensor, Tensor] {
  const [x, index, src] = [input(0), input(1), input(2)];
  const y = output();
  const { axis } = attrs;
  const value = gather(y, axis, index);
  const selfHits = cast(eq(x, y), 'float32');
  const srcHits = cast(eq(regionOf(src, index.shape), value), 'float32');
  const share = div(g, scatterAdd(selfHits, axis, index, srcHits));
  return [mul(selfHits, share), mul(srcHits, gather(share, axis, index))];
}

// ---------------------------------------------------------------- convolution

/** The transposed convolution that undoes conv2d's shape: extra output rows where stride skipped some. */
function conv2dInputGrad(g: Tensor, weight: Tensor, inputShape: readonly number[], attrs: RuleContext<'conv2d'>['attrs']): Tensor {
  const { stride, padding, dilation, groups } = attrs;
  const [kh, kw] = [weight.shape[2], weight.shape[3]];
  const outputPadding = [0, 1].map((i) => {
    const reach = (g.shape[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * ([kh, kw][i] - 1) + 1;
    return inputShape[2 + i] - reach;
  });
  return convTranspose2d(g, weight, null, { stride: [...stride], padding: [...padding], dilation: [...dilation], groups, outputPadding });
}

// ---------------------------------------------------------------- the table

/** One rule per recorded operation; see each rule's comment for its maths. */
export const gradients: GradientTable = {
  unary: {
    saves: ({ op }) => {
      const reads = unaryRules[op].reads;
      return reads === 'input' ? INPUT : reads === 'output' ? OUTPUT : NOTHING;
    },
    grad: (g, { attrs, input, output }) => {
      const rule = unaryRules[attrs.op];
      const v = rule.reads === 'input' ? input(0) : rule.reads === 'output' ? output() : g;
      return [rule.grad(g, v, attrs.alpha)];
    },
  },

  // Comparisons give bool outputs, which are never recorded.
  binary: {
    saves: ({ op }, needs) => arithmeticRules[op as ArithmeticOp]?.saves(needs) ?? NOTHING,
    grad: (g, ctx) => {
      const rule = arithmeticRules[ctx.attrs.op as ArithmeticOp];
      if (!rule) return [null, null];
      const [ga, gb] = rule.grad(g, ctx);
      return [ga && unbroadcast(ga, ctx.shapes[0]), gb && unbroadcast(gb, ctx.shapes[1])];
    },
  },

  // (none, g where cond, g where not cond)
  where: {
    saves: { inputs: [0], output: false },
    grad: (g, { input, shapes, needs }) => {
      const cond = input(0);
      return [
        null,
        when(needs[1], () => unbroadcast(where(cond, g, 0), shapes[1])),
        when(needs[2], () => unbroadcast(where(cond, 0, g), shapes[2])),
      ];
    },
  },

  // float → float copy: g (casts to int32 or bool give outputs that are never recorded)
  cast: { saves: NOTHING, grad: (g) => [g] },

  reduce: {
    saves: ({ op }) => (op === 'sum' ? NOTHING : op === 'prod' ? INPUT : { inputs: [0], output: true }),
    grad: (g, ctx) => [reduceRules[ctx.attrs.op](g, ctx)],
  },

  // integer indices: not differentiable (its output is never recorded)
  argReduce: { saves: NOTHING, grad: () => [null] },

  // integer positions of an integer index: not differentiable (never recorded)
  firstOccurrence: { saves: NOTHING, grad: () => [null] },

  // the reversed running sum of g
  cumsum: {
    saves: NOTHING,
    grad: (g, { attrs }) => [flip(cumsum(flip(g, [attrs.axis]), attrs.axis), [attrs.axis])],
  },

  // dA = g @ op(B)ᵀ, dB = op(A)ᵀ @ g, transposed back where the kernel transposed, summed
  // over broadcast batch dims
  matmul: {
    saves: (_attrs, needs) => crossed(needs),
    grad: (g, { attrs, input, shapes, needs }) => {
      const { transposeA, transposeB } = attrs;
      const batch = g.shape.slice(0, -2);
      return [
        when(needs[0], () => {
          const b = input(1);
          const ga = transposeA ? matmulT(b, g, transposeB, true, batch) : matmulT(g, b, false, !transposeB, batch);
          return unbroadcast(ga, shapes[0]);
        }),
        when(needs[1], () => {
          const a = input(0);
          const gb = transposeB ? matmulT(g, a, true, transposeA, batch) : matmulT(a, g, !transposeA, false, batch);
          return unbroadcast(gb, shapes[1]);
        }),
      ];
    },
  },

  // g padded back (slices), permuted back (transposes) or scatter-added (strided-gradients.ts)
  stridedCopy: stridedCopyRule,

  // each input's slice of g
  concat: {
    saves: NOTHING,
    grad: (g, { attrs, shapes, needs }) => {
      let start = 0;
      return shapes.map((shape, i) => {
        const offset = start;
        start += shape[attrs.axis];
        return when(needs[i], () => narrow(g, attrs.axis, offset, shape[attrs.axis]));
      });
    },
  },

  // g with the padding cropped off (and crops padded back with zeros)
  pad: {
    saves: NOTHING,
    grad: (g, { attrs }) => {
      const pads: number[] = [];
      for (let d = attrs.pads.length - 1; d >= 0; d--) pads.push(-attrs.pads[d][0], -attrs.pads[d][1]);
      return [pad(g, pads)];
    },
  },

  // g scatter-added to where it was gathered from; the index is not differentiable
  gather: {
    saves: { inputs: [1], output: false },
    grad: (g, { attrs, input, shapes }) => [scatterAdd(zeros(shapes[0]), attrs.axis, input(1), g), null],
  },

  // g scatter-added to the selected slices; the index is not differentiable
  indexSelect: {
    saves: { inputs: [1], output: false },
    grad: (g, { attrs, input, shapes, needs }) => {
      // Not needed when a sparse lookup takes the table's gradient (sparse.ts).
      if (!needs[0]) return [null, null];
      const index = input(1);
      const along = g.shape.map((s, d) => (d === attrs.axis ? s : 1));
      return [scatterAdd(zeros(shapes[0]), attrs.axis, expand(reshape(index, along), g.shape), g), null];
    },
  },

  // per reduction (see scatterRules); entries the index writes to lose the input's gradient
  // when the input's own values are excluded; src entries beyond the index get 0
  scatterReduce: {
    saves: ({ reduce }) => (reduce === 'sum' || reduce === 'mean' ? { inputs: [1], output: false } : { inputs: [0, 1, 2], output: true }),
    grad: (g, ctx) => {
      const [gradSelf, gradSrc] = scatterRules[ctx.attrs.reduce](g, ctx);
      const index = ctx.input(1);
      return [
        when(ctx.needs[0], () => (ctx.attrs.includeSelf ? gradSelf : maskScattered(gradSelf, ctx.attrs.axis, index))),
        null,
        when(ctx.needs[2], () => padTo(gradSrc, ctx.shapes[2])),
      ];
    },
  },

  // graph kernels: see sparse-gradients.ts
  sparseAggregate: sparseAggregateRule,
  sparseExtremeShare: sparseExtremeShareRule,
  sparseExtremeGradInput: sparseExtremeGradInputRule,
  sparseExtremeGradWeight: sparseExtremeGradWeightRule,
  edgeDot: edgeDotRule,
  segmentSoftmax: segmentSoftmaxRule,

  // softmax: y·(g - Σ g·y); log-softmax: g - eʸ·Σ g
  softmax: {
    saves: OUTPUT,
    grad: (g, { attrs, output }) => {
      const y = output();
      if (attrs.log) return [sub(g, mul(exp(y), sum(g, attrs.axis, true)))];
      return [mul(y, sub(g, sum(mul(g, y), attrs.axis, true)))];
    },
  },

  // dx: the transposed convolution of g; dW: a convolution of x by g; db: Σ g over N, H, W
  conv2d: {
    saves: (_attrs, needs) => crossed(needs),
    grad: (g, ctx) => {
      const { input, shapes, needs, attrs } = ctx;
      const kernel: [number, number] = [shapes[1][2], shapes[1][3]];
      return [
        when(needs[0], () => conv2dInputGrad(g, input(1), shapes[0], attrs)),
        when(needs[1], () => convWeightGrad(input(0), g, kernel, attrs)),
        when(shapes.length > 2 && needs[2], () => sum(g, [0, 2, 3])),
      ].slice(0, shapes.length);
    },
  },

  // dx: the convolution of g (cropped where outputPadding added rows); dW: a convolution of
  // g by x; db: Σ g over N, H, W
  convTranspose2d: {
    saves: (_attrs, needs) => crossed(needs),
    grad: (g, { input, shapes, needs, attrs }) => {
      const { stride, padding, dilation, groups } = attrs;
      const kernel: [number, number] = [shapes[1][2], shapes[1][3]];
      return [
        when(needs[0], () => {
          const full = conv2d(g, input(1), null, { stride: [...stride], padding: [...padding], dilation: [...dilation], groups });
          return regionOf(full, shapes[0]);
        }),
        when(needs[1], () => convWeightGrad(g, input(0), kernel, attrs)),
        when(shapes.length > 2 && needs[2], () => sum(g, [0, 2, 3])),
      ].slice(0, shapes.length);
    },
  },

  // fused attention: dQ, dK, dV from two kernels that recompute the scores (attention-gradients.ts)
  attention: attentionRule,
  attentionQueryGrad: attentionQueryGradRule,
  attentionKeyValueGrad: attentionKeyValueGradRule,
  // fused recurrent gates: one backward kernel each, recomputing the activations (recurrent-gradients.ts)
  lstmGates: lstmGatesRule,
  lstmGatesGrad: lstmGatesGradRule,
  gruGates: gruGatesRule,
  gruGatesGrad: gruGatesGradRule,

  // g in the input's shape
  reshape: { saves: NOTHING, grad: (g, { shapes }) => [reshape(g, shapes[0])] },
};

/** The rule of a recorded operation, typed loosely for the recorder and the backward pass. */
export function ruleOf(name: RecordedName): GradientRule<RecordedName> {
  return (gradients as unknown as Record<RecordedName, GradientRule<RecordedName>>)[name];
}
