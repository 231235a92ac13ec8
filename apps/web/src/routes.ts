// The app's pages: one hash route each, each loaded as its own chunk when first opened.
import type { Page } from './page';

/** A route: its link text, a line about it, and its page module loaded on demand. */
export interface Route {
  title: string;
  summary: string;
  load: () => Promise<{ page: Page }>;
}

/** The pages by route name (`#/mnist` ...). */
export const routes: Record<string, Route> = {
  mnist: {
    title: 'MNIST',
    summary: 'Train an MLP or a CNN on handwritten digits, watch loss and accuracy per batch, then draw a digit and see what it thinks.',
    load: () => import('./pages/mnist'),
  },
  graphs: {
    title: 'Graphs',
    summary: "A graph convolutional network learns the karate club's split from one labelled member per faction; its 2-D embedding moves as it trains.",
    load: () => import('./pages/graphs'),
  },
  equivariance: {
    title: 'Equivariance',
    summary: "Rotate a digit by 90° steps: a P4CNN's feature maps rotate and cycle and its prediction stays put; a plain CNN's do not.",
    load: () => import('./pages/equivariance'),
  },
};
