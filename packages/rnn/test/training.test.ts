// Training with truncated BPTT: carrying detached state across windows gives the same forward
// as one long sequence, and a small character language model (embedding, 2-layer LSTM with
// dropout, linear) trains over many windows with the live tensor count flat and the loss
// falling; the other layers (GRU on packed batches, RNN, the LSTM variants) stay flat too.
import { beforeAll, expect, it } from 'vitest';
import { cat, crossEntropy, manualSeed, memory, narrow, randint, randn, reshape, tidy, type Tensor } from '@tessera/core';
import { backward, detach, enableAutograd, noGrad } from '@tessera/autograd';
import { Adam, Embedding, Linear, Module } from '@tessera/layers';
import { describeEachBackend, expectClose } from '../../../tooling/parity';
import { CoupledLSTM, GRU, LSTM, PeepholeLSTM, RNN, packPaddedSequence, padPackedSequence, type PackedSequence, type RecurrentLayer } from '../src/index';

class CharModel extends Module {
  readonly embedding = this.registerModule('embedding', new Embedding(11, 8));
  readonly lstm = this.registerModule('lstm', new LSTM(8, 12, { numLayers: 2, dropout: 0.1, batchFirst: true }));
  readonly head = this.registerModule('head', new Linear(12, 11));

  /** tokens [B, T] and the carried state → logits [B, T, 11] and the new state. */
  forward(tokens: Tensor, state: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [out, next] = this.lstm.forward(this.embedding.forward(tokens), state);
    return [this.head.forward(out as Tensor), next];
  }
}

beforeAll(() => enableAutograd());

describeEachBackend('truncated BPTT and training memory', (backend) => {
  it('state carried across windows with detach gives the forward of one long sequence', async () => {
    const before = memory().numTensors;
    manualSeed(3);
    const lstm = new LSTM(5, 7, { numLayers: 2, batchFirst: true });
    const x = randn([2, 9, 5]);
    // Forward only (no gradient tape), so the count returns to where it started.
    const [whole, joined] = tidy(() => noGrad(() => {
      const [all] = lstm.call(x);
      let state: [Tensor, Tensor] | null = null;
      const windows: Tensor[] = [];
      for (const [start, length] of [[0, 4], [4, 3], [7, 2]]) {
        const [out, next] = lstm.call(narrow(x, 1, start, length), state);
        windows.push(out as Tensor);
        state?.forEach((t) => t.dispose());
        state = tidy(() => next.map((t) => detach(t)) as [Tensor, Tensor]);
        next.forEach((t) => t.dispose());
      }
      return [all as Tensor, cat(windows, 1)];
    }));
    await expectClose(joined, { shape: [...whole.shape], dtype: 'float32', data: Array.from(await whole.data()) }, 1e-6, 1e-5);
    for (const t of [x, whole, joined]) t.dispose();
    lstm.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('a char-level LSTM model trains over truncated-BPTT windows with a flat tensor count', async () => {
    manualSeed(5);
    const model = new CharModel();
    const optimizer = new Adam(model.parameters(), { lr: 0.02 });
    // A periodic stream: the model can learn it, so the loss must fall.
    const stream = reshape(randint(0, 11, [2, 6]).repeat([1, 10]), [2, 60]);
    const windows = backend === 'webgpu' ? 4 : 10;
    let state: [Tensor, Tensor] | null = null;
    let baseline = -1;
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let w = 0; w < windows; w++) {
        const start = (w * 5) % 54;
        const [loss, next] = tidy(() => {
          const [logits, carried] = model.call(narrow(stream, 1, start, 5), state);
          return [crossEntropy(reshape(logits, [10, 11]), reshape(narrow(stream, 1, start + 1, 5), [10])), carried] as const;
        });
        backward(loss);
        optimizer.step();
        optimizer.zeroGrad();
        state?.forEach((t) => t.dispose());
        state = tidy(() => next.map((t) => detach(t)) as [Tensor, Tensor]);
        next.forEach((t) => t.dispose());
        if (w === 0) losses.push(Number(await loss.item()));
        loss.dispose();
        if (baseline < 0) baseline = memory().numTensors;
        else if (memory().numTensors > baseline) throw new Error(`epoch ${epoch} window ${w}: ${memory().numTensors} live tensors, ${baseline} after the first step`);
      }
    }
    expect(losses[2]).toBeLessThan(losses[0]);
    for (const t of [stream, ...(state ?? [])]) t.dispose();
    model.dispose();
  }, 120_000);

  it('GRU on packed batches, RNN and the LSTM variants train with a flat tensor count', async () => {
    manualSeed(9);
    const layers: RecurrentLayer[] = [new GRU(3, 4, { bidirectional: true }), new RNN(3, 4, { nonlinearity: 'relu' }), new PeepholeLSTM(3, 4), new CoupledLSTM(3, 4, { numLayers: 2 })];
    const optimizer = new Adam(layers.flatMap((l) => l.parameters()), { lr: 0.01 });
    const x = randn([5, 3, 3]);
    let baseline = -1;
    for (let step = 0; step < 5; step++) {
      const loss = tidy(() => {
        const [packedOut] = (layers[0] as GRU).call(packPaddedSequence(x, [2, 5, 4], { enforceSorted: false }));
        const [padded] = padPackedSequence(packedOut as PackedSequence);
        const rest = layers.slice(1).map((l) => (l.call(x) as [Tensor, unknown])[0]);
        return [padded, ...rest].map((o) => o.square().mean()).reduce((a, b) => a.add(b));
      });
      backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      loss.dispose();
      if (step === 0) baseline = memory().numTensors;
      else expect(memory().numTensors).toBeLessThanOrEqual(baseline);
    }
    x.dispose();
    for (const l of layers) l.dispose();
  }, 120_000);
});
