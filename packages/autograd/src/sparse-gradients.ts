// Gradient rules of core's sparse graph kernels (sparseAggregate, edgeDot, segmentSoftmax, and
// the max/min backward kernels, which are not differentiated again).
// Each kernel takes the graph as six int32 inputs after its operands: the CSR sorted by
// destination (rowPtr, colIndex), its transpose sorted by source (tRowPtr, tColIndex) and the
// maps between their edge positions (toT, fromT). Gradients with respect to node features
// run the same pull kernels over the transpose, so sum and mean never store a per-edge,
// per-feature tensor; max and min share each output's gradient evenly among the edges whose
// message equals it, as torch.scatter_reduce's amax/amin gradient does, with kernels that
// recompute the messages instead of storing them.
import {
  cast,
  clamp,
  div,
  expand,
  indexSelect,
  mul,
  reshape,
  runKernel,
  scatterAdd,
  slice,
  sub,
  zeros,
  type Tensor,
} from '@tessera/core';
import type { GradientRule, RuleContext, Saves } from './rule.js';

/** rowPtr, colIndex, tRowPtr, tColIndex, toT, fromT. */
type Graph = Tensor[];

/** The six graph tensors of a rule's inputs, starting at input `first`. */
function graphOf(ctx: { input(i: number): Tensor }, first: number): Graph {
  return [0, 1, 2, 3, 4, 5].map((i) => ctx.input(first + i));
}

/** The same graph with its edges reversed: the transpose becomes the CSR. */
function transposed([rowPtr, colIndex, tRowPtr, tColIndex, toT, fromT]: Graph): Graph {
  return [tRowPtr, tColIndex, rowPtr, colIndex, fromT, toT];
}

/** The destination of each CSR edge: its column in the transpose. */
function rowIndexOf(graph: Graph): Tensor {
  return indexSelect(graph[3], 0, graph[4]);
}

/** Σ over each row's edges of `w[k,h] · x[colIndex[k],h,:]`: x `[numSrc,H,F]`, w `[E,H]` in the graph's order. */
function aggregateSum(x: Tensor, w: Tensor, graph: Graph): Tensor {
  return runKernel('sparseAggregate', [x, w, ...graph], { reduce: 'sum' }, [graph[0].size - 1, x.shape[1], x.shape[2]], 'float32');
}

/** `Σ_f a[row(k),h,f] · b[colIndex[k],h,f]` per edge k of the graph. */
function edgeDot(a: Tensor, b: Tensor, graph: Graph): Tensor {
  return runKernel('edgeDot', [a, b, ...graph], {}, [graph[1].size, a.shape[1]], 'float32');
}

/** Indices `[E]` expanded to `[E, ...shape]` for a scatter along dim 0. */
function alongEdges(index: Tensor, shape: readonly number[]): Tensor {
  return expand(reshape(index, [index.size, ...shape.slice(1).map(() => 1)]), [index.size, ...shape.slice(1)]);
}

const GRAPH_AFTER_TWO = [2, 3, 4, 5, 6, 7];
const NONE_FOR_GRAPH = [null, null, null, null, null, null];

/**
 * sum: dx = the transposed aggregation of g with the same weights; dw[k] = g[row k]·x[col k].
 * mean: the same with g divided by each destination's edge count.
 * max/min: g[i] shared evenly among the edges whose message w·x equals out[i] (per feature), see extremeGrads.
 */
