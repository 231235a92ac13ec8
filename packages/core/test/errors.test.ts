// Bad input throws before any work, with a message that names the op, the shapes and what
// was expected; nothing is left half-updated.
import { expect, it } from 'vitest';
import * as T from './setup';
import { describeEachBackend } from '../../../tooling/parity';

const { tensor, zeros, ones, memory } = T;

describeEachBackend('errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['broadcast', () => T.add(zeros([2, 3]), zeros([4])), /^add: shapes \[2,3\] and \[4\] cannot be broadcast together/],
    ['matmul inner', () => T.matmul(zeros([2, 3]), zeros([4, 5])), /^matmul: inner dimensions differ: \[2,3\] @ \[4,5\]/],
    ['matmul dtype', () => T.matmul(zeros([2, 3]), zeros([3, 2], { dtype: 'int32' })), /^matmul: expected two float32 or two int32 tensors, got float32 \[2,3\] @ int32 \[3,2\]/],
    ['matmul scalar', () => T.matmul(zeros([]), zeros([3])), /^matmul: both arguments need at least 1 dimension/],
    ['reshape size', () => T.reshape(zeros([2, 3]), [4, 2]), /^reshape: shape \[4,2\] is invalid for input of size 6/],
    ['reshape two -1', () => T.reshape(zeros([2, 3]), [-1, -1]), /^reshape: only one dimension can be -1/],
    ['dim range', () => T.sum(zeros([2, 3]), 2), /^sum: dim 2 is out of range for a tensor of 2 dimension\(s\) \(expected -2\.\.1\)/],
    ['dim repeat', () => T.sum(zeros([2, 3]), [1, -1]), /^sum: dim 1 appears more than once/],
    ['mean int', () => T.mean(tensor([1, 2])), /^mean: input must be float32, got int32/],
    ['max empty', () => T.max(zeros([0])), /^max: cannot reduce over all dimensions of an empty tensor \[0\]/],
    ['argmax list', () => T.argmax(zeros([2, 2]), [0, 1] as unknown as number), /^argmax: dim must be a single integer/],
    ['cat shapes', () => T.cat([zeros([2, 3]), zeros([2, 4])], 0), /^cat: shapes must match except in dim 0: got \[2,3\], \[2,4\]/],
    ['stack shapes', () => T.stack([zeros([2]), zeros([3])]), /^stack: all tensors must have the same shape/],
    ['split sizes', () => T.split(zeros([5]), [2, 2]), /^split: sizes \[2,2\] add up to 4, but dim 0 of \[5\] has size 5/],
    ['expand', () => T.expand(zeros([2, 3]), [4, 3]), /^expand: cannot expand \[2,3\] to \[4,3\]: dimension 0 has size 2/],
    ['permute', () => T.permute(zeros([2, 3]), [0, 0]), /^permute: dims \[0,0\] repeat a dimension/],
    ['narrow', () => T.narrow(zeros([4]), 0, 2, 3), /^narrow: start \(2\) \+ length \(3\) exceeds dim 0 of size 4/],
    ['pad odd', () => T.pad(zeros([2, 2]), [1]), /^pad: pads must hold an even number of integers/],
    ['gather dtype', () => T.gather(zeros([2, 2]), 0, zeros([2, 2])), /^gather: index must be an int32 tensor, got float32/],
    ['gather ndim', () => T.gather(zeros([2, 2]), 0, tensor([0, 1])), /^gather: index \[2\] must have as many dimensions as the input \[2,2\]/],
    ['where cond', () => T.where(zeros([2]), 1, 0), /^where: condition must be a bool tensor, got float32/],
    ['maskedFill shape', () => T.maskedFill(zeros([2]), tensor([[true], [false]]), 1), /^maskedFill: mask of shape \[2,1\] does not broadcast to the input's shape \[2\]/],
    ['clamp none', () => T.clamp(zeros([2])), /^clamp: at least one of min and max must be given/],
    ['conv channels', () => T.conv2d(zeros([1, 4, 5, 5]), zeros([8, 3, 3, 3])), /^conv2d: Given groups=1, weight of size \[8,3,3,3\], expected input\[1,4,5,5\] to have 3 channels, but got 4 channels instead/],
    ['conv too small', () => T.conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 3, 3])), /^conv2d: input \[1,1,2,2\] .* is smaller than the dilated kernel \[3,3\]/],
    ['conv groups', () => T.conv2d(zeros([1, 4, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 2 }), /^conv2d: channel count 3 is not divisible by groups=2/],
    ['pool padding', () => T.maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 }), /^maxPool2d: padding \[2,2\] should be at most half of the kernel size \[2,2\]/],
    ['layerNorm shape', () => T.layerNorm(zeros([2, 3]), [4]), /^layerNorm: normalizedShape \[4\] must match the trailing dimensions of the input \[2,3\]/],
    ['crossEntropy target', () => T.crossEntropy(zeros([4, 3]), tensor([0, 1])), /^crossEntropy: expected target of shape \[4\] \(class indices\) for input \[4,3\], got \[2\]/],
    ['mse shape', () => T.mseLoss(zeros([2]), zeros([3])), /^mseLoss: input \[2\] and target \[3\] must have the same shape/],
    ['tensor ragged', () => tensor([[1, 2], [3]]), /^tensor: nested arrays are ragged/],
    ['tensor dtype', () => tensor([1], { dtype: 'float64' as never }), /^tensor: unknown dtype 'float64'/],
    ['requiresGrad int', () => tensor([1, 2], { requiresGrad: true }), /^tensor: only float32 tensors can require gradients, got int32/],
    ['arange step', () => T.arange(0, 5, 0), /^arange: step must be non-zero/],
    ['dropout p', () => T.dropout(zeros([2]), 1.5), /^dropout: probability p must be between 0 and 1, got 1.5/],
    ['item', () => zeros([2]).item(), /^item: expected a tensor with one element, got shape \[2\]/],
    ['oneHot', () => T.oneHot(tensor([0, 1]), 0), /^oneHot: numClasses must be a positive integer, got 0/],
    ['not a tensor', () => T.relu([1, 2] as never), /^relu: input must be a Tensor, got an array \(wrap it with tensor\(\)\)/],
    ['scalars only', () => T.add(1 as never, 2), /^add: expected at least one Tensor operand, got only scalars/],
    ['bool sub', () => T.sub(tensor([true]), tensor([false])), /^sub: is not supported on two bool tensors/],
    ['setBackend', () => T.setBackend('nope' as never), /^setBackend: backend 'nope' is not available/],
  ];

  for (const [name, fn, message] of cases) {
    it(`${name}`, async () => {
      let error: unknown;
      try {
        await fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('a failed call allocates nothing', () => {
    const operands = [zeros([2, 3]), zeros([4]), zeros([1, 4, 5, 5]), zeros([8, 3, 3, 3])];
    const before = memory();
    expect(() => T.add(operands[0], operands[1])).toThrow();
    expect(() => T.conv2d(operands[2], operands[3])).toThrow();
    expect(() => T.add(operands[0], 2.5).matmul(operands[1])).toThrow();
    expect(memory().numTensors).toBe(before.numTensors + 1); // the add that succeeded
    operands.forEach((t) => t.dispose());
  });

  it('batchNorm with a bad argument leaves the running statistics untouched', async () => {
    const runningMean = zeros([3]);
    const runningVar = ones([3]);
    const version = runningMean.version;
    expect(() => T.batchNorm(ones([4, 3]), runningMean, runningVar, ones([2]), null, { training: true })).toThrow(
      /^batchNorm: weight must have shape \[3\] for input \[4,3\], got \[2\]/,
    );
    expect(runningMean.version).toBe(version);
    expect(Array.from(await runningMean.data())).toEqual([0, 0, 0]);
    runningMean.dispose();
    runningVar.dispose();
  });
});
