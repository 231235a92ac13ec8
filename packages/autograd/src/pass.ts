// The backward pass: walks the graph from a root in topological order, runs each node's
// gradient rule, sums the gradients that meet at a tensor, and hands back the gradients of
// the leaves (or of the requested targets). It frees what it no longer needs as it goes.
import { add, cast, keep, onesLike, sparseGradient, SparseGradient, Tensor, tidy, type RecordedName } from '@tessera/core';
import { fmt } from './format.js';
import { edgeOf, isLeafEdge, Node, sweep, type Edge } from './graph.js';
import { ruleOf } from './gradients.js';
import { withGradMode } from './mode.js';
import type { RuleContext } from './rule.js';
import { heldBy, ProductGradient, resolveParts, SliceGradient, type GradientPart } from './deferred-gradients.js';
import { isSparseLookup, sumGradients } from './sparse.js';
import { sliceStarts } from './strided-gradients.js';

/** Options of backward. */
export interface BackwardOptions {
  /**
   * Keep the graph's saved tensors so that another backward pass can run through it.
   * Defaults to `createGraph`.
   */
  retainGraph?: boolean;
  /**
   * Record the backward pass itself, so that the gradients it produces can be
   * differentiated again (higher-order gradients). Default false.
   */
  createGraph?: boolean;
}

interface PassOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** When given, only these tensors' gradients are computed and returned; no `.grad` is touched. */
  targets: readonly Tensor[] | null;
}

/** The nodes reachable from `root` that lead to a wanted edge, consumers before producers. */
function topologicalOrder(root: Node, wanted: ((edge: Edge) => boolean) | null): { order: Node[]; needed: Set<Node> } {
  const visited = new Set<Node>([root]);
  const needed = new Set<Node>();
  const postOrder: Node[] = [];
  // Iterative depth-first search: graphs of long loops are deeper than the call stack.
  const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.node.edges.length) {
      const edge = top.node.edges[top.next++];
      if (edge instanceof Node && !visited.has(edge)) {
        visited.add(edge);
        stack.push({ node: edge, next: 0 });
      }
      continue;
    }
    stack.pop();
    postOrder.push(top.node);
    const leads = (e: Edge | null) => e !== null && (e instanceof Node ? needed.has(e) : wanted === null || wanted(e));
    if (wanted === null || wanted(top.node) || top.node.edges.some(leads)) needed.add(top.node);
  }
  return { order: postOrder.reverse().filter((n) => needed.has(n)), needed };
}

function checkSaved(op: string, node: Node): void {
  if (node.released) {
    throw new Error(
      `${op}: trying to run backward through the graph a second time (through ${node.name}): its saved tensors were freed when ` +
        'the first backward pass completed. Pass { retainGraph: true } to the first backward call to keep them',
    );
  }
  for (const saved of [...node.savedInputs, node.savedOutput]) {
    if (saved && saved.source.version !== saved.version) {
      throw new Error(
        `${op}: a tensor of shape ${fmt(saved.source.shape)} that the gradient of ${node.name} needs was modified in place ` +
          `by assign() after it was used (it is at version ${saved.source.version}, expected ${saved.version}); ` +
          'update it after the backward pass, or assign to a clone',
      );
    }
  }
}

function contextOf(node: Node, needs: readonly boolean[]): RuleContext<RecordedName> {
  return {
    attrs: node.attrs,
    shapes: node.inputShapes,
    needs,
    input: (i) => {
      const saved = node.savedInputs[i];
      if (!saved) throw new Error(`autograd: internal error: the rule of ${node.name} read input ${i}, which it did not save`);
      return saved.value;
    },
    output: () => {
      if (!node.savedOutput) throw new Error(`autograd: internal error: the rule of ${node.name} read its output, which it did not save`);
      return node.savedOutput.value;
    },
  };
}

/**
 * Runs a backward pass from `root`, seeded with `seed` (shaped like root). Returns the
 * gradient of every leaf reached, or of each target, keyed by edge (a node or a leaf).
 * Runs inside tidy(): only the returned gradients survive.
 */
