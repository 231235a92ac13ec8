// Fused elementwise chains. Each dispatch costs tens of microseconds and a trip through
// memory, so unary and simple binary kernels (operands contiguous or single broadcast
// elements) do not dispatch at once: the output buffer is reserved and an expression is
// recorded. A later elementwise kernel of the same size inlines that expression into its
// own, and the whole chain becomes one shader when the result is first needed (another
// kernel reads it, or it is read back). A chain whose result is disposed unread never runs.
// Leaves of an expression are materialised buffers; each pending expression holds a
// reference on them so the pool cannot reuse them before it runs.
import type { BinaryOp, UnaryOp } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, floatBits, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

/** WGSL element types of expression values (bool is u32). */
export type ValueType = 'f32' | 'i32' | 'u32';

/** A node of an elementwise expression. */
export type Node =
  | { kind: 'leaf'; handle: GpuHandle; broadcast: boolean; type: ValueType }
  | { kind: 'unary'; op: UnaryOp; alpha: number; x: Node; type: ValueType; code: string }
  | { kind: 'binary'; op: BinaryOp; a: Node; b: Node; type: ValueType; code: string };

/** What a pending handle will compute: `size` elements of `node`. */
export interface Expression {
  readonly node: Node;
  readonly size: number;
  /** Distinct leaf buffers, each holding one reference for this expression. */
  readonly leaves: readonly GpuHandle[];
  /** Operation nodes, counting repeats (inlining a value twice computes it twice). */
  readonly ops: number;
}

/** Leaves per shader (storage bindings are limited to 8 per stage on many devices). */
const MAX_LEAVES = 6;
/** Operations per fused shader; past this the inputs are materialised instead. */
const MAX_OPS = 16;

function countOps(node: Node): number {
  return node.kind === 'leaf' ? 0 : node.kind === 'unary' ? 1 + countOps(node.x) : 1 + countOps(node.a) + countOps(node.b);
}

function collectLeaves(node: Node, into: Set<GpuHandle>): void {
  if (node.kind === 'leaf') into.add(node.handle);
  else if (node.kind === 'unary') collectLeaves(node.x, into);
  else {
    collectLeaves(node.a, into);
    collectLeaves(node.b, into);
  }
}

/** Records and runs fused elementwise expressions on one runtime. */
export class Fuser {
  /** Handles whose expressions have not run yet (see materializeReaders). */
  private readonly pendingHandles = new Set<GpuHandle>();

  constructor(private readonly rt: GpuRuntime) {}

  /**
   * An operand of size `operandSize` for an expression of `size` elements: a pending
   * expression of the same size is inlined, anything else becomes a (materialised) leaf.
   */
  operand(handle: GpuHandle, operandSize: number, size: number, type: ValueType): Node {
    if (handle.pending && operandSize === size) return handle.pending.node;
    return this.leaf(handle, operandSize, size, type);
  }

  /** A leaf for `handle`, materialised first: operands of expressions that may not inline. */
  leaf(handle: GpuHandle, operandSize: number, size: number, type: ValueType): Node {
    this.materialize(handle);
    return { kind: 'leaf', handle, broadcast: operandSize !== size, type };
  }

  /**
   * A new handle whose contents are `node` over `size` elements, computed later. Falls back
   * to materialising the operands when the expression would grow past the limits.
   */
  record(node: Node, size: number, rebuild: () => Node): GpuHandle {
    let leaves = new Set<GpuHandle>();
    collectLeaves(node, leaves);
    if (leaves.size > MAX_LEAVES || countOps(node) > MAX_OPS) {
      node = rebuild();
      leaves = new Set();
      collectLeaves(node, leaves);
    }
    for (const leaf of leaves) leaf.refs++;
    const handle = this.rt.output(size);
    handle.pending = { node, size, leaves: [...leaves], ops: countOps(node) };
    this.pendingHandles.add(handle);
    return handle;
  }

