// Data: one graph's tensors in one place (PyG's Data), what layers, batching and the
// sampler pass around.
import type { Tensor } from '@tessera/core';
import { checkEdgeIndex, fmt } from '../checks.js';

/** The fields of a graph; every one but edgeIndex is optional. */
export interface DataFields {
  /** Node features `[N, F]`. */
  x?: Tensor | null;
  /** int32 `[2, E]`: row 0 the sources, row 1 the targets. */
  edgeIndex: Tensor;
  /** Edge features `[E, ...]` (or edge weights `[E]`). */
  edgeAttr?: Tensor | null;
  /** Targets: per node `[N, ...]` or per graph. */
  y?: Tensor | null;
  /** Node masks (bool `[N]`) of the usual splits. */
  trainMask?: Tensor | null;
  valMask?: Tensor | null;
  testMask?: Tensor | null;
  /** Number of nodes; default x's first dimension. */
  numNodes?: number;
}

/**
 * A graph: node features, edges, edge features, targets and split masks, as PyG's Data. The
 * Data holds the tensors; `dispose()` frees them.
 * @example const graph = new Data({ x, edgeIndex, y }); graph.numNodes; graph.numEdges;
 */
export class Data {
  x: Tensor | null;
  edgeIndex: Tensor;
  edgeAttr: Tensor | null;
  y: Tensor | null;
  trainMask: Tensor | null;
  valMask: Tensor | null;
  testMask: Tensor | null;
  readonly numNodes: number;

  constructor(fields: DataFields) {
    checkEdgeIndex('Data', fields.edgeIndex);
    this.x = fields.x ?? null;
    this.edgeIndex = fields.edgeIndex;
    this.edgeAttr = fields.edgeAttr ?? null;
    this.y = fields.y ?? null;
    this.trainMask = fields.trainMask ?? null;
    this.valMask = fields.valMask ?? null;
    this.testMask = fields.testMask ?? null;
    const n = fields.numNodes ?? this.x?.shape[0];
    if (n === undefined) throw new Error('Data: give x or numNodes');
    if (this.x && this.x.shape[0] !== n) throw new Error(`Data: x ${fmt(this.x.shape)} must have numNodes=${n} rows`);
    if (this.edgeAttr && this.edgeAttr.shape[0] !== this.numEdges) {
      throw new Error(`Data: edgeAttr ${fmt(this.edgeAttr.shape)} must have one row per edge of edgeIndex ${fmt(this.edgeIndex.shape)}`);
    }
    for (const [name, mask] of [['trainMask', this.trainMask], ['valMask', this.valMask], ['testMask', this.testMask]] as const) {
      if (mask && (mask.dtype !== 'bool' || mask.ndim !== 1 || mask.shape[0] !== n)) {
        throw new Error(`Data: ${name} must be a bool vector of ${n} (one per node), got ${mask.dtype} of shape ${fmt(mask.shape)}`);
      }
    }
    this.numNodes = n;
  }

  /** Number of edges. */
  get numEdges(): number {
    return this.edgeIndex.shape[1];
  }

  /** Node feature size (0 without x). */
  get numNodeFeatures(): number {
    return this.x ? this.x.shape[1] ?? 1 : 0;
  }

  /** The tensors held, for disposal or moving. */
  tensors(): Tensor[] {
    return [this.x, this.edgeIndex, this.edgeAttr, this.y, this.trainMask, this.valMask, this.testMask].filter((t): t is Tensor => t !== null);
  }

  /** Frees every tensor held. */
  dispose(): void {
    for (const t of this.tensors()) t.dispose();
  }
}
