// Memory stays flat while training: the live tensor count after every step never exceeds
// the count after the first step (it may fall: on webgpu, every-layer's count of 90 held
// steady, then fell by 12 when the last step's readback let the event loop release pending
// work). A small MultiheadAttention model (causal, on core's fused kernel) trains for 1,000
// steps on every backend (about a minute on webgpu on SwiftShader); every other layer trains
// for 30 steps (10 on webgpu) in one small model (the weights path of
// MultiheadAttention with dropout, Performer redrawing its features, Linformer, additive and
// Luong attention, rotary and learned positions), so a leak of one tensor per step shows in either.
import { beforeAll, expect, it } from 'vitest';
import { manualSeed, memory, mseLoss, randn, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam, Linear, Module } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import {
  AdditiveAttention, LearnedPositionalEncoding, LinformerAttention, LuongAttention, MultiheadAttention, PerformerAttention,
  applyRotaryEmbedding,
} from '../src/index';

class CausalSelfAttention extends Module {
  readonly mha = this.registerModule('mha', new MultiheadAttention(8, 2, { batchFirst: true }));
  readonly head = this.registerModule('head', new Linear(8, 1));

  forward(x: Tensor): Tensor {
    return this.head.forward(this.mha.forward(x, x, x, { needWeights: false, isCausal: true })[0]);
  }
}

class EveryLayer extends Module {
  readonly positions = this.registerModule('positions', new LearnedPositionalEncoding(6, 8, { batchFirst: true }));
  readonly mha = this.registerModule('mha', new MultiheadAttention(8, 2, { batchFirst: true, dropout: 0.1 }));
  readonly performer = this.registerModule('performer', new PerformerAttention(8, 2, { numFeatures: 8, redraw: true, causal: true }));
  readonly linformer = this.registerModule('linformer', new LinformerAttention(8, 2, 6, 3));
  readonly additive = this.registerModule('additive', new AdditiveAttention(8, 8, 4));
  readonly luong = this.registerModule('luong', new LuongAttention(8, 8, { score: 'concat', hiddenSize: 4 }));
  readonly head = this.registerModule('head', new Linear(8, 1));

  forward(x: Tensor): Tensor {
    const h = this.positions.forward(x);
    const [q, k] = applyRotaryEmbedding(h, h, [0, 1, 2, 3, 4, 5]);
    const [attended] = this.mha.forward(q, k, h);
    const linear = this.linformer.forward(attended, attended, attended).add(this.performer.forward(attended, attended, attended));
    const [context] = this.additive.forward(linear, linear);
    const [luong] = this.luong.forward(context, linear);
    return this.head.forward(luong);
  }
}

async function expectFlat(model: Module, steps: number): Promise<void> {
  manualSeed(7);
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([2, 6, 8]);
  const y = randn([2, 6, 1]);
  let baseline = -1;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = tidy(() => mseLoss(model.call(x), y));
    backward(loss);
    optimizer.step();
    optimizer.zeroGrad();
    if (step === 0 || step === steps - 1) losses.push(Number(await loss.item()));
    loss.dispose();
    if (step === 0) baseline = memory().numTensors;
    else if (memory().numTensors > baseline) throw new Error(`step ${step}: ${memory().numTensors} live tensors, ${baseline} after the first step`);
  }
  // Training really ran: the loss moved.
  expect(losses[1]).not.toBe(losses[0]);
  for (const t of [x, y]) t.dispose();
  model.dispose();
}

beforeAll(() => enableAutograd());

describeEachBackend('attention training memory', (backend) => {
  const webgpu = backend === 'webgpu';
  it('MultiheadAttention: flat over 1,000 training steps', () => expectFlat(new CausalSelfAttention(), 1000), 300_000);
  it('every other layer: flat over several steps', () => expectFlat(new EveryLayer(), webgpu ? 10 : 30), 120_000);
});
