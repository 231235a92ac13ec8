// The kernel recorder autograd installs in core: after each kernel that read a tensor
// requiring a gradient, it makes the output a node of the graph, saving (as aliases that
// tidy() does not free) the tensors its gradient rule will read.
import { alias, type KernelRecorder, type Tensor } from '@tessera/core';
import { edgeOf, linkLeafAlias, Node, SavedTensor, shareVersion, sweepIfGrown, versionSource } from './graph.js';
import { ruleOf } from './gradients.js';
import { gradModeEnabled } from './mode.js';

/**
 * Saves `t` for a backward pass. The alias carries `t`'s place in the graph, so when the
 * rule's own operations are recorded (createGraph) their gradients flow on to `t`'s origin.
 */
function save(t: Tensor): SavedTensor {
  const value = alias(t);
  value.requiresGrad = t.requiresGrad;
  value.gradFn = t.gradFn;
  if (t.requiresGrad && !(t.gradFn instanceof Node)) linkLeafAlias(value, t);
  const source = versionSource(t);
  return new SavedTensor(source, value, source.version);
}

/**
 * Records one kernel. Only float32 outputs are differentiable: argmax/argmin, comparisons
 * and casts to int32 or bool give outputs that do not require a gradient, as in PyTorch.
 */
export const record: KernelRecorder = (name, inputs, attrs, output) => {
  if (name === 'reshape') shareVersion(output, inputs[0]);
  if (!gradModeEnabled() || output.dtype !== 'float32') return;
  const edges = inputs.map(edgeOf);
  const needs = edges.map((e) => e !== null);
  if (!needs.includes(true)) return;
  sweepIfGrown();
  const rule = ruleOf(name);
  const spec = typeof rule.saves === 'function' ? rule.saves(attrs, needs) : rule.saves;
  const savedInputs = inputs.map((t, i) => (spec.inputs.includes(i) ? save(t) : null));
  const node = new Node(output, name, attrs, edges, inputs.map((t) => [...t.shape]), savedInputs, null);
  output.requiresGrad = true;
  output.gradFn = node;
  // Saved after gradFn is set, so the saved output stands for this node.
  if (spec.output) node.savedOutput = save(output);
};
