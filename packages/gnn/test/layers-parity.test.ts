// Every layer and pool against PyG's formulas computed in PyTorch (fixtures/generate_gnn.py):
// outputs, gradients of the node features, of the edge weights and of every parameter, on
// every backend in TESSERA_BACKENDS. Also: a PyG-style state_dict saved as safetensors loads
// unchanged and gives PyTorch's output.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { mul, sum, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, noGrad } from '@tessera/autograd';
import { Linear, loadSafetensors, Module, ReLU, Sequential } from '@tessera/layers';
import { decodeTensor, describeEachBackend, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import { GATConv, GCNConv, GINConv, globalAddPool, globalMaxPool, globalMeanPool, SAGEConv } from '../src/index';

const ATOL = 1e-4;
const RTOL = 2e-3;

interface LayerCase {
  name: string;
  layer: 'GCNConv' | 'SAGEConv' | 'GATConv' | 'GINConv';
  args: number[];
  options: Record<string, unknown>;
  state: Record<string, TensorSpec>;
  x: TensorSpec;
  edgeIndex: TensorSpec;
  edgeWeight: TensorSpec | null;
  output: TensorSpec;
  upstream: TensorSpec;
  grads: Record<string, TensorSpec>;
}

interface PoolCase {
  name: 'globalAddPool' | 'globalMeanPool' | 'globalMaxPool';
  x: TensorSpec;
  batch: TensorSpec;
  output: TensorSpec;
  upstream: TensorSpec;
  grads: { x: TensorSpec };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/gnn.json', import.meta.url), 'utf8')) as {
  cases: LayerCase[];
  pools: PoolCase[];
  model: { x: TensorSpec; edgeIndex: TensorSpec; output: TensorSpec; keys: string[] };
};
const modelBytes = new Uint8Array(readFileSync(new URL('./fixtures/model.safetensors', import.meta.url)));

/** The GIN cases' nn: Linear(in, hidden), ReLU, Linear(hidden, out), sized from the state. */
function ginMlp(state: Record<string, TensorSpec>): Module {
  const [hidden, cin] = state['nn.0.weight'].shape;
  return new Sequential(new Linear(cin, hidden), new ReLU(), new Linear(hidden, state['nn.2.weight'].shape[0]));
}

function build(c: LayerCase): Module {
  switch (c.layer) {
    case 'GCNConv':
      return new GCNConv(c.args[0], c.args[1], c.options);
    case 'SAGEConv':
      return new SAGEConv(c.args[0], c.args[1], c.options);
    case 'GATConv':
      return new GATConv(c.args[0], c.args[1], c.options);
    case 'GINConv':
      return new GINConv(ginMlp(c.state), c.options);
  }
}

function loadState(m: Module, specs: Record<string, TensorSpec>): void {
  const sd = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, decodeTensor(s)]));
  m.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
}

async function expectNamed(label: string, actual: Tensor | null, expected: TensorSpec): Promise<void> {
  await expectNamedClose(label, actual, expected, ATOL, RTOL);
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('gnn layers match PyG (PyTorch fixtures)', () => {
  it('covers every layer with and without self-loops, edge weights, heads concat and mean', () => {
    const names = fixture.cases.map((c) => c.name);
    for (const want of ['GCNConv edge weights', 'GCNConv no self-loops', 'GATConv 3 heads concat', 'GATConv 3 heads mean', 'SAGEConv max', 'GINConv train eps']) {
      expect(names.some((n) => n.startsWith(want))).toBe(true);
    }
  });

  for (const c of fixture.cases) {
    it(c.name, async () => {
      const layer = build(c);
      loadState(layer, c.state);
      const x = decodeTensor(c.x);
      x.requiresGrad = true;
      const edgeIndex = decodeTensor(c.edgeIndex);
      const edgeWeight = c.edgeWeight ? decodeTensor(c.edgeWeight) : null;
      if (edgeWeight) edgeWeight.requiresGrad = true;
      const upstream = decodeTensor(c.upstream);
      const out = tidy(() => (edgeWeight ? (layer as GCNConv).forward(x, edgeIndex, edgeWeight) : (layer as GCNConv).forward(x, edgeIndex)));
      await expectNamed('output', out, c.output);
      const loss = tidy(() => sum(mul(out, upstream)));
      backward(loss);
      await expectNamed('grad x', x.grad, c.grads.x);
      if (edgeWeight) await expectNamed('grad edgeWeight', edgeWeight.grad, c.grads.edgeWeight);
      const params = Object.fromEntries(layer.namedParameters());
      const expectedParams = Object.keys(c.grads).filter((k) => k !== 'x' && k !== 'edgeWeight');
      expect(Object.keys(params).sort()).toEqual(expectedParams.sort());
      for (const k of expectedParams) await expectNamed(`grad ${k}`, params[k].grad, c.grads[k]);
      for (const t of [x, edgeIndex, edgeWeight, upstream, out, loss]) t?.dispose();
      layer.dispose();
    });
  }

  const pools = { globalAddPool, globalMeanPool, globalMaxPool };
  for (const c of fixture.pools) {
    it(c.name, async () => {
      const x = decodeTensor(c.x);
      x.requiresGrad = true;
      const batch = decodeTensor(c.batch);
      const upstream = decodeTensor(c.upstream);
      const out = pools[c.name](x, batch, c.output.shape[0]);
      await expectNamed('output', out, c.output);
      const loss = tidy(() => sum(mul(out, upstream)));
      backward(loss);
      await expectNamed('grad x', x.grad, c.grads.x);
      for (const t of [x, batch, upstream, out, loss]) t.dispose();
    });
  }

  it('loads a PyG state_dict from safetensors unchanged and gives PyTorch\'s output', async () => {
    class Net extends Module {
      readonly conv1 = this.registerModule('conv1', new GCNConv(4, 8));
      readonly conv2 = this.registerModule('conv2', new GATConv(8, 4, { heads: 2 }));
      readonly conv3 = this.registerModule('conv3', new SAGEConv(8, 6));
      readonly conv4 = this.registerModule('conv4', new GINConv(new Sequential(new Linear(6, 5), new ReLU(), new Linear(5, 3)), { eps: 0.1 }));
      forward(x: Tensor, edgeIndex: Tensor): Tensor {
        const h1 = this.conv1.forward(x, edgeIndex).relu();
        const h2 = this.conv2.forward(h1, edgeIndex).relu();
        const h3 = this.conv3.forward(h2, edgeIndex).relu();
        return this.conv4.forward(h3, edgeIndex);
      }
    }
    const net = new Net();
    const weights = loadSafetensors(modelBytes);
    expect(Object.keys(weights).sort()).toEqual([...fixture.model.keys].sort());
    expect(Object.keys(net.stateDict()).sort()).toEqual([...fixture.model.keys].sort());
    net.loadStateDict(weights);
    for (const t of Object.values(weights)) t.dispose();
    const x = decodeTensor(fixture.model.x);
    const edgeIndex = decodeTensor(fixture.model.edgeIndex);
    const out = noGrad(() => net.call(x, edgeIndex));
    await expectNamed('model output', out, fixture.model.output);
    for (const t of [x, edgeIndex, out]) t.dispose();
    net.dispose();
  });
});
