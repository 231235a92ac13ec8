// Exact equivariance on every backend: for every element g of p4 and p4m, a lifting or group
// convolution (stride 1, symmetric padding) satisfies layer(g·x) = g·layer(x) to float
// rounding, and groupPool followed by global spatial pooling is invariant. For cn(8) and
// dn(8), whose 45° rotations interpolate, the error is measured and printed (js and wasm).
import { beforeAll, expect, it } from 'vitest';
import { abs, manualSeed, matmul, max, mean, memory, mul, randn, relu, roll, rot90, sub, tensor, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { act, cn, dn, GroupConv2d, groupPool, LiftingConv2d, p4, p4m, type Group } from '../src/index';

/** max |a − b| / max |b|: the error relative to the output's scale. */
async function relativeError(a: Tensor, b: Tensor): Promise<number> {
  const [diff, scale] = tidy(() => [max(abs(sub(a, b))), max(abs(b))]);
  const [d, s] = [Number(await diff.item()), Number(await scale.item())];
  diff.dispose();
  scale.dispose();
  return d / s;
}

/** The error of layer(g·x) against g·layer(x). */
async function equivarianceError(group: Group, g: number, layer: (x: Tensor) => Tensor, x: Tensor): Promise<number> {
  const [lhs, rhs] = noGrad(() => tidy(() => [layer(act(group, g, x)), act(group, g, layer(x))]));
  const error = await relativeError(lhs, rhs);
  lhs.dispose();
  rhs.dispose();
  return error;
}

const measured: string[] = [];

describeEachBackend('equivariance', (backend) => {
  beforeAll(() => {
    manualSeed(7);
  });

  for (const group of [p4, p4m]) {
    for (const [k, padding] of [[3, 1], [2, 0]] as const) {
      it(`${group.name} LiftingConv2d and GroupConv2d (k${k}, padding ${padding}) are exactly equivariant for every element`, async () => {
        const before = memory().numTensors;
        const lift = new LiftingConv2d(2, 3, k, { group, padding });
        const conv = new GroupConv2d(3, 2, k, { group, padding });
        const image = randn([2, 2, 9, 9]);
        const features = randn([2, 3, group.order, 9, 9]);
        const errors: number[] = [];
        for (let g = 0; g < group.order; g++) {
          errors.push(await equivarianceError(group, g, (x) => lift.call(x), image));
          errors.push(await equivarianceError(group, g, (x) => conv.call(x), features));
        }
        measured.push(`${backend} ${group.name} k${k}: max relative error ${Math.max(...errors).toExponential(2)}`);
        expect(Math.max(...errors)).toBeLessThanOrEqual(1e-5);
        for (const t of [lift, conv, image, features]) t.dispose();
        expect(memory().numTensors).toBe(before);
      });
    }
  }

  it("p4: layer(rot90(x)) = roll(rot90(layer(x)), 1, 2), the README's convention, with core ops only", async () => {
    const lift = new LiftingConv2d(1, 2, 3, { group: 'p4', padding: 1 });
    const conv = new GroupConv2d(2, 2, 3, { group: 'p4', padding: 1 });
    const x = randn([1, 1, 8, 8]);
    const [lhs, rhs] = noGrad(() => tidy(() => {
      const net = (input: Tensor) => conv.call(lift.call(input));
      return [net(rot90(x, 1, [-2, -1])), roll(rot90(net(x), 1, [-2, -1]), 1, 2)];
    }));
    expect(await relativeError(lhs, rhs)).toBeLessThanOrEqual(1e-5);
    for (const t of [lift, conv, x, lhs, rhs]) t.dispose();
  });

  for (const group of [p4, p4m]) {
    it(`${group.name}: groupPool then global spatial pooling is invariant`, async () => {
      const lift = new LiftingConv2d(1, 3, 3, { group, padding: 1 });
      const conv = new GroupConv2d(3, 4, 3, { group, padding: 1 });
      const net = (x: Tensor) => mean(groupPool(conv.call(relu(lift.call(x))), 'max'), [2, 3]);
      const x = randn([2, 1, 10, 10]);
      for (let g = 0; g < group.order; g++) {
        const [lhs, rhs] = noGrad(() => tidy(() => [net(act(group, g, x)), net(x)]));
        expect(await relativeError(lhs, rhs)).toBeLessThanOrEqual(1e-5);
        lhs.dispose();
        rhs.dispose();
      }
      for (const t of [lift, conv, x]) t.dispose();
    });
  }

  for (const group of [cn(8), dn(8)]) {
    for (const [depth, filters] of [['lifting', 'smooth'], ['lifting+group', 'smooth'], ['lifting+group', 'random']] as const) {
      // A measurement, not a property of a kernel: js and wasm give the same numbers, while
      // webgpu on a software adapter (SwiftShader, CI) needs about a minute per case.
      it.skipIf(backend === 'webgpu')(`${group.name} ${depth}, ${filters} filters: 90° stays exact; 45° interpolates (error measured and printed)`, async () => {
        const size = 17;
        const disc = discMask(size, (size - 1) / 2 - 1);
        const x = smoothBlobs(size);
        const lift = new LiftingConv2d(1, 4, 5, { group, padding: 2 });
        const conv = new GroupConv2d(4, 4, 5, { group, padding: 2 });
        if (filters === 'smooth') for (const layer of [lift, conv]) smoothFilters(layer);
        // Compared inside the inscribed disc, where rotating a square grid loses nothing.
        const net = (input: Tensor) => mul(depth === 'lifting' ? lift.call(input) : conv.call(relu(lift.call(input))), disc);
        const [rotate45, rotate90] = [group.element(1), group.element(2)];
        expect(await equivarianceError(group, rotate90, net, x)).toBeLessThanOrEqual(1e-5);
        const error = await equivarianceError(group, rotate45, net, x);
        const mirrored = group.mirrors ? await equivarianceError(group, group.element(1, true), net, x) : 0;
        measured.push(`${backend} ${group.name} ${depth}, 5×5 ${filters} filters, 45°: relative error ${Math.max(error, mirrored).toExponential(2)}`);
        // Interpolation makes 45° approximate, never exact; the README reports the numbers printed.
        expect(error).toBeGreaterThan(1e-5);
        for (const t of [lift, conv, x, disc]) t.dispose();
      });
    }
  }

  it('reports the measured errors', () => {
    console.log(measured.join('\n'));
  });
});

/** Gaussian blobs (σ = √2) at fixed places inside the inscribed disc of a size×size plane, `[1, 1, size, size]`. */
function smoothBlobs(size: number): Tensor {
  const centre = (size - 1) / 2;
  const blobs = [[-2, 1, 1], [1, 3, -0.7], [3, -2, 0.8], [-1, -3, 0.5]];
  const data = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      for (const [y, x, weight] of blobs) data[i * size + j] += weight * Math.exp(-((i - centre - y) ** 2 + (j - centre - x) ** 2) / 4);
    }
  }
  return tidy(() => tensor(data, { dtype: 'float32' }).reshape([1, 1, size, size]));
}

