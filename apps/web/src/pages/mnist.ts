// The MNIST page: an MLP or a CNN (the Node demo's models, from @tessera/demo) trained live
// on the digit subset, a loss and accuracy chart per batch, predictions on a grid of test
// digits, and a pad to draw a digit on and see the class probabilities.
import { Adam, seededRandom, type Module } from '@tessera/layers';
import { models } from '@tessera/demo/lib/mnist-models.mjs';
import { batches } from '@tessera/demo/lib/mnist-batches.mjs';
import { evaluate, trainStep } from '@tessera/demo/lib/train-step.mjs';
import { TrainingChart } from '../chart';
import { argmax, classify } from '../classify';
import { DigitGrid } from '../digit-grid';
import { DigitPad } from '../digit-pad';
import { el } from '../dom';
import { LongAction } from '../long-action';
import { loadDigits } from '../mnist-data';
import { showProbabilities } from '../probability-bars';
import type { Page } from '../page';

const BATCH = 64;
/** Test accuracy is measured every this many steps (and at the last). */
const EVALUATE_EVERY = 20;

/** The MNIST page: train, chart, test-digit grid and drawing pad. */
export const page: Page = {
  async mount(root) {
    const { train, test } = await loadDigits();
    const modelSelect = el('select', { id: 'model' }, el('option', { value: 'mlp' }, 'MLP 784-1024-10'), el('option', { value: 'cnn' }, 'CNN (2 conv + linear)'));
    const stepsInput = el('input', { id: 'steps', type: 'number', min: '1', value: '300', style: 'width:5rem' });
    const trainButton = el('button', { id: 'train' }, 'Train');
    const action = new LongAction('training');
    const chartBox = el('div', { id: 'chart' });
    const bars = el('div', { class: 'bars', id: 'probabilities' });
    const pad = new DigitPad(() => void updateDrawn());
    const grid = new DigitGrid(test, 40, (pixels) => pad.show(pixels));
    root.append(
      el('p', {}, `${train.count} training and ${test.count} test digits from the mnist package; Adam, batches of ${BATCH}. Click a test digit to put it on the pad, or draw one.`),
      el('div', { class: 'controls' }, el('label', {}, 'model ', modelSelect), el('label', {}, 'steps ', stepsInput), trainButton),
      action.element,
      el('div', { class: 'row' }, chartBox, el('div', {}, el('h3', {}, 'Test digits and predictions'), grid.element)),
      el('h3', {}, 'Draw a digit'),
      el('div', { class: 'row' }, pad.element, bars),
    );
    const chart = new TrainingChart(chartBox, [{ label: 'training loss', stroke: '#c0392b' }, { label: 'test accuracy', stroke: '#27ae60', right: true }]);

    let model: Module = models.mlp();
    let optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    let step = 0;
    const random = seededRandom(0);
    let epoch = batches(train, { batchSize: BATCH, random, shift: 2, dropLast: true });
    const nextBatch = () => {
      let batch = epoch.next();
      if (batch.done) {
        epoch = batches(train, { batchSize: BATCH, random, shift: 2, dropLast: true });
        batch = epoch.next();
      }
      return batch.value;
    };

    async function updateGrid(): Promise<number> {
      const probs = await classify(model, grid.pixels());
      grid.predict(Array.from({ length: grid.count }, (_, k) => argmax(probs, 10 * k)));
      return evaluate(model, batches(test, { batchSize: 250 }));
    }

    async function updateDrawn(): Promise<void> {
      if (pad.empty) return void bars.replaceChildren();
      showProbabilities(bars, await classify(model, pad.pixels()));
    }

    modelSelect.addEventListener('change', () => {
      if (action.running) return;
      optimizer.dispose();
      model.dispose();
      model = models[modelSelect.value as 'mlp' | 'cnn']();
      optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    });
    trainButton.addEventListener('click', async () => {
      trainButton.disabled = modelSelect.disabled = true;
      const total = Number(stepsInput.value);
      await action.run(total, async (i) => {
        const { images, labels } = nextBatch();
        const loss = trainStep(model, optimizer, images, labels);
        const value = (await loss.data())[0];
        loss.dispose();
        step++;
        const accuracy = i % EVALUATE_EVERY === 0 || i === total ? await updateGrid() : null;
        chart.push(step, [value, accuracy]);
        chartBox.dataset.lossFirst ??= String(value);
        chartBox.dataset.lossLast = String(value);
        if (accuracy !== null) chartBox.dataset.accuracy = String(accuracy);
        return `loss ${value.toFixed(4)}${accuracy === null ? '' : ` · test accuracy ${(accuracy * 100).toFixed(1)}%`}`;
      });
      await updateDrawn();
      trainButton.disabled = modelSelect.disabled = false;
    });

    return async () => {
      await action.stop();
      chart.destroy();
      optimizer.dispose();
      model.dispose();
    };
  },
};
