// MessagePassing: the base class of graph layers, with PyG's message / aggregate / update
// split. Layers whose message is the neighbour's feature (optionally times a per-edge or
// per-edge-per-head weight) keep the default `message` and get the fused aggregation;
// layers that override `message` get messages gathered per edge and scattered to targets.
import { indexSelect, mul, tidy, unsqueeze, type Tensor } from '@tessera/core';
import { Module } from '@tessera/layers';
import { checkEdgeIndex, checkIndexRange, fmt } from '../checks.js';
import { edgeRow } from '../utils/edge-row.js';
import { hostValues } from '../utils/host.js';
import { checkAggregation, scatter, type Aggregation } from './aggregate.js';

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
 * The inputs of `propagate`: node-level tensors (first dimension the number of nodes, such as
 * `x`) and edge-level tensors (first dimension the number of edges, such as `edgeWeight`).
 */
export type PropagateInputs = Record<string, Tensor | null | undefined>;

/**
 * What `message` receives: every input of `propagate` under its own name, and for each
 * node-level input `k` the per-edge rows `${k}J` (of the sending node) and `${k}I` (of the
 * receiving node), gathered when first read. `index` holds each edge's receiving node and
 * `sizeI` the number of nodes.
 */
export type MessageArgs = Record<string, Tensor> & { index: Tensor; sizeI: number };

// Edge indices already range-checked, with the node count they were checked against.
const checkedRanges = new WeakMap<Tensor, number>();

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
   * Runs message passing over `edgeIndex` (int32 `[2, E]`): `message` → `aggregate` →
   * `update`. `inputs.x` (`[N, ...]`) is required and sets the number of nodes; an
   * `inputs.edgeWeight` of `[E]` (or `[E, heads]` for `x` of `[N, heads, C]`) scales the
   * default message.
   * @example const out = this.propagate(edgeIndex, { x, edgeWeight });
   */
  propagate(edgeIndex: Tensor, inputs: PropagateInputs): Tensor {
    const where = this.constructor.name;
    const x = inputs.x;
    if (!x) throw new Error(`${where}: propagate needs inputs.x`);
    const numNodes = x.shape[0];
    checkEdges(where, edgeIndex, numNodes);
    return tidy(() => {
      const [j, i] = this.flow === 'source_to_target' ? [0, 1] as const : [1, 0] as const;
      const index = edgeRow(edgeIndex, i);
      const source = edgeRow(edgeIndex, j);
      const args = messageArgs(inputs, source, index, numNodes);
      const aggregated = this.message === MessagePassing.prototype.message
        ? neighbourAggregate(where, x, source, index, inputs.edgeWeight ?? null, numNodes, this.aggr)
        : this.aggregate(this.message(args), index, numNodes);
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

  /** Maps the aggregated features to the layer's output; the identity by default. */
  update(aggregated: Tensor, _args: MessageArgs): Tensor {
    return aggregated;
  }
}

/** Throws unless `edgeIndex` is an int32 `[2, E]` whose entries lie in [0, numNodes). */
export function checkEdges(where: string, edgeIndex: Tensor, numNodes: number): void {
  checkEdgeIndex(where, edgeIndex);
  // NOTE: webgpu cannot read indices synchronously, so there an out-of-range index is not caught here.
  if (edgeIndex.backend === 'webgpu' || checkedRanges.get(edgeIndex) === numNodes) return;
  checkIndexRange(where, hostValues(where, edgeIndex), numNodes, edgeIndex.shape);
  checkedRanges.set(edgeIndex, numNodes);
}

/** `x` `[E, ...]` times a weight per edge (`[E]`) or per edge and head (`[E, H]` for `[E, H, C]`). */
function weighted(x: Tensor, weight: Tensor): Tensor {
  let w = weight;
  while (w.ndim < x.ndim) w = unsqueeze(w, -1);
  return mul(x, w);
}

function messageArgs(inputs: PropagateInputs, source: Tensor, index: Tensor, numNodes: number): MessageArgs {
  const args = { index, sizeI: numNodes } as MessageArgs;
  for (const [key, value] of Object.entries(inputs)) {
    if (!value) continue;
    (args as Record<string, Tensor>)[key] = value;
    if (value.shape[0] !== numNodes) continue;
    for (const [suffix, rows] of [['J', source], ['I', index]] as const) {
      let gathered: Tensor | undefined;
      Object.defineProperty(args, key + suffix, { enumerable: true, get: () => (gathered ??= indexSelect(value, 0, rows)) });
    }
  }
  return args;
}

/**
 * Σ / mean / max / min over incoming edges of `x[source] · weight`, the default message's
 * aggregation.
 */
function neighbourAggregate(
  where: string, x: Tensor, source: Tensor, index: Tensor, weight: Tensor | null, numNodes: number, aggr: Aggregation,
): Tensor {
  const edges = index.shape[0];
  if (weight && (weight.shape[0] !== edges || weight.ndim > x.ndim - 1 || weight.shape.some((d, k) => k > 0 && d !== x.shape[k]))) {
    throw new Error(`${where}: edgeWeight ${fmt(weight.shape)} must be [${edges}] or match x ${fmt(x.shape)} after the edge dimension`);
  }
  const messages = indexSelect(x, 0, source);
  return scatter(weight ? weighted(messages, weight) : messages, index, numNodes, aggr);
}
