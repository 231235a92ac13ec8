// Batch: many small graphs as one disjoint graph, with a `batch` vector naming each node's
// graph (PyG's Batch.from_data_list), which is what graph classification trains on.
import { add, cat, tidy, type Tensor } from '@tessera/core';
import { Data, type DataFields } from './data.js';
import { indexVector } from '../utils/host.js';

type Field = 'x' | 'edgeAttr' | 'y' | 'trainMask' | 'valMask' | 'testMask';
const fields: Field[] = ['x', 'edgeAttr', 'y', 'trainMask', 'valMask', 'testMask'];

/**
 * Graphs merged into one: node-level and edge-level tensors concatenated, each graph's edge
 * indices shifted by the nodes before it. `batch[i]` is node i's graph and
 * `ptr[g]..ptr[g+1]` the nodes of graph g.
 * @example
 * const batch = Batch.fromDataList(graphs);
 * const logits = classifier.call(batch.x, batch.edgeIndex, batch.batch);
 */
export class Batch extends Data {
  /** int32 `[N]`: the graph of each node. */
  readonly batch: Tensor;
  /** int32 `[numGraphs + 1]`: where each graph's nodes start (and the total at the end). */
  readonly ptr: Tensor;
  readonly numGraphs: number;

  private constructor(fields: DataFields, batch: Tensor, ptr: Tensor, numGraphs: number) {
    super(fields);
    this.batch = batch;
    this.ptr = ptr;
    this.numGraphs = numGraphs;
  }

  /**
   * Merges `list` into one disjoint graph. Every graph must have the same fields; the inputs
   * are left as they are (the batch owns new tensors).
   * @example const batch = Batch.fromDataList([g1, g2]); batch.numGraphs // 2
   */
  static fromDataList(list: readonly Data[]): Batch {
    if (list.length === 0) throw new Error('Batch.fromDataList: expected at least one graph');
    for (const field of fields) {
      const present = list.map((d) => d[field] !== null);
      if (present.some((p) => p !== present[0])) throw new Error(`Batch.fromDataList: ${field} is set on some graphs and not on others`);
    }
    const offsets = [0];
    for (const d of list) offsets.push(offsets[offsets.length - 1] + d.numNodes);
    // tidy keeps what it returns in plain objects, so the Batch is built outside it.
    const made = tidy(() => {
      const merged: Partial<Record<Field, Tensor>> = {};
      for (const field of fields) if (list[0][field]) merged[field] = cat(list.map((d) => d[field] as Tensor), 0);
      const edgeIndex = cat(list.map((d, g) => (offsets[g] === 0 ? d.edgeIndex : add(d.edgeIndex, offsets[g]))), 1);
      const graphOf = new Int32Array(offsets[list.length]);
      list.forEach((_, g) => graphOf.fill(g, offsets[g], offsets[g + 1]));
      return { merged, edgeIndex, batch: indexVector(graphOf), ptr: indexVector(offsets) };
    });
    return new Batch({ ...made.merged, edgeIndex: made.edgeIndex, numNodes: offsets[list.length] }, made.batch, made.ptr, list.length);
  }

  /** The tensors held, batch vector and ptr included. */
  override tensors(): Tensor[] {
    return [...super.tensors(), this.batch, this.ptr];
  }
}
