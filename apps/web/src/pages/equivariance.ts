// The Equivariance page: a P4CNN and a plain CNN (the rotated-MNIST demo's models) look at
// the same digit turned by 0°, 90°, 180° or 270°. The P4CNN's lifting-layer maps rotate and
// their four orientation planes cycle, exactly, and its prediction does not move; the plain
// CNN's maps do neither. Both can be trained for a while on upright digits first.
import { cat, rot90, roll, tensor, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { Adam, seededRandom } from '@tessera/layers';
import { P4CNN, plainCnn } from '@tessera/demo/lib/gcnn-models.mjs';
import { batches } from '@tessera/demo/lib/mnist-batches.mjs';
import { trainStep } from '@tessera/demo/lib/train-step.mjs';
import { TrainingChart } from '../chart';
import { argmax, classify } from '../classify';
import { DigitGrid } from '../digit-grid';
import { DigitPad } from '../digit-pad';
import { el } from '../dom';
import { LongAction } from '../long-action';
import { loadDigits, normalise, paintDigit } from '../mnist-data';
import type { Page } from '../page';

const BATCH = 32;
const PLANE = 28 * 28;

/** Four canvases in a row of the maps grid, after a label. */
function mapRow(parent: HTMLElement, label: string): HTMLCanvasElement[] {
  const canvases = Array.from({ length: 4 }, () => el('canvas'));
  parent.append(el('span', {}, label), ...canvases);
  return canvases;
}

/** Paints four 28×28 planes of `values`, on one shared grey scale. */
function paintPlanes(canvases: HTMLCanvasElement[], values: Float32Array): void {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  canvases.forEach((canvas, i) => paintDigit(canvas, values.subarray(i * PLANE, (i + 1) * PLANE), 28, lo, hi));
}

/** The Equivariance page: a P4CNN against a plain CNN on a rotated digit. */
export const page: Page = {
  async mount(root) {
    const { train, test } = await loadDigits();
    const stepsInput = el('input', { id: 'steps', type: 'number', min: '1', value: '100', style: 'width:5rem' });
    const trainButton = el('button', { id: 'train' }, 'Train both on upright digits');
    const action = new LongAction('training');
    const chartBox = el('div', { id: 'chart' });
    const rotations = [0, 1, 2, 3].map((k) => el('button', { id: `rotate-${k}` }, `${k * 90}°`));
    const input = el('canvas', { class: 'input' });
    const maps = el('div', { class: 'maps' });
    const inputRow = el('div', { class: 'maps' }, el('span', {}, 'input'), input);
    const p4Planes = mapRow(maps, 'P4CNN lifting, channel 0, planes r = 0..3');
    const plainPlanes = mapRow(maps, 'plain CNN conv1, channels 0..3');
    const readout = el('div', { id: 'readout', class: 'note' });
    let rotation = 0;
    const pad = new DigitPad(() => void update());
    const grid = new DigitGrid(test, 20, (pixels) => pad.show(pixels));
    root.append(
      el('p', {}, 'Pick a test digit or draw one, then turn it. Feature maps are shown on one grey scale per row.'),
      el('div', { class: 'controls' }, el('label', {}, 'steps ', stepsInput), trainButton),
      action.element,
      el('div', { class: 'row' }, el('div', {}, grid.element, pad.element), el('div', {}, el('div', { class: 'controls' }, 'rotate the digit by ', ...rotations), inputRow, maps, readout)),
      chartBox,
    );
    const chart = new TrainingChart(chartBox, [{ label: 'P4CNN loss', stroke: '#3b6fb6' }, { label: 'plain CNN loss', stroke: '#e67e22' }]);

    const p4 = new P4CNN();
    const plain = plainCnn();
    const optimizers = [new Adam(p4.parameters(), { lr: 1e-3 }), new Adam(plain.parameters(), { lr: 1e-3 })];
    const random = seededRandom(1);
    let epoch = batches(train, { batchSize: BATCH, random, dropLast: true });
    let step = 0;

    /** Everything shown for the pad's digit at the chosen rotation, computed in one tidy scope. */
    async function update(): Promise<void> {
      if (pad.empty) return;
      const k = rotation;
      const training = p4.training;
      for (const model of [p4, plain]) model.eval();
      let outputs: Tensor[];
      try {
        outputs = noGrad(() =>
          tidy(() => {
            const x = tensor(normalise(pad.pixels())).reshape([1, 1, 28, 28]);
            const turned = rot90(x, k, [2, 3]);
            // The P4CNN's lifting layer: maps of the turned digit against the maps of the
            // upright one turned and rolled along the group axis (exact equivariance).
            const lift = p4.convs[0];
            const p4Maps = lift.call(turned);
            const p4Error = p4Maps.sub(roll(rot90(lift.call(x), k, [3, 4]), k, 2)).abs().max();
            const conv = plain.at(0);
            const plainMaps = conv.call(turned);
            const plainError = plainMaps.sub(rot90(conv.call(x), k, [2, 3])).abs().max();
            const all = cat([0, 1, 2, 3].map((j) => rot90(x, j, [2, 3])));
            return [
              turned,
              p4Maps.narrow(1, 0, 1),
              plainMaps.narrow(1, 0, 4),
              p4Error,
              plainError,
              p4.call(all).softmax(-1),
              plain.call(all).softmax(-1),
            ] as Tensor[];
          }),
        );
      } finally {
        for (const model of [p4, plain]) model.train(training);
      }
      const values = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
      for (const t of outputs) t.dispose();
      const [turned, p4Maps, plainMaps, [p4Error], [plainError], p4Probs, plainProbs] = values;
      paintDigit(input, turned, 28, Math.min(...turned), Math.max(...turned));
      paintPlanes(p4Planes, p4Maps);
      paintPlanes(plainPlanes, plainMaps);
      /** The predictions at each rotation, and the most any class's probability moves over the four. */
      const describe = (probs: Float32Array) => {
        let spread = 0;
        for (let c = 0; c < 10; c++) {
          const column = [0, 1, 2, 3].map((j) => probs[10 * j + c]);
          spread = Math.max(spread, Math.max(...column) - Math.min(...column));
        }
        const predicted = [0, 1, 2, 3].map((j) => argmax(probs, 10 * j));
        return { predicted, spread, text: `predicts ${predicted[k]} (${(probs[10 * k + predicted[k]] * 100).toFixed(1)}%); over the 4 rotations: ${predicted.join(', ')}, probabilities move by at most ${spread.toExponential(1)}` };
      };
      const [p4Result, plainResult] = [describe(p4Probs), describe(plainProbs)];
      Object.assign(readout.dataset, {
        rotation: String(k),
        p4Error: String(p4Error),
        plainError: String(plainError),
        p4Predicted: p4Result.predicted.join(','),
        p4Spread: String(p4Result.spread),
        plainPredicted: plainResult.predicted.join(','),
      });
      readout.replaceChildren(
        el('p', {}, `P4CNN: maps of the turned digit = the upright maps turned and cycled, up to ${p4Error.toExponential(1)}. It ${p4Result.text}.`),
        el('p', {}, `Plain CNN: maps of the turned digit differ from the upright maps turned by up to ${plainError.toFixed(3)}. It ${plainResult.text}.`),
      );
    }

    /** The P4CNN's predictions under the test digits. */
    async function predictGrid(): Promise<void> {
      const probs = await classify(p4, grid.pixels());
      grid.predict(Array.from({ length: grid.count }, (_, k) => argmax(probs, 10 * k)));
    }

    rotations.forEach((button, k) =>
      button.addEventListener('click', () => {
        rotation = k;
        rotations.forEach((b, j) => b.classList.toggle('active', j === k));
        void update();
      }),
    );
    trainButton.addEventListener('click', async () => {
      trainButton.disabled = true;
      await action.run(Number(stepsInput.value), async () => {
        let batch = epoch.next();
        if (batch.done) {
          epoch = batches(train, { batchSize: BATCH, random, dropLast: true });
          batch = epoch.next();
        }
        const { images, labels } = batch.value;
        const losses: number[] = [];
        for (const [i, model] of [p4, plain].entries()) {
          const loss = trainStep(model, optimizers[i], images, labels);
          losses.push((await loss.data())[0]);
          loss.dispose();
        }
        chart.push(++step, losses);
        chartBox.dataset.lossFirst ??= String(losses[0]);
        chartBox.dataset.lossLast = String(losses[0]);
        return `loss P4CNN ${losses[0].toFixed(4)} · plain ${losses[1].toFixed(4)}`;
      });
      await Promise.all([update(), predictGrid()]);
      trainButton.disabled = false;
    });
    pad.show(grid.pixels().subarray(0, PLANE));
    await predictGrid();

    return async () => {
      await action.stop();
      chart.destroy();
      for (const optimizer of optimizers) optimizer.dispose();
      p4.dispose();
      plain.dispose();
    };
  },
};
