// The benchmark cases and the work each one counts. Elementwise and softmax cases count
// nominal floating-point operations per element (stated in `flopsNote`) so that every row
// has a GFLOPS figure.

/** Every case: its name, shapes and the floating-point operations one run performs. */
export function benchmarkCases({ quick }) {
  const sizes = quick ? [128, 512, 1024] : [128, 256, 512, 1024, 2048];
  const cases = sizes.map((n) => ({ kind: 'matmul', name: `matmul ${n}`, n, flops: 2 * n ** 3 }));
  // A ResNet stage-2 3x3 convolution and a 1x1 channel expansion, batch 1, NCHW.
  cases.push({ kind: 'conv2d', name: 'conv2d 3x3 64→64 @56x56', x: [1, 64, 56, 56], w: [64, 64, 3, 3], padding: 1, flops: 2 * 64 * 64 * 9 * 56 * 56 });
  cases.push({ kind: 'conv2d', name: 'conv2d 1x1 64→256 @56x56', x: [1, 64, 56, 56], w: [256, 64, 1, 1], padding: 0, flops: 2 * 256 * 64 * 56 * 56 });
  const elements = 1 << 20;
  cases.push({ kind: 'chain', name: 'elementwise chain, 1M', size: elements, flops: 5 * elements, flopsNote: '5 ops/element: relu(x*y + 1) * x - y' });
  cases.push({ kind: 'softmax', name: 'softmax [256, 1024]', shape: [256, 1024], flops: 5 * 256 * 1024, flopsNote: '5 ops/element' });
  return cases;
}

/** Deterministic pseudo-random values in [-1, 1), so every library multiplies the same numbers. */
export function values(size, seed = 1) {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return out;
}
