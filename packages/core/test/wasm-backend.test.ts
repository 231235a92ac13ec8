// The wasm backend as a whole: it is the default backend and comes up without an await in
// Node, its memory stays flat over a long loop (freed blocks are reused), threads can be
// set, and the same module also runs on unshared memory (hosts without SharedArrayBuffer).
import { describe, expect, it } from 'vitest';
import { getBackend, manualSeed, matmul, memory, randn, runKernel, setThreads, tensor, tidy, type Tensor } from '../src/index';
import { wasmInfo } from '../src/backends/wasm/index';
import { decode, unshareMemoryImport } from '../src/backends/wasm/module';
import { relaxedSimdModule, simdModule } from '../src/backends/wasm/generated/modules';
import { webAssembly } from '../src/backends/wasm/wasm-api';

describe('wasm backend', () => {
  it('is the default backend and needs no await in Node', () => {
    const x = tensor([1, 2, 3]);
    expect(getBackend()).toBe('wasm');
    expect(x.backend).toBe('wasm');
    expect(Array.from(x.mul(2).dataSync())).toEqual([2, 4, 6]);
    x.dispose();
  });

  it('keeps linear memory flat over 10,000 steps once warm', () => {
    const w = randn([64, 32]);
    const x = randn([16, 64]);
    const step = () => tidy(() => matmul(x, w).relu().softmax(-1).sum().dataSync());
    for (let i = 0; i < 100; i++) step();
    const bytes = wasmInfo()!.memoryBytes;
    const before = memory();
    for (let i = 0; i < 10_000; i++) step();
    expect(wasmInfo()!.memoryBytes).toBe(bytes);
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numBytes).toBe(before.numBytes);
    w.dispose();
    x.dispose();
  });

  it('grows memory for large tensors and reuses it after they are freed', () => {
    const before = wasmInfo()!.memoryBytes;
    const big = tidy(() => randn([1024, 1024]).add(1));
    expect(wasmInfo()!.memoryBytes).toBeGreaterThan(before);
    big.dispose();
    const grown = wasmInfo()!.memoryBytes;
    tidy(() => randn([1024, 1024]).add(1).dispose());
    expect(wasmInfo()!.memoryBytes).toBe(grown);
  });

  it('setThreads validates its argument and gives the same results with any thread count', async () => {
    expect(() => setThreads(0)).toThrow(/setThreads: expected a positive integer/);
    const a = randn([130, 300]);
    const b = randn([300, 140]);
    await setThreads(1);
    const one = matmul(a, b);
    await setThreads(2);
    const two = matmul(a, b);
    expect(Array.from(two.dataSync())).toEqual(Array.from(one.dataSync()));
    // Memory grown after the workers started is visible to them.
    const before = wasmInfo()!.memoryBytes;
    const c = randn([1500, 300]);
    const d = randn([300, 1500]);
    const grownProduct = matmul(c, d);
    expect(wasmInfo()!.memoryBytes).toBeGreaterThan(before);
    await setThreads(1);
    const singleProduct = matmul(c, d);
    expect(Array.from(grownProduct.dataSync())).toEqual(Array.from(singleProduct.dataSync()));
    [a, b, one, two, c, d, grownProduct, singleProduct].forEach((t) => t.dispose());
  });

  it('splits the attention kernels over threads with the same results as one thread', async () => {
    // 300·300·(24 + 24) multiply-adds: above the threshold where the kernels use workers.
    const [q, k, v] = [randn([1, 300, 24]), randn([1, 300, 24]), randn([1, 300, 24])];
    const attrs = { scale: 0.2, causal: true };
    const run = () => tidy(() => {
      const out = runKernel('attention', [q, k, v], attrs, [1, 300, 25], 'float32');
      const gradOut = randn([1, 300, 25]);
      const args = [q, k, v, out, gradOut];
      return [out, runKernel('attentionQueryGrad', args, attrs, [1, 300, 24], 'float32'), runKernel('attentionKeyValueGrad', args, attrs, [1, 300, 48], 'float32')];
    });
    await setThreads(1);
    manualSeed(3);
    const one = run();
    await setThreads(2);
    manualSeed(3);
    const two = run();
    await setThreads(1);
    one.forEach((t: Tensor, i: number) => expect(Array.from(two[i].dataSync())).toEqual(Array.from(t.dataSync())));
    [q, k, v, ...one, ...two].forEach((t) => t.dispose());
  });

  it('splits the recurrent gate kernels over threads with the same results as one thread', async () => {
    // B·H = 64·300 hidden units: above the threshold where the gate kernels use workers.
    const [B, H] = [64, 300];
    const run = () => tidy(() => {
      const [gates, cPrev, gi, gh, hPrev] = [randn([B, 4 * H]), randn([B, H]), randn([B, 3 * H]), randn([B, 3 * H]), randn([B, H])];
      return [
        runKernel('lstmGates', [gates, cPrev], {}, [B, 2 * H], 'float32'),
        runKernel('lstmGatesGrad', [gates, cPrev, randn([B, 2 * H])], {}, [B, 5 * H], 'float32'),
        runKernel('gruGates', [gi, gh, hPrev], {}, [B, H], 'float32'),
        runKernel('gruGatesGrad', [gi, gh, hPrev, randn([B, H])], {}, [B, 7 * H], 'float32'),
      ];
    });
    await setThreads(1);
    manualSeed(4);
    const one = run();
    await setThreads(2);
    manualSeed(4);
    const two = run();
    await setThreads(1);
    one.forEach((t: Tensor, i: number) => expect(Array.from(two[i].dataSync())).toEqual(Array.from(t.dataSync())));
    [...one, ...two].forEach((t) => t.dispose());
  });

  // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd; Node 22 and
  // current browsers always do.
  it.skipIf(!webAssembly.validate(unshareMemoryImport(decode(relaxedSimdModule))))('the relaxed-SIMD build agrees with the SIMD build', () => {
    const run = (base64: string) => {
      const memory = new webAssembly.Memory({ initial: 64, maximum: 65536 });
      const { exports } = new webAssembly.Instance(new webAssembly.Module(unshareMemoryImport(decode(base64))), { env: { memory } });
      const f32 = new Float32Array(memory.buffer);
      const [a, b, c, offsets, scratch] = [65536, 131072, 196608, 262144, 327680];
      for (let i = 0; i < 64 * 64; i++) f32[a / 4 + i] = Math.sin(i);
      for (let i = 0; i < 64 * 64; i++) f32[b / 4 + i] = Math.cos(i);
      (exports.matmul as (...args: number[]) => void)(a, b, c, 64, 64, 64, 0, 0, 1, offsets, offsets, 64 * 64, 0, 1, scratch);
      return Array.from(f32.subarray(c / 4, c / 4 + 64 * 64));
    };
    const plain = run(simdModule);
    const fused = run(relaxedSimdModule);
    fused.forEach((v, i) => expect(Math.abs(v - plain[i])).toBeLessThan(1e-4));
  });

  it('runs on unshared memory with the shared flag cleared', () => {
    const bytes = unshareMemoryImport(decode(simdModule));
    const memory = new webAssembly.Memory({ initial: 4, maximum: 65536 });
    const { exports } = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    const values = new Float32Array(memory.buffer, 65536, 4);
    values.set([1, -2, 3, -4]);
    (exports.unary as (...args: number[]) => void)(1, 0, 65536, 65536 + 16, 4, 0);
    expect(Array.from(new Float32Array(memory.buffer, 65536 + 16, 4))).toEqual([1, 2, 3, 4]);
  });
});
