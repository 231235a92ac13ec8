// Property tests: broadcasting and shape ops agree with naive reference implementations
// written here index by index, over random shapes and values.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import * as T from './setup';
import { describeEachBackend } from '../../../tooling/parity';

/** Row-major strides. */
function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** The multi-index of flat position `i`. */
function unravel(i: number, shape: number[]): number[] {
  return strides(shape).map((s, d) => Math.floor(i / s) % shape[d]);
}
const ravel = (idx: number[], shape: number[]) => idx.reduce((acc, v, d) => acc + v * strides(shape)[d], 0);

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });
const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + n) * 10));

/** Two shapes that broadcast: dims of `b` are either equal to `a`'s, 1, or missing. */
const broadcastPair = shapeArb.chain((a) =>
  fc.tuple(fc.constant(a), fc.tuple(fc.integer({ min: 0, max: a.length }), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.boolean())).map(
    ([shapeA, [drop, ones, swap]]) => {
      const b = shapeA.slice(drop).map((d, i) => (ones[i] ? 1 : d));
      return swap ? ([b, shapeA] as const) : ([shapeA, b] as const);
    },
  ),
);

/** Checks a result's shape and values against the naive reference, then frees it. */
async function expectTensorThenDispose(out: T.Tensor, shape: number[], values: number[]): Promise<void> {
  try {
    expect(out.shape).toEqual(shape);
    expect(Array.from(await out.data())).toEqual(values);
  } finally {
    out.dispose();
  }
}

describeEachBackend('properties', () => {
  it('broadcast add and mul match a naive reference', async () => {
    await fc.assert(
      fc.asyncProperty(broadcastPair, async ([sa, sb]) => {
        const [a, b] = [[...sa], [...sb]];
        const out = Array.from({ length: Math.max(a.length, b.length) }, (_, i) => {
          const da = a[a.length - Math.max(a.length, b.length) + i] ?? 1;
          const db = b[b.length - Math.max(a.length, b.length) + i] ?? 1;
          return Math.max(da, db);
        });
        const va = values(size(a));
        const vb = values(size(b)).map((v) => v + 1);
        const expected = Array.from({ length: size(out) }, (_, i) => {
          const idx = unravel(i, out);
          const pick = (shape: number[], v: Float32Array) =>
            v[ravel(idx.slice(idx.length - shape.length).map((x, d) => (shape[d] === 1 ? 0 : x)), shape)];
          return [Math.fround(pick(a, va) + pick(b, vb)), Math.fround(pick(a, va) * pick(b, vb))];
        });
        const [sum, product] = T.tidy(() => {
          const ta = T.tensor(va).reshape(a);
          const tb = T.tensor(vb).reshape(b);
          return [T.add(ta, tb), T.mul(ta, tb)];
        });
        try {
          expect(sum.shape).toEqual(out);
          expect(Array.from(await sum.data())).toEqual(expected.map((e) => e[0]));
          expect(Array.from(await product.data())).toEqual(expected.map((e) => e[1]));
        } finally {
          sum.dispose();
          product.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('permute matches index reordering', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))), async ([shape, order]) => {
        const v = values(size(shape));
        const outShape = order.map((d) => shape[d]);
        const expected = Array.from({ length: size(outShape) }, (_, i) => {
          const idx = unravel(i, outShape);
          const src = new Array<number>(shape.length);
          order.forEach((d, k) => (src[d] = idx[k]));
          return v[ravel(src, shape)];
        });
        const out = T.tidy(() => T.permute(T.tensor(v).reshape(shape), order));
        await expectTensorThenDispose(out, outShape, expected);
      }),
      { numRuns: 60 },
    );
  });

  it('slice with a step and flip match index arithmetic', async () => {
    const arb = shapeArb.filter((s) => s.length > 0).chain((s) =>
      fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 3 })),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([shape, dim, start, end, step]) => {
        const v = values(size(shape));
        const n = shape[dim];
        const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
        const picked: number[] = [];
        for (let i = clampIndex(start); i < clampIndex(end); i += step) picked.push(i);
        const outShape = shape.map((s, d) => (d === dim ? picked.length : s));
        const expected = Array.from({ length: size(outShape) }, (_, i) => {
          const idx = unravel(i, outShape);
          idx[dim] = picked[idx[dim]];
          return v[ravel(idx, shape)];
        });
        const flipped = Array.from({ length: size(shape) }, (_, i) => {
          const idx = unravel(i, shape);
          idx[dim] = n - 1 - idx[dim];
          return v[ravel(idx, shape)];
        });
        const [out, flip] = T.tidy(() => {
          const x = T.tensor(v).reshape(shape);
          return [T.slice(x, dim, start, end, step), T.flip(x, [dim])];
        });
        try {
          expect(out.shape).toEqual(outShape);
          expect(Array.from(await out.data())).toEqual(expected);
          expect(Array.from(await flip.data())).toEqual(flipped);
        } finally {
          out.dispose();
          flip.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('cat then split gives the pieces back; reshape round-trips', async () => {
    const arb = shapeArb.filter((s) => s.length > 0).chain((s) =>
      fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 })),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([shape, dim, sizes]) => {
        const { pieces, joined, back, roundTrip } = T.tidy(() => {
          const pieces = sizes.map((s, k) => {
            const pieceShape = shape.map((d, i) => (i === dim ? s : d));
            return T.tensor(values(size(pieceShape)).map((x) => x + k)).reshape(pieceShape);
          });
          const joined = T.cat(pieces, dim);
          const back = T.split(joined, sizes, dim);
          const flat = joined.reshape([-1]);
          return { pieces, joined, back, roundTrip: flat.reshape(joined.shape) };
        });
        try {
          expect(joined.shape[dim]).toBe(sizes.reduce((a, b) => a + b, 0));
          for (let k = 0; k < back.length; k++) {
            expect(back[k].shape).toEqual(pieces[k].shape);
            expect(Array.from(await back[k].data())).toEqual(Array.from(await pieces[k].data()));
          }
          expect(Array.from(await roundTrip.data())).toEqual(Array.from(await joined.data()));
        } finally {
          [...pieces, joined, ...back, roundTrip].forEach((t) => t.dispose());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('expand and repeat match index arithmetic', async () => {
    const arb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: s.length, maxLength: s.length + 1 })));
    await fc.assert(
      fc.asyncProperty(arb, async ([shape, reps]) => {
        const v = values(size(shape));
        const own = [...new Array(reps.length - shape.length).fill(1), ...shape];
        const outShape = own.map((d, i) => d * reps[i]);
        const expected = Array.from({ length: size(outShape) }, (_, i) => {
          const idx = unravel(i, outShape).map((x, d) => x % own[d]);
          return v[ravel(idx.slice(reps.length - shape.length), shape)];
        });
        const out = T.tidy(() => T.repeat(T.tensor(v).reshape(shape), reps));
        await expectTensorThenDispose(out, outShape, expected);
      }),
      { numRuns: 60 },
    );
  });
});
