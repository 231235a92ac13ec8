// MessagePassing: the base class of graph layers, with PyG's message / aggregate / update
// split. Layers whose message is the neighbour's feature (optionally times a per-edge or
// per-edge-per-head weight) keep the default `message` and get the fused aggregation;
// layers that override `message` get messages gathered per edge and scattered to targets.
import { indexSelect, tidy, type Tensor } from '@tessera/core';
import { Module } from '@tessera/layers';
import { fmt } from '../checks.js';
import { checkAggregation, scatter, type Aggregation } from './aggregate.js';
import { ViewCache, weighted, type EdgeView, type GraphInput } from './edges.js';

/** Direction messages travel along an edge (PyG's `flow`). */
export type Flow = 'source_to_target' | 'target_to_source';

/** Options of MessagePassing. */
export interface MessagePassingOptions {
  /** How incoming messages combine. Default 'add'. */
  aggr?: Aggregation;
  /** Default 'source_to_target': edge (j, i) sends j's message to i. */
  flow?: Flow;
}

/**
 * The inputs of `propagate`: node-level tensors (`[N, ...]`, such as `x`) and edge-level
 * tensors, whose names start with `edge` (`edgeWeight`, `edgeAttr`: `[E, ...]`, in the order of
 * the edge index, or in CSR order when the graph is a CsrGraph).
 */
export type PropagateInputs = Record<string, Tensor | null | undefined>;

/**
 * What `message` receives: every input of `propagate` under its own name, and for each
 * node-level input `k` the per-edge rows `${k}J` (of the sending node) and `${k}I` (of the
 * receiving node), gathered when first read. `index` holds each edge's receiving node and
 * `sizeI` the number of nodes.
 */
export type MessageArgs = Record<string, Tensor> & { index: Tensor; sizeI: number };

/**
 * Base class for graph layers, as PyG's MessagePassing: `propagate(edgeIndex, inputs)` calls
 * `message` per edge, `aggregate` per receiving node and `update` on the result.
 * @example
 * class MeanNeighbours extends MessagePassing {
 *   constructor() { super({ aggr: 'mean' }); }
 *   forward(x: Tensor, edgeIndex: Tensor): Tensor { return this.propagate(edgeIndex, { x }); }
 * }
 * // Overriding `message` (here, difference to the receiver) switches to the gathered path:
 * class Differences extends MeanNeighbours {
 *   message(args: MessageArgs): Tensor { return args.xJ.sub(args.xI); }
 * }
 */
export abstract class MessagePassing extends Module {
  readonly aggr: Aggregation;
  readonly flow: Flow;
  readonly #views = new ViewCache();

  constructor(options: MessagePassingOptions = {}) {
    super();
    const name = new.target.name;
    this.aggr = options.aggr ?? 'add';
    checkAggregation(name, this.aggr);
    this.flow = options.flow ?? 'source_to_target';
    if (this.flow !== 'source_to_target' && this.flow !== 'target_to_source') {
      throw new Error(`${name}: flow must be 'source_to_target' or 'target_to_source', got '${String(this.flow)}'`);
    }
  }

  /**
   * Runs message passing over `graph` (an int32 `[2, E]` edge index, or a CsrGraph from
   * core's edgeIndexToCsr to skip sorting it on every call): `message` → `aggregate` →
   * `update`. `inputs.x` (`[N, ...]`) is required and sets the number of nodes; an
   * `inputs.edgeWeight` of `[E]` (or `[E, heads]` for `x` of `[N, heads, C]`) scales the
   * default message.
   * @example const out = this.propagate(edgeIndex, { x, edgeWeight });
   */
  propagate(graph: GraphInput, inputs: PropagateInputs): Tensor {
    const where = this.constructor.name;
    const x = inputs.x;
    if (!x) throw new Error(`${where}: propagate needs inputs.x`);
    return this.propagateOn(this.graphView(graph, x.shape[0]), inputs, true);
  }