export function runBackward(op: string, root: Tensor, seed: Tensor, options: PassOptions): Map<Edge, Tensor> {
  const rootEdge = edgeOf(root);
  if (rootEdge === null) throw new Error(`${op}: the output does not require grad`);
  const targetEdges = options.targets ? new Set(options.targets.map(edgeOf)) : null;
  const wanted = targetEdges && ((e: Edge) => targetEdges.has(e));
  const { order, needed } = rootEdge instanceof Node ? topologicalOrder(rootEdge, wanted) : { order: [], needed: new Set<Node>() };
  const useful = (e: Edge | null): e is Edge => e !== null && (e instanceof Node ? needed.has(e) : wanted === null || wanted(e));

  // tidy() keeps tensors returned in arrays, so the results travel as [edge, gradient] pairs.
  const entries = withGradMode(options.createGraph, () => tidy(() => {
    const results = new Map<Edge, Tensor>();
    // Gradients waiting at each edge, and how many places hold each gradient tensor, so a
    // tensor is freed as soon as nothing waits on it.
    // Slices' and weights' gradients wait in a deferred form (deferred-gradients.ts).
    const pending = new Map<Edge, GradientPart[]>([[rootEdge, [seed]]]);
    const holders = new Map<Tensor, number>([[seed, 1]]);
    const hold = (t: Tensor) => holders.set(t, (holders.get(t) ?? 0) + 1);
    const drop = (t: Tensor) => {
      const n = (holders.get(t) ?? 0) - 1;
      if (n > 0) holders.set(t, n);
      else {
        holders.delete(t);
        if (t !== seed && !isResult(t)) t.dispose();
      }
    };
    const isResult = (t: Tensor) => {
      for (const r of results.values()) if (r === t) return true;
      return false;
    };
    const push = (edge: Edge, part: GradientPart) => {
      hold(heldBy(part));
      const list = pending.get(edge);
      if (list) list.push(part);
      else pending.set(edge, [part]);
    };
    const total = (waiting: GradientPart[]) => {
      const parts = tidy(() => resolveParts(waiting));
      parts.forEach(hold);
      for (const p of waiting) drop(heldBy(p));
      const sum = sumGradients(parts);
      hold(sum);
      for (const t of parts) drop(t);
      return sum;
    };

    for (const node of order) {
      const parts = pending.get(node);
      pending.delete(node);
      if (!parts) continue;
      checkSaved(op, node);
      const g = total(parts);
      if (targetEdges?.has(node)) results.set(node, g);
      const needs = node.edges.map(useful);
      const view = node.name === 'stridedCopy' ? (node.attrs as { strides: number[]; offset: number }) : null;
      const starts = view && sliceStarts(node.inputShapes[0], g.shape, view.strides, view.offset);
      if (starts) {
        if (needs[0]) push(node.edges[0] as Edge, new SliceGradient(g, starts, node.inputShapes[0]));
        drop(g);
        continue;
      }
      // A 2-D product's weight gradient aᵀ·g waits to be summed with the other steps' as one product.
      const plain = node.name === 'matmul' && !(node.attrs as { transposeA: boolean }).transposeA && !(node.attrs as { transposeB: boolean }).transposeB;
      const weight = plain && needs[1] && node.inputShapes.every((shape) => shape.length === 2) && !options.createGraph
        ? node.savedInputs[0]?.value
        : undefined;
      if (weight) {
        push(node.edges[1] as Edge, new ProductGradient(weight, g));
        needs[1] = false;
      }
      const rule = ruleOf(node.name);
      // A sparse lookup hands a leaf table the rows it read (only .grad takes sparse gradients).
      const table = node.edges[0];
      const sparse = isSparseLookup(node) && needs[0] && table !== null && isLeafEdge(table) && !options.targets && !options.createGraph
        ? sparseGradient(contextOf(node, needs).input(1), g, node.inputShapes[0])
        : null;
      if (sparse) needs[0] = false;
      const grads = tidy(() => rule.grad(g, contextOf(node, needs)));
      node.edges.forEach((edge, i) => {
        const gi = i === 0 && sparse ? sparse : grads[i];
        if (!gi || !useful(edge)) return;
        const shape = node.inputShapes[i];
        if (gi !== sparse && (gi.ndim !== shape.length || gi.shape.some((s, d) => s !== shape[d]))) {
          throw new Error(`autograd: internal error: the rule of ${node.name} gave a gradient of shape ${fmt(gi.shape)} for input ${i} of shape ${fmt(shape)}`);
        }
        push(edge, gi);
      });
      drop(g);
    }
    for (const [edge, parts] of pending) if (isLeafEdge(edge)) results.set(edge, total(parts));
    if (!options.retainGraph) for (const node of order) node.release();
    // The caller's seed must not become a gradient it might dispose: copy it.
    for (const [edge, t] of results) if (t === seed) results.set(edge, cast(seed, 'float32', true));
    return [...results];
  }), op);
  return new Map(entries);
}

