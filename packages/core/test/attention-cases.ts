// The cases of fixtures/attention.json (written by fixtures/generate_attention.py), decoded
// for the forward suite here and the gradient suite in @tessera/autograd.
import { readFileSync } from 'node:fs';
import { decodeTensor, type TensorSpec } from '../../../tooling/parity';
import type { ScaledDotProductAttentionOptions, Tensor } from '../src/index';

/** One PyTorch case: inputs, options, the output, an upstream gradient and the gradients it gives. */
export interface AttentionCase {
  name: string;
  query: TensorSpec;
  key: TensorSpec;
  value: TensorSpec;
  options: { attnMask?: TensorSpec; isCausal?: boolean; scale?: number };
  output: TensorSpec;
  upstream: TensorSpec;
  grads: { query: TensorSpec; key: TensorSpec; value: TensorSpec; attnMask?: TensorSpec };
}

export const attentionCases: AttentionCase[] = JSON.parse(readFileSync(new URL('./fixtures/attention.json', import.meta.url), 'utf8')).cases;

/** A case's tensors on the active backend, and its options with the mask decoded. */
export function decodeAttentionCase(c: AttentionCase): { query: Tensor; key: Tensor; value: Tensor; options: ScaledDotProductAttentionOptions; created: Tensor[] } {
  const query = decodeTensor(c.query);
  const key = decodeTensor(c.key);
  const value = decodeTensor(c.value);
  const attnMask = c.options.attnMask ? decodeTensor(c.options.attnMask) : undefined;
  const created = [query, key, value, ...(attnMask ? [attnMask] : [])];
  return { query, key, value, options: { ...c.options, attnMask }, created };
}
