// DataLoader on every backend: each example once per epoch with its rows kept together,
// seeded and reproducible orders, dropLast, argument errors and flat memory.
import { expect, it } from 'vitest';
import { arange, memory, reshape, tensor, tidy, type Tensor } from '@tessera/core';
import { DataLoader } from '../src/data/index';
import { describeEachBackend } from '../../../tooling/parity';

const N = 10;

/** x[i] = [[i, -i, 2i]] (shape [N, 1, 3], float32) and y[i] = i (int32). */
function dataset(): [Tensor, Tensor] {
  return tidy(() => {
    const i = arange(N);
    const x = reshape(tensor(Array.from({ length: N }, (_, k) => [k, -k, 2 * k]), { dtype: 'float32' }), [N, 1, 3]);
    return [x, i];
  });
}

/** The example indices of one epoch, batch by batch; checks every batch's rows belong together. */
async function epochOrder(loader: DataLoader<[Tensor, Tensor]>): Promise<number[][]> {
  const batches: number[][] = [];
  for (const [xb, yb] of loader) {
    expect(xb.shape.slice(1)).toEqual([1, 3]);
    expect(yb.dtype).toBe('int32');
    const ys = Array.from(await yb.data());
    const xs = Array.from(await xb.data());
    expect(xs).toEqual(ys.flatMap((k) => [k, -k, 2 * k]));
    batches.push(ys);
    xb.dispose();
    yb.dispose();
  }
  return batches;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describeEachBackend('DataLoader', () => {
  it('visits every example once per epoch, in order without shuffle', async () => {
    const [x, y] = dataset();
    const loader = new DataLoader([x, y], { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(await epochOrder(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    x.dispose();
    y.dispose();
  });

  it('shuffles each epoch differently and reproducibly from the seed', async () => {
    const [x, y] = dataset();
    const loader = new DataLoader([x, y], { batchSize: 3, shuffle: true, seed: 7 });
    const first = await epochOrder(loader);
    const second = await epochOrder(loader);
    expect(loader.epoch).toBe(2);
    for (const epoch of [first, second]) {
      expect(epoch.map((b) => b.length)).toEqual([3, 3, 3, 1]);
      expect(sorted(epoch.flat())).toEqual([...Array(N).keys()]);
    }
    expect(second.flat()).not.toEqual(first.flat());
    const again = new DataLoader([x, y], { batchSize: 3, shuffle: true, seed: 7 });
    expect(await epochOrder(again)).toEqual(first);
    again.setEpoch(1);
    expect(await epochOrder(again)).toEqual(second);
    const otherSeed = new DataLoader([x, y], { batchSize: 3, shuffle: true, seed: 8 });
    expect((await epochOrder(otherSeed)).flat()).not.toEqual(first.flat());
    x.dispose();
    y.dispose();
  });

  it('drops the last short batch with dropLast', async () => {
    const [x, y] = dataset();
    const loader = new DataLoader([x, y], { batchSize: 4, shuffle: true, dropLast: true });
    expect(loader.length).toBe(2);
    const epoch = await epochOrder(loader);
    expect(epoch.map((b) => b.length)).toEqual([4, 4]);
    expect(new Set(epoch.flat()).size).toBe(8);
    expect(new DataLoader([x, y], { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader([x, y], { batchSize: 11, dropLast: true }).length).toBe(0);
    expect(new DataLoader([x, y], { batchSize: 11 }).length).toBe(1);
    x.dispose();
    y.dispose();
  });

  it('keeps memory flat over many epochs', async () => {
    const [x, y] = dataset();
    const loader = new DataLoader([x, y], { batchSize: 4, shuffle: true, seed: 1 });
    const before = memory().numTensors;
    for (let epoch = 0; epoch < 20; epoch++) {
      for (const batch of loader) for (const t of batch) t.dispose();
    }
    expect(memory().numTensors).toBe(before);
    x.dispose();
    y.dispose();
  });

  it('refuses tensors of different lengths and bad options', () => {
    const [x, y] = dataset();
    const short = arange(3);
    const scalar = tensor(1);
    expect(() => new DataLoader([x, short])).toThrow(
      /DataLoader: tensor 1 has shape \[3\] but tensor 0 has \[10,1,3\]; every tensor needs the same first dimension/,
    );
    expect(() => new DataLoader([])).toThrow(/DataLoader: expected a non-empty array of tensors/);
    expect(() => new DataLoader([scalar])).toThrow(/DataLoader: tensor 0 is a scalar/);
    expect(() => new DataLoader([x], { batchSize: 0 })).toThrow(/DataLoader: batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader([x], { seed: 0.5 })).toThrow(/DataLoader: seed must be an integer, got 0.5/);
    expect(() => new DataLoader([x]).setEpoch(-1)).toThrow(/DataLoader: epoch must be a non-negative integer, got -1/);
    for (const t of [x, y, short, scalar]) t.dispose();
  });
});
