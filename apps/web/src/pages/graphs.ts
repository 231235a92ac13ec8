// The Graphs page: the karate club's GCN (the Node demo's model and data) trained live from
// one labelled member per faction, its 2-D embedding redrawn after every step with each
// member coloured by the faction the model predicts.
import { crossEntropy, edgeIndexToCsrAsync, eye, indexSelect, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adam } from '@tessera/layers';
import { KarateGcn } from '@tessera/demo/lib/karate-gcn.mjs';
import club from '@tessera/demo/data/karate-club.json';
import { TrainingChart } from '../chart';
import { el } from '../dom';
import { LongAction } from '../long-action';
import type { Page } from '../page';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#3b6fb6', '#e67e22'];
const LABELLED = [0, 33];
const SIZE = 420;

const ids = (values: number[]) => tensor(Int32Array.from(values), { dtype: 'int32' });

/** The graph drawing: a line per friendship and a circle per member, moved by `draw`. */
function embeddingView(): { element: SVGSVGElement; draw(points: number[][], factions: ArrayLike<number>): void } {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${SIZE} ${SIZE}`);
  svg.setAttribute('width', String(SIZE));
  svg.setAttribute('id', 'embedding');
  const make = (tag: string, attributes: Record<string, string | number>) => {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    return svg.appendChild(node);
  };
  const lines = club.edges.map(() => make('line', { stroke: '#b8c2cf', 'stroke-width': 1 }));
  const circles = Array.from({ length: club.numNodes }, (_, i) => {
    const circle = make('circle', { r: LABELLED.includes(i) ? 9 : 6, stroke: LABELLED.includes(i) ? '#1d2430' : '#fff', 'stroke-width': 2 });
    circle.appendChild(document.createElementNS(SVG, 'title')).textContent = `member ${i}, joined ${club.faction[i] === 0 ? 'Mr. Hi' : 'the Officer'}`;
    return circle;
  });
  // The embedding is a tanh, in [-1, 1]²; the view zooms to the points' extent.
  const draw = (points: number[][], factions: ArrayLike<number>) => {
    const span = Math.max(1e-3, ...points.flat().map(Math.abs));
    const at = (v: number) => SIZE / 2 + (v / span) * (SIZE / 2 - 16);
    club.edges.forEach(([a, b], e) => {
      lines[e].setAttribute('x1', String(at(points[a][0])));
      lines[e].setAttribute('y1', String(at(points[a][1])));
      lines[e].setAttribute('x2', String(at(points[b][0])));
      lines[e].setAttribute('y2', String(at(points[b][1])));
    });
    circles.forEach((circle, i) => {
      circle.setAttribute('cx', String(at(points[i][0])));
      circle.setAttribute('cy', String(at(points[i][1])));
      circle.setAttribute('fill', COLOURS[factions[i]]);
    });
  };
  return { element: svg, draw };
}

/** The Graphs page: the karate club GCN and its embedding, trained live. */
export const page: Page = {
  async mount(root) {
    const stepsInput = el('input', { id: 'steps', type: 'number', min: '1', value: '200', style: 'width:5rem' });
    const trainButton = el('button', { id: 'train' }, 'Train');
    const action = new LongAction('training');
    const chartBox = el('div', { id: 'chart' });
    const view = embeddingView();
    const summary = el('p', { id: 'summary', class: 'note' });
    root.append(
      el('p', {}, "Zachary's karate club: 34 members, 78 friendships, no member attributes. Only members 0 (the instructor) and 33 (the administrator, ringed) are labelled; the GCN places every member in 2-D and colours it by the faction it predicts."),
      el('div', { class: 'controls' }, el('label', {}, 'steps ', stepsInput), trainButton),
      action.element,
      el('div', { class: 'row' }, view.element, el('div', {}, chartBox, summary)),
    );
    const chart = new TrainingChart(chartBox, [{ label: 'loss (2 labelled members)', stroke: '#c0392b' }, { label: 'accuracy (32 others)', stroke: '#27ae60', right: true }], { width: 460 });

    const [a, b] = [club.edges.map((e) => e[0]), club.edges.map((e) => e[1])];
    const edgeIndex = tensor([[...a, ...b], [...b, ...a]], { dtype: 'int32' });
    const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: club.numNodes });
    edgeIndex.dispose();
    const x = eye(club.numNodes);
    const train = ids(LABELLED);
    const trainLabels = ids(LABELLED.map((i) => club.faction[i]));
    const model = new KarateGcn();
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    let step = 0;

    /** Redraws the embedding; returns the accuracy over the unlabelled members. */
    async function redraw(): Promise<number> {
      const [points, predicted] = noGrad(() =>
        tidy(() => {
          const h = model.embed(x, graph);
          return [h, model.classifier.call(h).argmax(1)] as Tensor[];
        }),
      );
      const [coordinates, factions] = [(await points.array()) as number[][], await predicted.data()];
      points.dispose();
      predicted.dispose();
      view.draw(coordinates, factions);
      const others = club.faction.map((f, i) => [f, i] as const).filter(([, i]) => !LABELLED.includes(i));
      return others.filter(([f, i]) => factions[i] === f).length / others.length;
    }

    await redraw();
    trainButton.addEventListener('click', async () => {
      trainButton.disabled = true;
      await action.run(Number(stepsInput.value), async () => {
        const loss = tidy(() => crossEntropy(indexSelect(model.call(x, graph), 0, train), trainLabels));
        backward(loss);
        optimizer.step();
        optimizer.zeroGrad();
        const value = (await loss.data())[0];
        loss.dispose();
        const accuracy = await redraw();
        chart.push(++step, [value, accuracy]);
        chartBox.dataset.lossFirst ??= String(value);
        chartBox.dataset.lossLast = String(value);
        summary.textContent = `${Math.round(accuracy * 32)} of the 32 unlabelled members in their real faction`;
        return `loss ${value.toFixed(4)} · accuracy ${(accuracy * 100).toFixed(1)}%`;
      });
      trainButton.disabled = false;
    });

    return async () => {
      await action.stop();
      chart.destroy();
      optimizer.dispose();
      model.dispose();
      for (const t of [x, train, trainLabels]) t.dispose();
      graph.dispose();
    };
  },
};
