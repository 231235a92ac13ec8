// Ten bars, one per digit class, for a classifier's probabilities.
import { el } from './dom';
import { argmax } from './classify';

/**
 * Fills `element` with the probabilities of classes 0-9 as bars; the top class is
 * highlighted and written to `data-predicted`.
 * @example showProbabilities(bars, await classify(model, pad.pixels()));
 */
export function showProbabilities(element: HTMLElement, probs: ArrayLike<number>): void {
  const top = argmax(probs);
  element.dataset.predicted = String(top);
  element.replaceChildren(
    ...Array.from({ length: 10 }, (_, c) =>
      el('div', c === top ? { class: 'top' } : {}, `${c}`, el('span', { class: 'bar', style: `width:${(probs[c] * 10).toFixed(2)}rem` }), `${(probs[c] * 100).toFixed(1)}%`),
    ),
  );
}
