// Every differentiable op's gradient against PyTorch's, on every backend in TESSERA_BACKENDS:
// within 1e-4 absolute + 2e-3 relative, and with every tensor of the backward pass freed.
import { beforeAll, expect, it } from 'vitest';
import { memory, mul, sum, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '../src/index';
import { decodeTensor, describeEachBackend, expectClose, type ResultSpec, type TensorSpec } from '../../../tooling/parity';
import { argAt, callOp, decodeArgs, gradCases } from './cases';

const ATOL = 1e-4;
const RTOL = 2e-3;

function specs(result: ResultSpec): TensorSpec[] {
  return 'list' in result ? result.list : [result];
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('gradients match PyTorch', () => {
  it('covers every differentiable op of the core API', () => {
    const ops = new Set(gradCases.map((c) => c.op));
    const differentiable = [
      'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'where', 'maskedFill', 'clamp',
      'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos', 'tanh',
      'sigmoid', 'relu', 'leakyRelu', 'elu', 'silu', 'softplus', 'floor', 'ceil', 'round', 'gelu',
      'sum', 'mean', 'prod', 'max', 'min', 'logsumexp', 'var', 'std', 'cumsum', 'matmul',
      'reshape', 'flatten', 'squeeze', 'unsqueeze', 'expand', 'transpose', 'permute', 'flip', 'roll', 'rot90',
      'cat', 'stack', 'split', 'chunk', 'slice', 'narrow', 'repeat', 'tril', 'triu', 'pad',
      'gather', 'indexSelect', 'scatterAdd', 'scatterReduce', 'softmax', 'logSoftmax', 'conv1d', 'conv2d',
      'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'layerNorm', 'batchNorm', 'dropout',
      'embedding', 'crossEntropy', 'nllLoss', 'mseLoss', 'l1Loss', 'bce', 'bceWithLogits',
    ];
    expect(differentiable.filter((op) => !ops.has(op))).toEqual([]);
  });

  for (const c of gradCases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const { args, created } = decodeArgs(c.args);
      const leaves = c.grad.map((path) => argAt(args, path) as Tensor);
      for (const leaf of leaves) leaf.requiresGrad = true;
      const result = callOp(c.op, args);
      const outputs = Array.isArray(result) ? result : [result];
      const expected = specs(c.output);
      for (const [k, out] of outputs.entries()) await expectClose(out, expected[k]);
      const upstream = specs(c.upstream).map(decodeTensor);
      if (Array.isArray(result)) {
        // Several outputs: differentiate Σ_k Σ upstream_k·output_k.
        const loss = tidy(() => outputs.map((out, k) => sum(mul(out, upstream[k]))).reduce((a, b) => a.add(b)));
        backward(loss);
        loss.dispose();
      } else {
        backward(result, upstream[0]);
      }
      for (const [k, leaf] of leaves.entries()) {
        expect(leaf.grad, `gradient of argument ${JSON.stringify(c.grad[k])}`).not.toBeNull();
        await expectClose(leaf.grad as Tensor, c.grads[k], ATOL, RTOL);
      }
      for (const t of [...outputs, ...upstream, ...leaves.map((l) => l.grad as Tensor), ...created]) t.dispose();
      // At most: a graph left by an earlier failed case may be freed here.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }
});
