// The cases of fixtures/recurrent_gates.json (written by fixtures/generate_recurrent_gates.py),
// decoded for the forward suite here and the gradient suite in @tessera/autograd.
import { readFileSync } from 'node:fs';
import { decodeTensor, type TensorSpec } from '../../../tooling/parity';
import type { Tensor } from '../src/index';

/** One PyTorch case: named inputs and outputs, upstream gradients of the outputs, and the inputs' gradients. */
export interface GateCase {
  name: string;
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
  upstream: Record<string, TensorSpec>;
  grads: Record<string, TensorSpec>;
}

const fixtures: { lstm: GateCase[]; gru: GateCase[] } = JSON.parse(readFileSync(new URL('./fixtures/recurrent_gates.json', import.meta.url), 'utf8'));

/** lstmGates cases: inputs gates, cPrev; outputs (and upstream) h, c. */
export const lstmCases = fixtures.lstm;
/** gruGates cases: inputs gi, gh, hPrev; output (and upstream) h. */
export const gruCases = fixtures.gru;

/** The named specs as tensors on the active backend, in the order given. */
export function decodeAll(specs: Record<string, TensorSpec>, names: readonly string[]): Tensor[] {
  return names.map((name) => decodeTensor(specs[name]));
}
