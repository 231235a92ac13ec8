// Full-batch semi-supervised node classification, shared by the karate club and the
// stochastic block model demos: train on the labelled nodes' cross-entropy with Adam, report
// accuracy over a node mask.
import { crossEntropy, indexSelect, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adam } from '@tessera/layers';
import { ProgressBar } from './progress.mjs';

/** int32 tensor of node ids. */
export function ids(values) {
  return tensor(Int32Array.from(values), { dtype: 'int32' });
}

/**
 * The fraction of `nodes` (an int32 tensor) whose argmax of `logits` equals `labels`.
 * @example await accuracy(logits, labels, testNodes)
 */
export async function accuracy(logits, labels, nodes) {
  const hits = tidy(() => indexSelect(logits, 0, nodes).argmax(1).eq(indexSelect(labels, 0, nodes)).int().sum());
  const value = (await hits.data())[0] / nodes.size;
  hits.dispose();
  return value;
}

/**
 * Trains `model` (called as `model.call(x, graph)` → logits) for `steps` Adam steps on the
 * `train` nodes, with a progress bar labelled `label`; `onStep(step, model)` runs after each
 * step (for snapshots). Returns the logits in eval mode (the caller disposes them).
 * @example const logits = await trainNodeClassifier(model, { x, graph, labels, train, steps: 200, lr: 0.01 });
 */
export async function trainNodeClassifier(model, { x, graph, labels, train, steps, lr, weightDecay = 0, label = 'train', onStep }) {
  const optimizer = new Adam(model.parameters(), { lr, weightDecay });
  const trainLabels = indexSelect(labels, 0, train);
  const bar = new ProgressBar(label, steps);
  let last = 0;
  for (let step = 1; step <= steps; step++) {
    const loss = tidy(() => crossEntropy(indexSelect(model.call(x, graph), 0, train), trainLabels));
    backward(loss);
    optimizer.step();
    optimizer.zeroGrad();
    if (step % 10 === 0 || step === steps) last = (await loss.data())[0];
    loss.dispose();
    bar.update(step, `loss ${last.toFixed(4)}`);
    if (onStep) await onStep(step, model);
  }
  bar.done(`loss ${last.toFixed(4)}`);
  trainLabels.dispose();
  optimizer.dispose();
  model.eval();
  const logits = noGrad(() => model.call(x, graph));
  model.train();
  return logits;
}