  /** Runs the pending expression of `handle`, if any, writing its buffer. */
  materialize(handle: GpuHandle): void {
    const expression = handle.pending;
    if (!expression) return;
    handle.pending = null;
    this.pendingHandles.delete(handle);
    const lanes = expression.size % 4 === 0 ? 4 : 1;
    const { spec, alphas } = fusedShader(expression, lanes);
    const count = expression.size / lanes;
    this.rt.run(spec, [...expression.leaves, handle], [count, ...alphas.map(floatBits)], groupsFor(count, WORKGROUP_SIZE));
    this.unreference(expression);
  }

  /**
   * Runs every pending expression that reads `handle`, before an in-place kernel writes it:
   * they must see the values it had when they were recorded.
   */
  materializeReaders(handle: GpuHandle): void {
    for (const reader of [...this.pendingHandles]) if (reader.pending?.leaves.includes(handle)) this.materialize(reader);
  }

  /** Drops a tensor's reference; a pending expression nobody will read is discarded unrun. */
  release(handle: GpuHandle): void {
    if (--handle.refs > 0) return;
    if (handle.pending) {
      this.unreference(handle.pending);
      handle.pending = null;
      this.pendingHandles.delete(handle);
    }
    this.rt.pool.release(handle);
  }

  private unreference(expression: Expression): void {
    for (const leaf of expression.leaves) this.release(leaf);
  }
}

/**
 * The WGSL of an expression: leaves bound in order (vec4 loads when `lanes` is 4, broadcast
 * leaves read once and splatted), one statement per node, applied lane by lane.
 */
function fusedShader(expression: Expression, lanes: number): { spec: ReturnType<typeof shader>; alphas: number[] } {
  const leaves = expression.leaves;
  const functions: string[] = [];
  const body: string[] = [];
  const alphas: number[] = [];
  const keyParts: string[] = [];
  const vec = (type: string) => (lanes === 4 ? `vec4<${type}>` : type);
  const lane = (name: string, args: string[]) =>
    lanes === 4 ? `vec4(${['x', 'y', 'z', 'w'].map((c) => `${name}(${args.map((a) => `${a}.${c}`).join(', ')})`).join(', ')})` : `${name}(${args.join(', ')})`;
  let next = 0;
  const emit = (node: Node): string => {
    const name = `v${next++}`;
    if (node.kind === 'leaf') {
      const at = leaves.indexOf(node.handle);
      keyParts.push(`L${at}${node.broadcast ? 's' : 'c'}${node.type}`);
      body.push(`let ${name} = ${node.broadcast ? `${vec(node.type)}(l${at}[0])` : `l${at}[gid]`};`);
      return name;
    }
    if (node.kind === 'unary') {
      const x = emit(node.x);
      const fn = `f${functions.length}`;
      keyParts.push(`U${node.op}${node.type}`);
      functions.push(`fn ${fn}(x: ${node.x.type}) -> ${node.type} { let alpha = pf(${1 + alphas.length}u); return ${node.code}; }`);
      alphas.push(node.alpha);
      body.push(`let ${name} = ${lane(fn, [x])};`);
      return name;
    }
    const a = emit(node.a);
    const b = emit(node.b);
    const fn = `f${functions.length}`;
    keyParts.push(`B${node.op}${node.a.type}`);
    functions.push(`fn ${fn}(a: ${node.a.type}, b: ${node.b.type}) -> ${node.type} { return ${node.code}; }`);
    body.push(`let ${name} = ${lane(fn, [a, b])};`);
    return name;
  };
  const result = emit(expression.node);
  const bindings = [
    ...leaves.map((leaf, i) => {
      const node = findLeaf(expression.node, leaf)!;
      return read(`l${i}`, node.broadcast ? node.type : vec(node.type));
    }),
    write('ys', vec(expression.node.type)),
  ];
  const key = `fused:${lanes}:${keyParts.join(',')}`;
  const spec = shader(key, bindings, () => `${SCALAR_MATH}
${functions.join('\n')}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  ${body.join('\n  ')}
  ys[gid] = ${result};`)}`);
  return { spec, alphas };
}

function findLeaf(node: Node, handle: GpuHandle): Extract<Node, { kind: 'leaf' }> | undefined {
  if (node.kind === 'leaf') return node.handle === handle ? node : undefined;
  if (node.kind === 'unary') return findLeaf(node.x, handle);
  return findLeaf(node.a, handle) ?? findLeaf(node.b, handle);
}
