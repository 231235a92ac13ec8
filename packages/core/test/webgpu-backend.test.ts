// What is particular to the webgpu backend: asynchronous-only readback, lazy submission,
// the buffer pool, dispatches beyond 65,535 workgroups, indices checked on the GPU, a lost
// device, and float32 numerics that stay within the parity tolerance of the js backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '../src/index';
import { createWebgpuBackend, type WebgpuBackend } from '../src/backends/webgpu/index';
import { loadBackend } from '../src/engine';
import '../src/webgpu';
import { entryPoint, shader, write } from '../src/backends/webgpu/wgsl';
import { skipBecause } from './webgpu-requirement';

let backend: WebgpuBackend | null = null;
let reason = '';
try {
  backend = (await loadBackend('webgpu')) as WebgpuBackend;
} catch (error) {
  reason = (error as Error).message;
}
if (!backend) skipBecause('webgpu-backend', reason);

describe.skipIf(!backend)('webgpu backend', () => {
  const rt = () => backend!.runtime;
  beforeAll(async () => {
    await T.setBackend('webgpu');
  });
  afterAll(async () => {
    await T.setBackend('js');
  });

  it('reads asynchronously in every form and refuses synchronous reads with a clear error', async () => {
    const [f, i, b] = [T.tensor([[1.5, -2]]), T.tensor([3, -4]), T.tensor([true, false])];
    expect(await f.array()).toEqual([[1.5, -2]]);
    expect(await i.data()).toEqual(new Int32Array([3, -4]));
    expect(await b.data()).toEqual(new Uint8Array([1, 0]));
    expect(await T.tensor(2.5).item()).toBe(2.5);
    expect(() => f.dataSync()).toThrow(/^dataSync: the webgpu backend reads asynchronously: use await t\.data\(\) or await t\.array\(\)/);
    expect(() => f.arraySync()).toThrow(/dataSync: .*await/);
    [f, i, b].forEach((t) => t.dispose());
  });

  it('fuses elementwise chains into one dispatch and submits only at readback or after a bound', async () => {
    const x = T.ones([64]);
    await x.data();
    const [submissions, dispatched] = [rt().submissions, rt().dispatched];
    const y = T.tidy(() => x.mul(2).add(1).exp().neg().abs());
    expect(rt().submissions).toBe(submissions);
    expect(Array.from(await y.data())).toEqual(Array(64).fill(Math.fround(Math.exp(3))));
    expect(rt().dispatched).toBe(dispatched + 1);
    expect(rt().submissions).toBe(submissions + 1);
    const unread = T.tidy(() => x.mul(3).sin());
    unread.dispose(); // a chain disposed unread never runs
    expect(rt().dispatched).toBe(dispatched + 1);
    const many = T.tidy(() => {
      let z = x;
      for (let k = 0; k < 300; k++) z = T.cumsum(z, 0);
      return z;
    });
    expect(rt().submissions).toBeGreaterThan(submissions + 1);
    expect((await many.data())[0]).toBe(1);
    [x, y, many].forEach((t) => t.dispose());
  });

  it('fused chains (shared values, scalars, disposal midway) match op-by-op evaluation on js', async () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    const unary = [T.tanh, T.sigmoid, T.neg, T.abs, T.sin, T.square, T.exp, T.relu];
    const binary = [T.add, T.sub, T.mul, T.maximum, T.minimum];
    for (let trial = 0; trial < 25; trial++) {
      const size = [64, 7, 1][trial % 3];
      const steps: ((values: T.Tensor[]) => T.Tensor)[] = [];
      for (let k = 0; k < 2 + random(14); k++) {
        const [i, j, f, g, c] = [random(k + 2), random(k + 2), random(unary.length), random(binary.length), random(3)];
        if (c === 0) steps.push((v) => unary[f](v[i]));
        else if (c === 1) steps.push((v) => binary[g](v[i], v[j]));
        else steps.push((v) => binary[g](v[i], (f - 4) / 3));
      }
      const run = async (backend: 'js' | 'webgpu') => {
        await T.setBackend(backend);
        const values = [T.arange(size).float().mul(0.37).sin(), T.arange(size).float().mul(0.11).cos()];
        for (const step of steps) values.push(step(values));
        values[1].dispose(); // an input disposed while chains that read it may still be pending
        const out = [...(await values[values.length - 1].data())];
        const middle = [...(await values[Math.floor(values.length / 2) + 1].data())];
        values.forEach((t) => t.dispose());
        return [...out, ...middle];
      };
      const [want, got] = [await run('js'), await run('webgpu')];
      want.forEach((w, i) => {
        const ok = Object.is(w, got[i]) || (Number.isNaN(w) && Number.isNaN(got[i])) || Math.abs(got[i] - w) <= 1e-4 + 1e-3 * Math.abs(w);
        expect(ok, `trial ${trial}, value ${i}: webgpu ${got[i]}, js ${w}`).toBe(true);
      });
    }
  });

  it('reuses pooled buffers: a long loop allocates no new GPU memory', async () => {
    const w = T.randn([16, 16]);
    let x = T.randn([8, 16]);
    const step = () => {
      const next = T.tidy(() => x.matmul(w).tanh().add(x));
      x.dispose();
      x = next;
    };
    for (let k = 0; k < 5; k++) step();
    await x.data();
    const allocated = rt().pool.allocatedBytes;
    for (let k = 0; k < 200; k++) step();
    await x.data();
    expect(rt().pool.allocatedBytes).toBe(allocated);
    [w, x].forEach((t) => t.dispose());
  });

  it('splits dispatches of more than 65,535 workgroups into 2-D grids', async () => {
    // One-thread workgroups keep this cheap on SwiftShader; kernels use the same linear index.
    const groups = 70_000;
    const spec = shader('test:workgroup-ids', [write('ys', 'u32')], () => entryPoint('  ys[wg] = wg + 1u;', 1));
    const out = rt().output(groups + 8);
    rt().run(spec, [out], [], groups);
    const ids = new Uint32Array(await rt().read(out, (groups + 8) * 4));
    rt().pool.release(out);
    expect(ids[0]).toBe(1);
    expect(ids[65_535]).toBe(65_536);
    expect(ids[groups - 1]).toBe(groups);
    expect(Array.from(ids.subarray(groups))).toEqual(Array(8).fill(0));
  });

  it("refuses a tensor larger than the device's storage-buffer binding limit, before allocating", () => {
    const limit = rt().maxStorageBindingSize;
    const before = rt().pool.allocatedBytes;
    expect(() => rt().output(limit / 4 + 1)).toThrow(/^webgpu: a tensor of \d+ elements \(\d+ bytes\) exceeds this device's storage-buffer binding limit of \d+ bytes/);
    expect(rt().pool.allocatedBytes).toBe(before);
  });

  it('reports an index out of range at the next readback, naming the op', async () => {
    const x = T.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const bad = T.gather(x, 1, T.tensor([[0, 2], [1, 0]]));
    await expect(bad.data()).rejects.toThrow(/^gather: index 2 is out of bounds for dim 1 with size 2/);
    const picked = T.indexSelect(x, 0, T.tensor([1, 5]));
    await expect(picked.data()).rejects.toThrow(/^indexSelect: index 5 is out of range for dim 0 with size 2/);
    const good = T.gather(x, 1, T.tensor([[1], [0]]));
    expect(Array.from(await good.data())).toEqual([2, 3]);
    [x, bad, picked, good].forEach((t) => t.dispose());
  });

  it('matches the js backend within the parity tolerance on transcendental functions', async () => {
    const js = await loadBackend('js');
    const values = Float32Array.from({ length: 2001 }, (_, i) => (i - 1000) / 40);
    values.set([1e-7, -1e-7, 3e-5, 0.5, -0.5, 1.5, 2.5, -2.5, 88, -88], 0);
    const check = async (name: string, f: (t: T.Tensor) => T.Tensor, input = values) => {
      const gpu = T.tensor(input);
      const cpu = await gpu.to('js');
      const [got, want] = [await f(gpu).data(), await f(cpu).data()];
      for (let i = 0; i < input.length; i++) {
        const tolerance = 1e-4 + 1e-3 * Math.abs(want[i]);
        if (!(Math.abs(got[i] - want[i]) <= tolerance) && !(Number.isNaN(got[i]) && Number.isNaN(want[i])) && got[i] !== want[i]) {
          throw new Error(`${name}(${input[i]}): webgpu ${got[i]}, js ${want[i]}`);
        }
      }
      expect(js.name).toBe('js');
    };
    await check('erf', T.erf);
    await check('gelu', (t) => T.gelu(t));
    await check('geluTanh', (t) => T.gelu(t, { approximate: 'tanh' }));
    await check('tanh', T.tanh);
    await check('sigmoid', T.sigmoid);
    await check('softplus', T.softplus);
    await check('elu', (t) => T.elu(t));
    await check('silu', T.silu);
    await check('exp', T.exp, values.map((v) => v / 4));
    await check('log1p', T.log1p, values.map((v) => Math.abs(v)));
    await check('log', T.log, values.map((v) => Math.abs(v)));
    await check('round', T.round);
    await check('pow', (t) => T.pow(t, 3));
    await check('powFraction', (t) => T.pow(T.abs(t), 0.37));
  });

  it('scatters long index axes through GPU-built segments, matching the js backend', async () => {
    T.manualSeed(7);
    const [nodes, edges, features] = [50, 400, 3];
    const target = T.randint(0, nodes, [edges, 1]).expand([edges, features]).clone();
    const src = T.randn([edges, features]);
    const base = T.randn([nodes, features]);
    const hub = T.zeros([edges], { dtype: 'int32' }); // every entry into one row: a long segment
    for (const reduce of ['sum', 'mean', 'amax', 'amin', 'prod'] as const) {
      for (const includeSelf of [true, false]) {
        const gpu = T.scatterReduce(base, 0, target, src, reduce, { includeSelf });
        const cpu = T.scatterReduce(await base.to('js'), 0, await target.to('js'), await src.to('js'), reduce, { includeSelf });
        const [got, want] = [await gpu.data(), await cpu.data()];
        want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(w)));
        [gpu, cpu].forEach((t) => t.dispose());
      }
    }
    const sums = T.scatterReduce(T.zeros([4]), 0, hub, T.ones([edges]), 'sum');
    expect(Array.from(await sums.data())).toEqual([edges, 0, 0, 0]);
    const ints = T.scatterReduce(T.zeros([3], { dtype: 'int32' }), 0, T.tensor(Array.from({ length: 40 }, (_, i) => i % 3)), T.arange(40), 'mean');
    // Targets 0, 1, 2 receive 14, 13, 13 entries summing to 273, 247, 260; with x's 0 counted, floor(sum / (k + 1)).
    expect(Array.from(await ints.data())).toEqual([18, 17, 18]);
    const bad = T.scatterReduce(T.zeros([3]), 0, T.tensor(Array.from({ length: 40 }, (_, i) => (i === 33 ? 3 : 0))), T.ones([40]), 'sum');
    await expect(bad.data()).rejects.toThrow(/^scatterReduce: index 3 is out of bounds for dim 0 with size 3/);
    [target, src, base, hub, sums, ints, bad].forEach((t) => t.dispose());
  });

  it('multiplies transposed, batched, odd-sized and int32 operands as the js backend does', async () => {
    T.manualSeed(9);
    const cases: [number, number, number, number[], number[]][] = [
      [4, 8, 12, [2], [2]],
      [5, 7, 3, [3, 1], [1]],
      [64, 68, 20, [], []],
      [1, 130, 65, [2], []],
    ];
    for (const [m, k, n, batchA, batchB] of cases) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          for (const dtype of ['float32', 'int32'] as const) {
            const make = (batch: number[], rows: number, cols: number) =>
              dtype === 'float32' ? T.randn([...batch, rows, cols]) : T.randint(-5, 6, [...batch, rows, cols]);
            const a = transposeA ? make(batchA, k, m) : make(batchA, m, k);
            const b = transposeB ? make(batchB, n, k) : make(batchB, k, n);
            const batch = batchA.length >= batchB.length ? batchA : batchB;
            const run = (x: T.Tensor, y: T.Tensor) => T.runKernel('matmul', [x, y], { transposeA, transposeB }, [...batch, m, n], dtype);
            const gpu = run(a, b);
            const cpu = run(await a.to('js'), await b.to('js'));
            const [got, want] = [await gpu.data(), await cpu.data()];
            const label = `${m}x${k}x${n} ${transposeA}/${transposeB} ${dtype}`;
            want.forEach((w, i) => expect(Math.abs(got[i] - w), label).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(w)));
            [a, b, gpu, cpu].forEach((t) => t.dispose());
          }
        }
      }
    }
  });

  it('runs long cumsum lines in blocks, matching the js backend', async () => {
    T.manualSeed(8);
    for (const [shape, axis] of [[[3, 5000], 1], [[3000, 2], 0], [[70_000], 0]] as const) {
      const x = T.randn([...shape]);
      const gpu = T.cumsum(x, axis);
      const cpu = T.cumsum(await x.to('js'), axis);
      const [got, want] = [await gpu.data(), await cpu.data()];
      want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(w)));
      const ints = T.cumsum(T.ones([...shape], { dtype: 'int32' }), axis);
      const counted = await ints.data();
      expect(counted[counted.length - 1]).toBe(shape[axis]);
      [x, gpu, cpu, ints].forEach((t) => t.dispose());
    }
  });

  it('gives a clear error on every call after the device is lost', async () => {
    const own = await createWebgpuBackend();
    const handle = own.upload(new Float32Array([1, 2]), 'float32');
    own.runtime.device.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(own.runtime.lostReason).not.toBeNull();
    expect(() => own.upload(new Float32Array([1]), 'float32')).toThrow(/^tensor: the WebGPU device was lost \(destroyed/);
    expect(() => own.kernels.unary([{ shape: [2], dtype: 'float32', handle }], { op: 'exp', alpha: 0 }, { shape: [2], dtype: 'float32' })).toThrow(
      /^unary: the WebGPU device was lost/,
    );
    await expect(own.read(handle, 'float32', 2)).rejects.toThrow(/^data: the WebGPU device was lost/);
  });
});