  /**
   * The checked view of `graph` that layers compute on: a given CsrGraph as it is, an edge
   * index sorted into one (js, wasm) or used as an edge list (webgpu), cached while the same
   * edge index comes back.
   */
  protected graphView(graph: GraphInput, numNodes: number): EdgeView {
    return this.#views.get(this.constructor.name, graph, numNodes);
  }

  /**
   * `propagate` on a view of the graph, for layers that computed per-edge inputs in the view's
   * order already (`callerOrder` false) or hold them in the caller's edge order (true).
   */
  protected propagateOn(view: EdgeView, inputs: PropagateInputs, callerOrder: boolean): Tensor {
    const where = this.constructor.name;
    return tidy(() => {
      const edgeInputs: PropagateInputs = {};
      for (const [key, value] of Object.entries(inputs)) {
        if (!value || !key.startsWith('edge')) continue;
        if (value.shape[0] !== view.numEdges) throw new Error(`${where}: ${key} ${fmt(value.shape)} must have one row per edge (${view.numEdges})`);
        edgeInputs[key] = callerOrder ? view.fromCallerOrder(value) : value;
      }
      const ordered = { ...inputs, ...edgeInputs };
      // flow target_to_source sends messages along reversed edges.
      const [source, index] = this.flow === 'source_to_target' ? [view.source, view.target] : [view.target, view.source];
      const args = messageArgs(ordered, source, index, view.numNodes);
      const fused = this.message === MessagePassing.prototype.message && this.flow === 'source_to_target';
      const aggregated = fused
        ? neighbourAggregate(where, view, ordered.x!, ordered.edgeWeight ?? null, this.aggr)
        : this.aggregate(this.message(args), index, view.numNodes);
      return this.update(aggregated, args);
    });
  }

  /**
   * The message of each edge; by default the sender's features `xJ`, times `edgeWeight`
   * when given. Keeping this default lets `propagate` aggregate without building the
   * per-edge messages.
   */
  message(args: MessageArgs): Tensor {
    return args.edgeWeight ? weighted(args.xJ, args.edgeWeight) : args.xJ;
  }

  /** Combines the messages (`[E, ...]`) of each receiving node with `aggr`. */
  aggregate(messages: Tensor, index: Tensor, numNodes: number): Tensor {
    return scatter(messages, index, numNodes, this.aggr);
  }

  /** Frees the parameters and the cached view of the graph. */
  override dispose(): void {
    this.#views.clear();
    super.dispose();
  }

  /** Maps the aggregated features to the layer's output; the identity by default. */
  update(aggregated: Tensor, _args: MessageArgs): Tensor {
    return aggregated;
  }
}

function messageArgs(inputs: PropagateInputs, source: Tensor, index: Tensor, numNodes: number): MessageArgs {
  const args = { index, sizeI: numNodes } as MessageArgs;
  for (const [key, value] of Object.entries(inputs)) {
    if (!value) continue;
    (args as Record<string, Tensor>)[key] = value;
    if (key.startsWith('edge')) continue;
    for (const [suffix, rows] of [['J', source], ['I', index]] as const) {
      let gathered: Tensor | undefined;
      Object.defineProperty(args, key + suffix, { enumerable: true, get: () => (gathered ??= indexSelect(value, 0, rows)) });
    }
  }
  return args;
}

/** Σ / mean / max / min over incoming edges of `x[source] · weight`: the default message, fused. */
function neighbourAggregate(where: string, view: EdgeView, x: Tensor, weight: Tensor | null, aggr: Aggregation): Tensor {
  if (weight && !(weight.ndim === 1 || (weight.ndim === 2 && x.ndim === 3 && weight.shape[1] === x.shape[1]))) {
    throw new Error(`${where}: edgeWeight ${fmt(weight.shape)} must be [${view.numEdges}] or [${view.numEdges}, heads] for x ${fmt(x.shape)}`);
  }
  return view.aggregate(x, weight, aggr);
}
