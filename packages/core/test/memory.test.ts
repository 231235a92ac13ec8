// The memory contract: tidy frees what it doesn't return, keep exempts, dispose frees,
// reshape shares storage, and long loops hold a flat tensor count.
import { expect, it } from 'vitest';
import { add, assertFlat, getBackend, keep, memory, ones, randn, resetPeakBytes, tensor, tidy, zeros } from './setup';
import { describeEachBackend } from '../../../tooling/parity';

describeEachBackend('memory', () => {
  it('peakBytes records the most bytes held at once since resetPeakBytes, per backend and in total', () => {
    const held = ones([10]);
    resetPeakBytes();
    const start = memory();
    expect(start.peakBytes).toBe(start.numBytes);
    const big = zeros([1000]);
    big.dispose();
    const small = zeros([100]);
    const after = memory();
    expect(after.peakBytes).toBe(start.numBytes + 4000);
    expect(after.byBackend[getBackend()]?.peakBytes).toBe((start.byBackend[getBackend()]?.numBytes ?? 0) + 4000);
    small.dispose();
    resetPeakBytes();
    expect(memory().peakBytes).toBe(start.numBytes);
    held.dispose();
  });

  it('tidy frees intermediates and keeps the returned tensor', async () => {
    const before = memory().numTensors;
    const x = ones([4]);
    const y = tidy(() => x.mul(2).add(1).exp());
    expect(memory().numTensors).toBe(before + 2);
    expect(Array.from(await y.data())).toEqual(Array(4).fill(Math.fround(Math.exp(3))));
    x.dispose();
    y.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('tidy returns tensors inside arrays and objects, and nested scopes hand them outward', async () => {
    const before = memory().numTensors;
    const { a, list } = tidy(() => {
      const inner = tidy(() => ones([2]).add(1));
      return { a: inner.mul(3), list: [inner.sub(1), zeros([1])] };
    });
    expect(memory().numTensors).toBe(before + 3);
    expect(Array.from(await a.data())).toEqual([6, 6]);
    [a, ...list].forEach((t) => t.dispose());
    expect(memory().numTensors).toBe(before);
  });

  it('keep exempts a tensor from tidy', () => {
    const before = memory().numTensors;
    let kept = null as ReturnType<typeof ones> | null;
    tidy(() => {
      kept = keep(ones([3]).mul(5));
      ones([3]);
    });
    expect(memory().numTensors).toBe(before + 1);
    expect(kept!.isDisposed).toBe(false);
    kept!.dispose();
  });

  it('tidy frees everything when the function throws', () => {
    const before = memory().numTensors;
    expect(() =>
      tidy(() => {
        ones([2]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(memory().numTensors).toBe(before);
  });

  it('rejects async functions', () => {
    expect(() => tidy((async () => ones([1])) as never)).toThrow(/tidy: the function must not be async/);
  });

  it('reshape shares storage and storage goes with its last handle', async () => {
    const start = memory();
    const x = zeros([2, 3]);
    const y = x.reshape([6]);
    expect(memory().numTensors).toBe(start.numTensors + 2);
    expect(memory().numBytes).toBe(start.numBytes + 24);
    x.dispose();
    expect(memory().numBytes).toBe(start.numBytes + 24);
    expect((await y.data()).length).toBe(6);
    y.dispose();
    expect(memory().numBytes).toBe(start.numBytes);
  });

  it('peakBytes is the most storage alive at once since resetPeakBytes', () => {
    resetPeakBytes();
    const start = memory();
    expect(start.peakBytes).toBe(start.numBytes);
    const x = zeros([100]);
    const y = zeros([50]);
    x.dispose();
    const z = zeros([10]);
    expect(memory().peakBytes).toBe(start.numBytes + 600);
    [y, z].forEach((t) => t.dispose());
    expect(memory().peakBytes).toBe(start.numBytes + 600);
    resetPeakBytes();
    expect(memory().peakBytes).toBe(start.numBytes);
  });

  it('reports tensors per backend', () => {
    const x = zeros([5]);
    const info = memory();
    const mine = info.byBackend[x.backend]!;
    expect(mine.numTensors).toBeGreaterThan(0);
    expect(mine.numBytes).toBeGreaterThanOrEqual(20);
    x.dispose();
  });

  it('disposed tensors throw when used, naming the op', async () => {
    const x = ones([2, 2]);
    x.dispose();
    x.dispose(); // disposing twice is harmless
    expect(() => x.add(1)).toThrow(/^add: input \(shape \[2,2\]\) was used after dispose\(\)/);
    expect(() => x.dataSync()).toThrow(/dataSync: tensor of shape \[2,2\] was used after dispose\(\)/);
    await expect(x.data()).rejects.toThrow(/data: .*dispose/);
    expect(() => x.reshape([4])).toThrow(/reshape: .*dispose/);
  });

  it('assign swaps storage in place, bumps the version and frees the old storage', async () => {
    const start = memory();
    const p = zeros([3]);
    const v0 = p.version;
    tidy(() => {
      p.assign(p.add(1));
    });
    expect(p.version).toBe(v0 + 1);
    expect(Array.from(await p.data())).toEqual([1, 1, 1]);
    expect(memory().numTensors).toBe(start.numTensors + 1);
    expect(memory().numBytes).toBe(start.numBytes + 12);
    expect(() => p.assign(zeros([4]))).toThrow(/assign: expected a float32 tensor of shape \[3\], got float32 \[4\]/);
    p.dispose();
  });

  it('set moves a tensor to another backend in place, and its count and bytes with it', async () => {
    const here = getBackend();
    const there = here === 'js' ? 'wasm' : 'js';
    const start = memory();
    const p = tensor([1, 2, 3], { dtype: 'float32' });
    const v0 = p.version;
    const copy = await p.to(there);
    expect(p.set(copy)).toBe(p);
    copy.dispose();
    expect(p.backend).toBe(there);
    expect(p.version).toBe(v0 + 1);
    expect(Array.from(await p.data())).toEqual([1, 2, 3]);
    // Live counts only: creating p on this backend may have raised its peakBytes.
    const counts = (c?: { numTensors: number; numBytes: number }) => ({ numTensors: c?.numTensors ?? 0, numBytes: c?.numBytes ?? 0 });
    const moved = memory().byBackend;
    expect(counts(moved[here])).toEqual(counts(start.byBackend[here]));
    expect(moved[there]?.numTensors).toBe((start.byBackend[there]?.numTensors ?? 0) + 1);
    expect(moved[there]?.numBytes).toBe((start.byBackend[there]?.numBytes ?? 0) + 12);
    const [two, three] = [zeros([2]), zeros([3])];
    expect(() => p.set(two)).toThrow(/set: expected a float32 tensor of shape \[3\], got float32 \[2\]/);
    expect(() => p.assign(three)).toThrow(new RegExp(`assign: value lives on ${here}, this tensor on ${there}`));
    [p, two, three].forEach((t) => t.dispose());
    expect(counts(memory().byBackend[there])).toEqual(counts(start.byBackend[there]));
  });

  it('a loop of 10,000 ops inside tidy leaves the tensor count where it started', () => {
    const w = randn([8, 8]);
    let x = keep(randn([4, 8]));
    const before = memory();
    for (let i = 0; i < 10_000; i++) {
      const next = tidy(() => x.matmul(w).tanh().mul(0.5).add(x).softmax(-1));
      x.dispose();
      x = next;
    }
    assertFlat(before, memory());
    x.dispose();
    w.dispose();
  });

  it('tensors used only inside tidy with scalars leave nothing behind', () => {
    const before = memory().numTensors;
    const total = tidy(() => add(tensor([1, 2, 3]), 2.5).sum());
    expect(memory().numTensors).toBe(before + 1); // only the returned sum survives
    total.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
