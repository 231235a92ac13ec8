// The global feature block of Kag & Saligrama, "Condensing CNNs with Partial Differential
// Equations" (CVPR 2022): K steps of an implicit-explicit scheme for advection-diffusion on a
// periodic grid, with velocities and diffusion coefficients predicted by depthwise convolutions.
// Information travels across the whole map in K steps at the cost of a few elementwise ops.
import { add, div, full, mul, relu, roll, sub, tidy, type Tensor } from '@tessera/core';
import { BatchNorm2d, Conv2d, Module } from '@tessera/layers';

/** Options of AdvectionDiffusionBlock. */
export interface AdvectionDiffusionOptions {
  /** Number of time steps K. Default 5. */
  steps?: number;
  /** Time step. Default 0.2. */
  dt?: number;
  /** Odd kernel size of the depthwise convolutions. Default 3. */
  kernelSize?: number;
  /** Fixed diffusion coefficients `[Dx, Dy]` instead of learned ones. Default null (learned). */
  constantDiffusion?: readonly [number, number] | null;
  /** How h starts: the input itself, or a depthwise convolution of it (key `init_h`). Default 'identity'. */
  initBlock?: 'identity' | 'depthwise';
}

/** conv → BatchNorm → ReLU, the predictor of one coefficient field. */
function field(conv: Conv2d, bn: BatchNorm2d, x: Tensor): Tensor {
  return relu(bn.call(conv.call(x)));
}

/**
 * Advection-diffusion of `[N, C, H, W]` features (shape unchanged). With u, v (velocities) and
 * Dx, Dy (diffusion) from `relu(BN(depthwiseConv(h)))`, periodic neighbours along H and W, and
 * `A = u·dt`, `B = D·dt`, `E = (∂u/∂x + ∂v/∂y)·dt`, `D_h = 1 / (1 + 2Bx + 2By)`, each step is
 * `h' = D_h[(1 − 2Bx − 2By) h_prev − 2E h + Σ (∓A + 2B) h_neighbour] + 2·dt·D_h·f`; the
 * output is `relu(BN(h_K))`. Keys: `init_h`, `conv_u`, `bn_u`, `conv_v`, `bn_v`, `conv_dx`,
 * `bn_dx`, `conv_dy`, `bn_dy`, `bn_out` (PyTorch's Conv2d and BatchNorm2d keys below them).
 * @example
 * const block = new AdvectionDiffusionBlock(16, { steps: 5, dt: 0.2 });
 * const y = block.call(features); // same shape, global receptive field
 */
export class AdvectionDiffusionBlock extends Module {
  readonly steps: number;
  readonly dt: number;
  readonly constantDiffusion: readonly [number, number] | null;
  readonly initH: Conv2d | null;
  readonly convU: Conv2d;
  readonly bnU: BatchNorm2d;
  readonly convV: Conv2d;
  readonly bnV: BatchNorm2d;
  readonly convDx: Conv2d | null;
  readonly bnDx: BatchNorm2d | null;
  readonly convDy: Conv2d | null;
  readonly bnDy: BatchNorm2d | null;
  readonly bnOut: BatchNorm2d;