/**
 * Validates `loss` and `gradient`, runs the backward pass and accumulates into the `.grad`
 * of every leaf reached.
 */
export function accumulateGradients(op: string, loss: Tensor, gradient: Tensor | null | undefined, options: BackwardOptions): void {
  if (!(loss instanceof Tensor) || loss.isDisposed) throw new Error(`${op}: expected a live Tensor as the loss`);
  if (loss.dtype !== 'float32') {
    throw new Error(`${op}: the loss is ${loss.dtype}; only float32 tensors have gradients (argmax/argmin, comparisons and integer results are not differentiable)`);
  }
  if (!loss.requiresGrad) {
    throw new Error(
      `${op}: the loss does not require grad: none of the tensors it was computed from requires grad (create them with tensor(data, { requiresGrad: true })), it was computed inside noGrad(), or before @tessera/autograd was first loaded`,
    );
  }
  if (gradient !== undefined && gradient !== null) {
    const fits = gradient instanceof Tensor && !gradient.isDisposed && gradient.dtype === 'float32' && gradient.ndim === loss.ndim && gradient.shape.every((s, i) => s === loss.shape[i]);
    if (!fits) {
      const got = gradient instanceof Tensor ? `${gradient.isDisposed ? 'a disposed ' : ''}${gradient.dtype} ${fmt(gradient.shape)}` : typeof gradient;
      throw new Error(`${op}: the gradient must be a float32 tensor of the loss's shape ${fmt(loss.shape)}, got ${got}`);
    }
  } else if (loss.size !== 1) {
    throw new Error(
      `${op}: a gradient can be created implicitly only for a loss with one element, got shape ${fmt(loss.shape)}: pass a gradient of that shape, or reduce the loss with sum() or mean()`,
    );
  }
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  tidy(() => {
    const seed = gradient ?? onesLike(loss);
    const grads = runBackward(op, loss, seed, { retainGraph, createGraph, targets: null });
    withGradMode(createGraph, () => {
      for (const [leaf, g] of grads) {
        if (!isLeafEdge(leaf) || leaf.isDisposed) continue;
        const previous = leaf.grad;
        if (previous instanceof SparseGradient || g instanceof SparseGradient) {
          // A sparse gradient's row count changes as it grows: accumulate into a new one.
          leaf.grad = keep(previous && !previous.isDisposed ? sumGradients([previous, g]) : g);
          previous?.dispose();
        } else if (previous && !previous.isDisposed && !createGraph) {
          // In place, as PyTorch accumulates: handles to .grad stay valid.
          previous.assign(add(previous, g));
        } else {
          leaf.grad = keep(previous && !previous.isDisposed ? add(previous, g) : g);
          previous?.dispose();
        }
      }
    }, op);
  });
  // Parts of the graph the pass did not reach (results that fed only comparisons) go now.
  sweep();
}
