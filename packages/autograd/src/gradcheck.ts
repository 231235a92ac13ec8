// gradcheck: compares autograd's gradients with central finite differences, as
// torch.autograd.gradcheck does. Tessera computes in float32, so the check projects the
// output on fixed random weights (one backward pass instead of one per output element) and
// takes differences of the outputs on the host in float64, which keeps rounding small.
import { mul, reshape, sum, tensor, tidy, Tensor } from '@tessera/core';
import { fmt } from './format.js';
import { grad } from './functional.js';
import { withGradMode } from './mode.js';

/** Options of gradcheck. */
export interface GradcheckOptions {
  /** Half the finite-difference step. Default 1e-3. */
  eps?: number;
  /** Absolute tolerance. Default 1e-3. */
  atol?: number;
  /** Relative tolerance (to the finite difference). Default 1e-2. */
  rtol?: number;
  /** Throw an Error describing the worst mismatch (true, the default) or resolve to false. */
  raiseException?: boolean;
}

/** Fixed weights in [-1, 1] from a small linear congruential generator. */
function projection(size: number): Float32Array {
  const out = new Float32Array(size);
  let state = 12345;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = (state / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Runs `f` unrecorded with `values` in place of argument `position` and reads the output. */
async function outputWith(f: (...args: unknown[]) => Tensor, args: readonly unknown[], position: number, values: Float32Array): Promise<Float32Array> {
  const out = tidy(() =>
    withGradMode(false, () => {
      const shape = (args[position] as Tensor).shape;
      const replaced = [...args];
      replaced[position] = reshape(tensor(values, { dtype: 'float32' }), shape);
      // A copy, so that disposing it never touches an argument f returned as it is.
      return mul(f(...replaced), 1);
    }, 'gradcheck'),
  );
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/**
 * Checks the gradients of `f` with respect to each float32 tensor in `inputs` against
 * central finite differences `(f(x + eps) - f(x - eps)) / 2eps` of `Σ w·f(x)` for fixed
 * random weights `w`. Keep inputs at least `eps` away from kinks (relu at 0, ties of max).
 * Resolves to true, or throws (or resolves to false) naming the worst element.
 * @example await gradcheck((x: Tensor) => x.tanh(), [randn([3, 4])]);
 */
export async function gradcheck(f: (...args: never[]) => Tensor, inputs: readonly unknown[], options: GradcheckOptions = {}): Promise<boolean> {
  const { eps = 1e-3, atol = 1e-3, rtol = 1e-2, raiseException = true } = options;
  const fn = f as unknown as (...args: unknown[]) => Tensor;
  const positions = inputs.flatMap((x, i) => (x instanceof Tensor && x.dtype === 'float32' ? [i] : []));
  if (positions.length === 0) throw new Error('gradcheck: none of the inputs is a float32 tensor');
  const probe = tidy(() => withGradMode(false, () => mul(fn(...inputs), 1), 'gradcheck'));
  const outShape = probe.shape;
  probe.dispose();
  const weights = projection(outShape.reduce((n, s) => n * s, 1));
  const w = tidy(() => reshape(tensor(weights, { dtype: 'float32' }), outShape));
  const analytic = grad((...args: unknown[]) => sum(mul(fn(...args), w)), positions)(...inputs);
  const failures: string[] = [];
  try {
    for (const [k, position] of positions.entries()) {
      const computed = (await analytic[k].data()) as Float32Array;
      const values = (await (inputs[position] as Tensor).data()) as Float32Array;
      for (let j = 0; j < values.length; j++) {
        const original = values[j];
        values[j] = Math.fround(original + eps);
        const plus = values[j];
        const above = await outputWith(fn, inputs, position, values);
        values[j] = Math.fround(original - eps);
        const minus = values[j];
        const below = await outputWith(fn, inputs, position, values);
        values[j] = original;
        let difference = 0;
        for (let i = 0; i < weights.length; i++) difference += weights[i] * (above[i] - below[i]);
        const numeric = difference / (plus - minus);
        const error = Math.abs(computed[j] - numeric);
        if (!(error <= atol + rtol * Math.abs(numeric))) {
          failures.push(`input ${position} ${fmt((inputs[position] as Tensor).shape)}, element ${j}: analytic ${computed[j]}, numeric ${numeric}`);
        }
      }
    }
  } finally {
    w.dispose();
    for (const g of analytic) g.dispose();
  }
  if (failures.length === 0) return true;
  if (!raiseException) return false;
  throw new Error(`gradcheck: gradients differ from finite differences (eps ${eps}, atol ${atol}, rtol ${rtol}) at ${failures.length} element(s): ${failures.slice(0, 5).join('; ')}`);
}
