// The recorded graph: one Node per kernel run on tensors that require a gradient, pointing at
// the nodes (or leaves) its inputs came from, and holding aliased handles of the tensors its
// gradient rule reads. Nodes own those handles until a backward pass releases them, or until
// a sweep finds that no live tensor can reach them any more.
import { Tensor, type RecordedName, type RecordedSignatures } from '@tessera/core';

/** A tensor a gradient rule reads, with the version it had when it was saved. */
export class SavedTensor {
  constructor(
    /** The tensor (the base, for a view) whose `version` tells whether it was assigned since. */
    readonly source: Tensor,
    /** A handle on the storage as it was, which no tidy() scope frees. */
    readonly value: Tensor,
    /** `source.version` when it was saved. */
    readonly version: number,
  ) {}
}

/** Where an input's gradient goes: the node that produced it, or the leaf itself. */
export type Edge = Node | Tensor;

// Every node not yet released: the candidates of a sweep.
const unreleased = new Set<Node>();

/** One recorded kernel (or reshape): what the backward pass needs to run its rule. */
export class Node {
  /** Set once the saved tensors are freed; a backward pass through the node is then an error. */
  released = false;
  /** The output handle, weakly: a node whose output is gone matters only to its consumers. */
  readonly output: WeakRef<Tensor>;

  constructor(
    output: Tensor,
    readonly name: RecordedName,
    readonly attrs: RecordedSignatures[RecordedName]['attrs'],
    /** Per input: where its gradient flows, or null when it needs none. */
    readonly edges: readonly (Edge | null)[],
    /** Per input: its shape (rules reduce broadcast gradients back to it). */
    readonly inputShapes: readonly (readonly number[])[],
    /** Per input: the saved value, where the rule reads it. */
    readonly savedInputs: readonly (SavedTensor | null)[],
    /** The saved output, where the rule reads it. */
    public savedOutput: SavedTensor | null,
  ) {
    this.output = new WeakRef(output);
    unreleased.add(this);
  }

  /** Frees the saved handles; a later backward through this node is an error. */
  release(): void {
    if (this.released) return;
    this.released = true;
    unreleased.delete(this);
    for (const s of this.savedInputs) s?.value.dispose();
    this.savedOutput?.value.dispose();
  }
}

// Sweeps run after backward passes and grad() calls, and when the number of unreleased nodes
// has doubled since the last sweep, for programs that record without running backward
// (evaluation outside noGrad).
let sweepAt = 1024;

/**
 * Releases every node that no live tensor can reach: its output handle is disposed (or
 * collected) and so are those of all the nodes recorded from it. Such nodes arise where a
 * recorded result only fed a comparison or an integer op, or a graph was computed and
 * dropped without a backward pass.
 */
export function sweep(): void {
  const reachable = new Set<Node>();
  const stack: Node[] = [];
  for (const node of unreleased) {
    const out = node.output.deref();
    if (out && !out.isDisposed) {
      reachable.add(node);
      stack.push(node);
    }
  }
  while (stack.length > 0) {
    for (const edge of (stack.pop() as Node).edges) {
      if (edge instanceof Node && !reachable.has(edge)) {
        reachable.add(edge);
        stack.push(edge);
      }
    }
  }
  for (const node of unreleased) if (!reachable.has(node)) node.release();
  sweepAt = Math.max(1024, 2 * unreleased.size);
}

/** Sweeps when enough nodes have accumulated since the last sweep. */
export function sweepIfGrown(): void {
  if (unreleased.size >= sweepAt) sweep();
}

// Aliases saved from a leaf stand for that leaf when a rule's own operations are recorded
// (createGraph), so the gradient reaches the leaf the program holds.
const leafOf = new WeakMap<Tensor, Tensor>();

/** Records that `alias` stands for the leaf `leaf`. */
export function linkLeafAlias(alias: Tensor, leaf: Tensor): void {
  leafOf.set(alias, leafOf.get(leaf) ?? leaf);
}

// Views (reshape, detach) share their base's storage, as in PyTorch they share its version
// counter: an assign() to the base is a change of every view taken from it.
const baseOf = new WeakMap<Tensor, Tensor>();

/** Records that `view` shares the storage of `base`. */
export function shareVersion(view: Tensor, base: Tensor): void {
  baseOf.set(view, baseOf.get(base) ?? base);
}

/** The tensor whose `version` counts the in-place updates of `t`'s storage. */
export function versionSource(t: Tensor): Tensor {
  return baseOf.get(t) ?? t;
}

/** Where gradients of `t` go: its node, itself if it is a leaf that requires grad, or null. */
export function edgeOf(t: Tensor): Edge | null {
  if (t.gradFn instanceof Node) return t.gradFn;
  if (!t.requiresGrad) return null;
  return leafOf.get(t) ?? t;
}

/** Narrows an edge to a leaf tensor. */
export function isLeafEdge(edge: Edge): edge is Tensor {
  return edge instanceof Tensor;
}