/** 1 inside the disc of `radius` about the centre of a size×size plane, 0 outside. */
function discMask(size: number, radius: number): Tensor {
  const centre = (size - 1) / 2;
  const data = Float32Array.from({ length: size * size }, (_, n) => (Math.hypot(Math.floor(n / size) - centre, (n % size) - centre) <= radius ? 1 : 0));
  return tidy(() => tensor(data, { dtype: 'float32' }).reshape([size, size]));
}

/** Replaces a layer's filters with smooth ones: random mixes of (1, y, x) under a Gaussian envelope, as trained filters tend to be. */
function smoothFilters(layer: LiftingConv2d | GroupConv2d): void {
  const k = layer.kernelSize;
  const centre = (k - 1) / 2;
  const basis = new Float32Array(3 * k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const envelope = Math.exp(-((i - centre) ** 2 + (j - centre) ** 2) / 4);
      for (const [b, value] of [envelope, (envelope * (i - centre)) / centre, (envelope * (j - centre)) / centre].entries()) basis[b * k * k + i * k + j] = value;
    }
  }
  const filters = layer.weight.size / (k * k);
  const weight = tidy(() => matmul(mul(randn([filters, 3]), 0.5), tensor(basis, { dtype: 'float32' }).reshape([3, k * k])).reshape(layer.weight.shape));
  layer.loadStateDict({ weight }, { strict: false });
  weight.dispose();
}
