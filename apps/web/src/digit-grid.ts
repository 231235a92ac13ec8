// A grid of test digits, each with the model's prediction under it; clicking one picks it.
import { el } from './dom';
import { digitOf, paintDigit, type DigitSet } from './mnist-data';

/**
 * The first `count` digits of `set`; `predict(labels)` writes predictions under them
 * (wrong ones in red), `onPick(pixels)` runs when one is clicked.
 * @example const grid = new DigitGrid(test, 40, (pixels) => pad.show(pixels));
 */
export class DigitGrid {
  readonly element: HTMLElement;
  private readonly captions: HTMLElement[] = [];

  constructor(private readonly set: DigitSet, readonly count: number, onPick: (pixels: Float32Array) => void) {
    this.element = el('div', { class: 'digits' });
    for (let k = 0; k < count; k++) {
      const canvas = el('canvas');
      paintDigit(canvas, digitOf(set, k));
      const caption = el('div', {}, '·');
      const cell = el('div', { class: 'digit', title: `label ${set.labels[k]}` }, canvas, caption);
      cell.addEventListener('click', () => onPick(digitOf(set, k)));
      this.captions.push(caption);
      this.element.append(cell);
    }
  }

  /** The pixels of the grid's digits, one after the other. */
  pixels(): Float32Array {
    return this.set.images.subarray(0, this.count * 28 * 28);
  }

  /** Writes `predicted[k]` under digit k, marking the wrong ones. */
  predict(predicted: ArrayLike<number>): void {
    this.captions.forEach((caption, k) => {
      caption.textContent = String(predicted[k]);
      caption.parentElement!.classList.toggle('wrong', predicted[k] !== this.set.labels[k]);
    });
    this.element.dataset.predicted = 'true';
  }
}