  constructor(readonly channels: number, options: AdvectionDiffusionOptions = {}) {
    super();
    const { steps = 5, dt = 0.2, kernelSize = 3, constantDiffusion = null, initBlock = 'identity' } = options;
    const layer = 'AdvectionDiffusionBlock';
    if (!Number.isInteger(channels) || channels <= 0) throw new Error(`${layer}: channels must be a positive integer, got ${channels}`);
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`${layer}: steps must be a positive integer, got ${steps}`);
    if (!(dt > 0)) throw new Error(`${layer}: dt must be positive, got ${dt}`);
    if (!Number.isInteger(kernelSize) || kernelSize % 2 === 0) throw new Error(`${layer}: kernelSize must be odd so that 'same' padding is symmetric, got ${kernelSize}`);
    if (initBlock !== 'identity' && initBlock !== 'depthwise') throw new Error(`${layer}: initBlock must be 'identity' or 'depthwise', got ${JSON.stringify(initBlock)}`);
    if (constantDiffusion !== null && !(constantDiffusion.length === 2 && constantDiffusion.every((d) => d >= 0))) {
      throw new Error(`${layer}: constantDiffusion must be [Dx, Dy] with both >= 0, got ${JSON.stringify(constantDiffusion)}`);
    }
    this.steps = steps;
    this.dt = dt;
    this.constantDiffusion = constantDiffusion;
    const depthwise = () => new Conv2d(channels, channels, kernelSize, { padding: (kernelSize - 1) / 2, groups: channels, bias: false });
    this.initH = this.registerModule('init_h', initBlock === 'depthwise' ? depthwise() : null);
    this.convU = this.registerModule('conv_u', depthwise());
    this.bnU = this.registerModule('bn_u', new BatchNorm2d(channels));
    this.convV = this.registerModule('conv_v', depthwise());
    this.bnV = this.registerModule('bn_v', new BatchNorm2d(channels));
    const learned = constantDiffusion === null;
    this.convDx = this.registerModule('conv_dx', learned ? depthwise() : null);
    this.bnDx = this.registerModule('bn_dx', learned ? new BatchNorm2d(channels) : null);
    this.convDy = this.registerModule('conv_dy', learned ? depthwise() : null);
    this.bnDy = this.registerModule('bn_dy', learned ? new BatchNorm2d(channels) : null);
    this.bnOut = this.registerModule('bn_out', new BatchNorm2d(channels));
  }

  /** `[N, C, H, W]` → `[N, C, H, W]`. */
  forward(f: Tensor): Tensor {
    if (f.ndim !== 4 || f.shape[1] !== this.channels) {
      throw new Error(`AdvectionDiffusionBlock: expected [N, ${this.channels}, H, W], got [${f.shape}]`);
    }
    const dt = this.dt;
    return tidy(() => {
      let h = this.initH ? this.initH.call(f) : f;
      let previous = f;
      const u = field(this.convU, this.bnU, h);
      const v = field(this.convV, this.bnV, h);
      const [dx, dy] = this.constantDiffusion
        ? this.constantDiffusion.map((d) => full([], d))
        : [field(this.convDx as Conv2d, this.bnDx as BatchNorm2d, h), field(this.convDy as Conv2d, this.bnDy as BatchNorm2d, h)];
      // Central differences with periodic boundaries: roll(x, +1)[i] = x[i − 1].
      const centralDifference = (x: Tensor, dim: number) => mul(sub(roll(x, 1, dim), roll(x, -1, dim)), 0.5);
      const [ax, ay] = [mul(u, dt), mul(v, dt)];
      const [bx, by] = [mul(dx, dt), mul(dy, dt)];
      const e = mul(add(centralDifference(u, 2), centralDifference(v, 3)), dt);
      const twoB = add(mul(bx, 2), mul(by, 2));
      const damping = div(1, add(twoB, 1));
      const source = mul(damping, mul(f, 2 * dt));
      const coefficient = (a: Tensor, b: Tensor, sign: 1 | -1) => add(mul(a, sign), mul(b, 2));
      const [hMinus, hPlus] = [coefficient(ax, bx, -1), coefficient(ax, bx, 1)];
      const [wMinus, wPlus] = [coefficient(ay, by, -1), coefficient(ay, by, 1)];
      const keep = sub(1, twoB);
      for (let k = 0; k < this.steps; k++) {
        const terms = [
          mul(keep, previous),
          mul(mul(e, -2), h),
          mul(hMinus, roll(h, 1, 2)),
          mul(hPlus, roll(h, -1, 2)),
          mul(wMinus, roll(h, 1, 3)),
          mul(wPlus, roll(h, -1, 3)),
        ];
        const next = add(mul(damping, terms.reduce((sum, t) => add(sum, t))), source);
        previous = h;
        h = next;
      }
      return relu(this.bnOut.call(h));
    });
  }
}
