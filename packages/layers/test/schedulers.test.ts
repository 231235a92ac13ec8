// Learning-rate schedulers and gradient clipping against PyTorch 1.13 (fixtures/optim.json,
// written by generate_optim.py): every group's rate after construction and each step, the
// clipped gradients and the returned norm.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { memory, tensor, zeros, type Tensor } from '@tessera/core';
import {
  clipGradNorm, clipGradValue, CosineAnnealingLR, ExponentialLR, LinearLR, NoamLR, ReduceLROnPlateau, SGD, StepLR,
} from '../src/optim/index';
import { decodeNumber, decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';

interface SchedulerCase {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  lrs: number[];
  metrics: number[] | null;
  expected: number[][];
}

interface ClipCase {
  name: string;
  fn: 'clipGradNorm' | 'clipGradValue';
  options: { maxNorm?: number; normType?: number | string; clipValue?: number };
  shapes: number[][];
  grads: (TensorSpec | null)[];
  norm: number | null;
  clipped: (TensorSpec | null)[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/optim.json', import.meta.url), 'utf8')) as { schedulers: SchedulerCase[]; clip: ClipCase[] };
type Scheduler = { step(metric?: number): void; getLastLr(): number[] };
const classes = { StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, NoamLR, ReduceLROnPlateau } as unknown as Record<string, new (opt: SGD, options: object) => Scheduler>;

function optimizerWith(lrs: number[]): { opt: SGD; params: Tensor[] } {
  const params = lrs.map(() => zeros([1]));
  return { opt: new SGD(params.map((p, i) => ({ params: [p], lr: lrs[i] })), { lr: lrs[0] }), params };
}

function expectLrs(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((lr, i) => expect(lr).toBeCloseTo(want[i], 14));
}

describeEachBackend('schedulers match PyTorch', () => {
  let before = 0;
  afterEach(() => {
    expect(memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('covers every scheduler', () => {
    before = memory().numTensors;
    expect(Object.keys(classes).filter((name) => !fixture.schedulers.some((c) => c.scheduler === name))).toEqual([]);
  });

  for (const c of fixture.schedulers) {
    it(c.name, () => {
      before = memory().numTensors;
      const { opt, params } = optimizerWith(c.lrs);
      const sched = new classes[c.scheduler](opt, c.options);
      expectLrs(sched.getLastLr(), c.expected[0]);
      for (let k = 1; k < c.expected.length; k++) {
        sched.step(c.metrics ? c.metrics[k - 1] : undefined);
        expectLrs(sched.getLastLr(), c.expected[k]);
        expectLrs(opt.paramGroups.map((g) => g.lr), c.expected[k]);
      }
      for (const p of params) p.dispose();
    });
  }

  it('resumes from stateDict', () => {
    before = memory().numTensors;
    const c = fixture.schedulers.find((s) => s.scheduler === 'CosineAnnealingLR') as SchedulerCase;
    const a = optimizerWith(c.lrs);
    const first = new CosineAnnealingLR(a.opt, c.options as { tMax: number });
    for (let k = 0; k < 7; k++) first.step();
    // As PyTorch: the optimiser's rates come back with it, then the scheduler's state.
    const b = optimizerWith(a.opt.paramGroups.map((g) => g.lr));
    const second = new CosineAnnealingLR(b.opt, { tMax: 1 });
    second.loadStateDict(first.stateDict());
    for (let k = 8; k < c.expected.length; k++) {
      second.step();
      expectLrs(second.getLastLr(), c.expected[k]);
    }
    const plateau = new ReduceLROnPlateau(a.opt, { patience: 0 });
    plateau.step(1);
    const restored = new ReduceLROnPlateau(b.opt, { patience: 0 });
    restored.loadStateDict(plateau.stateDict());
    expect(restored.best).toBe(1);
    for (const p of [...a.params, ...b.params]) p.dispose();
  });

  it('rejects bad options', () => {
    before = memory().numTensors;
    const { opt, params } = optimizerWith([0.1]);
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow('StepLR: stepSize must be a positive integer, got 0');
    expect(() => new LinearLR(opt, { startFactor: 0 })).toThrow('LinearLR: startFactor must be in (0, 1], got 0');
    expect(() => new NoamLR(opt, { dModel: 512, warmupSteps: 0 })).toThrow('NoamLR: warmupSteps must be a positive integer, got 0');
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow('ReduceLROnPlateau: factor must be below 1, got 1');
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow('ReduceLROnPlateau: expected 1 minLr values (one per group), got 2');
    expect(opt.paramGroups[0].lr).toBe(0.1);
    for (const p of params) p.dispose();
  });
});

describeEachBackend('gradient clipping matches PyTorch', () => {
  for (const c of fixture.clip) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const params = c.shapes.map((s) => zeros(s));
      params.forEach((p, i) => {
        const g = c.grads[i];
        p.grad = g ? decodeTensor(g) : null;
      });
      if (c.fn === 'clipGradNorm') {
        const normType = c.options.normType === undefined ? 2 : decodeNumber(c.options.normType);
        const norm = clipGradNorm(params, c.options.maxNorm as number, normType);
        await expectClose(norm, { shape: [], dtype: 'float32', data: [c.norm as number] });
        norm.dispose();
      } else {
        clipGradValue(params, c.options.clipValue as number);
      }
      for (const [i, p] of params.entries()) {
        const want = c.clipped[i];
        if (want) await expectClose(p.grad as Tensor, want);
        else expect(p.grad).toBeNull();
        p.grad?.dispose();
        p.dispose();
      }
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('returns a zero norm when no parameter has a gradient, and rejects bad arguments', async () => {
    const p = tensor([1, 2], { dtype: 'float32' });
    const norm = clipGradNorm([p], 1);
    expect(await norm.item()).toBe(0);
    norm.dispose();
    expect(() => clipGradNorm(p, 1, 0)).toThrow('clipGradNorm: normType must be positive (or Infinity), got 0');
    expect(() => clipGradValue(p, -1)).toThrow('clipGradValue: clipValue must be non-negative, got -1');
    p.dispose();
  });
});