export const sparseAggregateRule: GradientRule<'sparseAggregate'> = {
  saves: ({ reduce }, needs): Saves => {
    const extreme = reduce === 'max' || reduce === 'min';
    return { inputs: [...(needs[1] || extreme ? [0] : []), 1, ...GRAPH_AFTER_TWO], output: extreme };
  },
  grad: (g, ctx) => {
    const graph = graphOf(ctx, 2);
    const w = ctx.input(1);
    const { reduce } = ctx.attrs;
    if (reduce === 'max' || reduce === 'min') return [...extremeGrads(g, ctx, graph), ...NONE_FOR_GRAPH];
    const rowPtr = graph[0];
    const rows = rowPtr.size - 1;
    const perRow = () => {
      const degree = cast(sub(slice(rowPtr, 0, 1), slice(rowPtr, 0, 0, rows)), 'float32');
      return div(g, reshape(clamp(degree, 1), [rows, 1, 1]));
    };
    const gs = reduce === 'mean' ? perRow() : g;
    return [
      ctx.needs[0] ? aggregateSum(gs, indexSelect(w, 0, graph[5]), transposed(graph)) : null,
      ctx.needs[1] ? edgeDot(gs, ctx.input(0), graph) : null,
      ...NONE_FOR_GRAPH,
    ];
  },
};

/**
 * max/min: the share of each output element's gradient per tied edge (one number per output
 * element), then the pulls for x (over the transpose) and for the edge weights (per edge),
 * which recompute each message and compare it with the aggregate: no per-edge, per-feature
 * tensor is stored.
 */
function extremeGrads(g: Tensor, ctx: RuleContext<'sparseAggregate'>, graph: Graph): [Tensor | null, Tensor | null] {
  const [x, w, y] = [ctx.input(0), ctx.input(1), ctx.output()];
  const share = runKernel('sparseExtremeShare', [x, w, y, g, ...graph], {}, y.shape, 'float32');
  return [
    ctx.needs[0] ? runKernel('sparseExtremeGradInput', [x, w, y, share, ...graph], {}, x.shape, 'float32') : null,
    ctx.needs[1] ? runKernel('sparseExtremeGradWeight', [x, w, y, share, ...graph], {}, w.shape, 'float32') : null,
  ];
}

/** The max/min backward kernels are not differentiated again: a clear error instead of a wrong answer. */
function noDoubleBackward<K extends 'sparseExtremeShare' | 'sparseExtremeGradInput' | 'sparseExtremeGradWeight'>(kernel: K): GradientRule<K> {
  return {
    saves: { inputs: [], output: false },
    grad: () => {
      throw new Error(`sparseAggregate: double backward of reduce 'max'/'min' (a gradient of the gradient, through ${kernel}) is not supported`);
    },
  };
}

/** The rules of the max/min backward kernels: errors (no double backward). */
export const sparseExtremeShareRule = noDoubleBackward('sparseExtremeShare');
/** See sparseExtremeShareRule. */
export const sparseExtremeGradInputRule = noDoubleBackward('sparseExtremeGradInput');
/** See sparseExtremeShareRule. */
export const sparseExtremeGradWeightRule = noDoubleBackward('sparseExtremeGradWeight');

/** da[i] = Σ_k g[k]·b[col k] over row i's edges; db: the same over the transpose with a. */
export const edgeDotRule: GradientRule<'edgeDot'> = {
  saves: { inputs: [0, 1, ...GRAPH_AFTER_TWO], output: false },
  grad: (g, ctx) => {
    const graph = graphOf(ctx, 2);
    return [
      ctx.needs[0] ? aggregateSum(ctx.input(1), g, graph) : null,
      ctx.needs[1] ? aggregateSum(ctx.input(0), indexSelect(g, 0, graph[5]), transposed(graph)) : null,
      ...NONE_FOR_GRAPH,
    ];
  },
};

/** y·(g − Σ_{edges of the same destination} g·y), per head. */
export const segmentSoftmaxRule: GradientRule<'segmentSoftmax'> = {
  saves: { inputs: [1, 2, 3, 4, 5, 6], output: true },
  grad: (g, ctx) => {
    const graph = graphOf(ctx, 1);
    const y = ctx.output();
    const rowIndex = rowIndexOf(graph);
    const gy = mul(g, y);
    const perRow = scatterAdd(zeros([graph[0].size - 1, y.shape[1]]), 0, alongEdges(rowIndex, y.shape), gy);
    return [mul(y, sub(g, indexSelect(perRow, 0, rowIndex))), ...NONE_FOR_GRAPH];
  },
};
