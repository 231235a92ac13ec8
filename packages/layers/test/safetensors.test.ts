// loadSafetensors and saveSafetensors on every backend: files written by PyTorch (see
// fixtures/generate_safetensors.py) load with PyTorch's values, and what Tessera saves loads
// back unchanged.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { memory, tensor, type Tensor } from '@tessera/core';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from '../src/io/index';
import { Linear, ReLU, Sequential } from '../src/nn/index';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';
import { safetensorsFile } from './safetensors-file';
import fixture from './fixtures/safetensors.json';

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const modelBytes = new Uint8Array(readFileSync(fixturePath('model.safetensors')));
const dtypeBytes = new Uint8Array(readFileSync(fixturePath('dtypes.safetensors')));

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

async function expectSame(actual: Tensor, expected: Tensor): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
}

describeEachBackend('safetensors', (backend) => {
  it("loads a PyTorch model's state_dict with its values and metadata", async () => {
    const weights = loadSafetensors(modelBytes);
    const expected = fixture.model.tensors as Record<string, TensorSpec>;
    expect(Object.keys(weights).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, spec] of Object.entries(expected)) {
      expect(weights[name].backend).toBe(backend);
      await expectClose(weights[name], spec, 0, 0);
    }
    expect(readSafetensorsHeader(modelBytes).metadata).toEqual(fixture.model.metadata);
    disposeAll(weights);
  });

  it("loads PyTorch's state_dict into the same Tessera model and reproduces its output", async () => {
    const model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    const weights = loadSafetensors(modelBytes);
    expect(model.loadStateDict(weights)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    disposeAll(weights);
    const x = decodeTensor(fixture.model.input as TensorSpec);
    const y = model.call(x);
    await expectClose(y, fixture.model.output as TensorSpec);
    // Saved again, the model's weights are PyTorch's, bit for bit.
    const saved = loadSafetensors(await saveSafetensors(model.stateDict()));
    for (const [name, spec] of Object.entries(fixture.model.tensors)) await expectClose(saved[name], spec as TensorSpec, 0, 0);
    disposeAll(saved);
    for (const t of [x, y]) t.dispose();
    model.dispose();
  });

  it('reads every dtype as PyTorch converts it', async () => {
    const tensors = loadSafetensors(dtypeBytes.buffer.slice(dtypeBytes.byteOffset, dtypeBytes.byteOffset + dtypeBytes.byteLength));
    const header = readSafetensorsHeader(dtypeBytes);
    for (const [name, spec] of Object.entries(fixture.dtypes)) {
      expect(header.tensors.find((info) => info.name === name)?.dtype).toBe(spec.safetensors);
      // Subnormals may flush to zero on some backends: compare within a hair of zero.
      await expectClose(tensors[name], spec as TensorSpec, 1e-30, 0);
    }
    disposeAll(tensors);
  });

  it('reads a file that is a view at an odd offset into a larger buffer', async () => {
    const larger = new Uint8Array(dtypeBytes.length + 5);
    larger.set(dtypeBytes, 3);
    const tensors = loadSafetensors(larger.subarray(3, 3 + dtypeBytes.length));
    await expectClose(tensors.f16, fixture.dtypes.f16 as TensorSpec);
    await expectClose(tensors.i64, fixture.dtypes.i64 as TensorSpec);
    disposeAll(tensors);
  });

  it('round-trips float32, int32 and bool tensors of any shape, with metadata', async () => {
    const originals: Record<string, Tensor> = {
      'layer.weight': tensor([[1.5, -2], [NaN, Infinity]]),
      'layer.bias': tensor([-0, 3e-38], { dtype: 'float32' }),
      steps: tensor([[7, -2147483648, 2147483647]]),
      mask: tensor([true, false, true]),
      scalar: tensor(4),
      empty: decodeTensor({ shape: [2, 0, 3], dtype: 'float32', data: [] }),
      '0': tensor([1]),
    };
    const bytes = await saveSafetensors(originals, { format: 'pt', note: 'ünïcode ✓' });
    const header = readSafetensorsHeader(bytes);
    expect(header.dataOffset % 8).toBe(0);
    expect(header.metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    expect(header.tensors.map((info) => `${info.name}:${info.dtype}`)).toEqual([
      'empty:F32', 'layer.bias:F32', 'layer.weight:F32', '0:I32', 'scalar:I32', 'steps:I32', 'mask:BOOL',
    ]);
    const loaded = loadSafetensors(bytes);
    for (const [name, t] of Object.entries(originals)) await expectSame(loaded[name], t);
    disposeAll(loaded);
    disposeAll(originals);
  });

  it('saves a Map and writes no metadata unless given', async () => {
    const x = tensor([1, 2, 3], { dtype: 'float32' });
    const bytes = await saveSafetensors(new Map([['x', x]]));
    const text = new TextDecoder().decode(bytes.subarray(8, readSafetensorsHeader(bytes).dataOffset));
    expect(text).toBe('{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}} '); // 55 bytes + 1 space
    const loaded = loadSafetensors(bytes);
    await expectSame(loaded.x, x);
    x.dispose();
    disposeAll(loaded);
  });

  it('leaves no tensor behind when loading fails part-way', () => {
    const before = memory().numTensors;
    const i64 = new Uint8Array(16);
    new DataView(i64.buffer).setBigInt64(8, 2n ** 31n, true);
    const file = safetensorsFile(
      { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'I64', shape: [2], data_offsets: [4, 20] } },
      new Uint8Array([...new Uint8Array(4), ...i64]),
    );
    expect(() => loadSafetensors(file)).toThrow(/tensor "b" \(I64\) holds 2147483648 at element 1, outside the int32 range/);
    expect(memory().numTensors).toBe(before);
  });

  it('keeps memory flat over repeated loads and saves', async () => {
    const weights = loadSafetensors(modelBytes);
    const before = memory().numTensors;
    for (let i = 0; i < 5; i++) disposeAll(loadSafetensors(await saveSafetensors(weights)));
    expect(memory().numTensors).toBe(before);
    disposeAll(weights);
  });
});
