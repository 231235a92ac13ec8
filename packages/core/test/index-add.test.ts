// The in-place row update indexAdd_ and firstOccurrence against PyTorch
// (fixtures/index-add.json, from generate_index_add.py) on every backend in
// TESSERA_BACKENDS: repeated indices accumulate, the target keeps its storage (no new
// tensor, no new bytes), tensors sharing its storage keep their values, pending webgpu
// expressions that read it see the old values, and a bad index changes nothing.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';
import { assertFlat, firstOccurrence, indexAdd_, memory, ones, tensor, tidy, zeros, type Tensor } from './setup';

interface IndexAddCase {
  name: string;
  x: TensorSpec;
  dim: number;
  index: TensorSpec;
  source: TensorSpec;
  alpha: number;
  out: TensorSpec;
}
interface FirstOccurrenceCase {
  name: string;
  index: TensorSpec;
  out: TensorSpec;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/index-add.json', import.meta.url), 'utf8')) as {
  indexAdd: IndexAddCase[];
  firstOccurrence: FirstOccurrenceCase[];
};

const rowIndex = (values: number[]) => tensor(values, { dtype: 'int32' });

describeEachBackend('indexAdd_ and firstOccurrence', (backend) => {
  for (const c of fixtures.indexAdd) {
    it(`indexAdd_ matches PyTorch's index_add_: ${c.name}`, async () => {
      const before = memory();
      const [x, index, source] = [decodeTensor(c.x), decodeTensor(c.index), decodeTensor(c.source)];
      const { storage, version } = x;
      const bytes = memory().numBytes;
      expect(indexAdd_(x, c.dim, index, source, { alpha: c.alpha })).toBe(x);
      await expectClose(x, c.out);
      expect(x.storage).toBe(storage);
      expect(x.version).toBe(version + 1);
      expect(memory().numBytes).toBe(bytes);
      for (const t of [x, index, source]) t.dispose();
      assertFlat(before, memory());
    });
  }

  for (const c of fixtures.firstOccurrence) {
    it(`firstOccurrence: ${c.name}`, async () => {
      const before = memory();
      const index = decodeTensor(c.index);
      const out = firstOccurrence(index);
      await expectClose(out, c.out);
      out.dispose();
      index.dispose();
      assertFlat(before, memory());
    });
  }

  it('is a Tensor method, and leaves tensors that shared the storage unchanged', async () => {
    const before = memory();
    const x = zeros([3, 2]);
    const view = x.reshape([6]);
    tidy(() => x.indexAdd_(0, rowIndex([1, 1]), ones([2, 2])));
    expect(await x.array()).toEqual([[0, 0], [2, 2], [0, 0]]);
    expect(Array.from(await view.data())).toEqual([0, 0, 0, 0, 0, 0]);
    view.dispose();
    x.dispose();
    assertFlat(before, memory());
  });

  it('runs after the pending expressions that read the target', async () => {
    const before = memory();
    const x = ones([4, 4]);
    const doubled = x.mul(2);
    tidy(() => indexAdd_(x, 0, rowIndex([0, 3]), ones([2, 4]), { alpha: 10 }));
    expect(Array.from(await doubled.data())).toEqual(new Array(16).fill(2));
    expect(Array.from(await x.data())).toEqual([...new Array(4).fill(11), ...new Array(8).fill(1), ...new Array(4).fill(11)]);
    doubled.dispose();
    x.dispose();
    assertFlat(before, memory());
  });

  it('writes nothing when an index is out of range', async () => {
    const before = memory();
    const x = ones([3, 2]);
    const index = rowIndex([0, 3]);
    const source = ones([2, 2]);
    const message = 'indexAdd_: index 3 is out of range for dim 0 with size 3';
    if (backend === 'webgpu') {
      indexAdd_(x, 0, index, source);
      await expect(x.data()).rejects.toThrow(message);
    } else {
      expect(() => indexAdd_(x, 0, index, source)).toThrow(message);
    }
    expect(await x.array()).toEqual([[1, 1], [1, 1], [1, 1]]);
    for (const t of [x, index, source]) t.dispose();
    assertFlat(before, memory());
  });

  it('names what is wrong with its arguments', () => {
    const before = memory();
    const created: Tensor[] = [];
    const make = <T extends Tensor>(t: T): T => (created.push(t), t);
    const x = make(zeros([4, 3]));
    const index = make(rowIndex([0, 2]));
    expect(() => indexAdd_(x, 0, index, make(ones([2, 2])))).toThrow('indexAdd_: source [2,2] must be [2,3]: the input [4,3] with the index\'s length 2 along dim 0');
    expect(() => indexAdd_(x, 0, make(tensor([0, 1], { dtype: 'float32' })), make(ones([2, 3])))).toThrow('indexAdd_: index must be an int32 tensor, got float32 (shape [2])');
    expect(() => indexAdd_(x, 0, make(index.reshape([2, 1])), make(ones([2, 3])))).toThrow('indexAdd_: index must be 1-D, got shape [2,1]');
    expect(() => indexAdd_(x, 2, index, make(ones([2, 3])))).toThrow('indexAdd_');
    expect(() => indexAdd_(make(zeros([4], { dtype: 'int32' })), 0, index, make(zeros([2], { dtype: 'int32' })))).toThrow('indexAdd_: expected a float32 input, got int32 [4]');
    expect(() => firstOccurrence(make(index.reshape([1, 2])))).toThrow('firstOccurrence: index must be 1-D, got shape [1,2]');
    tidy(() => created.forEach((t) => t.dispose()));
    assertFlat(before, memory());
  });
});
