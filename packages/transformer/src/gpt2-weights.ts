// loadGpt2: a GPT from a Hugging Face GPT-2 checkpoint (its safetensors state_dict): the keys
// are GPT-2's with or without the `transformer.` prefix, the Conv1D weights (stored `[in, out]`)
// are transposed to nn.Linear's layout, the causal-mask buffers and the tied lm_head are skipped,
// and the sizes are read from the tensors' shapes.
import { transpose, type Tensor } from '@tessera/core';
import type { StateDict } from '@tessera/layers';
import { check, fmt } from './args.js';
import { GPT } from './gpt.js';

/** Options of loadGpt2: what the checkpoint's shapes do not tell. */
export interface LoadGpt2Options {
  /** Attention heads (GPT-2's `n_head`: 12 for gpt2). */
  nHead: number;
  /** GPT-2's `layer_norm_epsilon`. Default 1e-5. */
  layerNormEps?: number;
}

const CONV1D = /^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$/;
// Buffers of the attention (the causal mask, its fill value) and the output layer tied to wte.
const SKIPPED = /^(h\.\d+\.attn\.(bias|masked_bias)|lm_head\.weight)$/;

/**
 * Builds a GPT (learned positions, GPT-2's tanh GELU, tied output) from Hugging Face GPT-2
 * weights, e.g. `loadSafetensors(bytes)` of a `model.safetensors`. Throws, naming the keys,
 * when a tensor is missing, unexpected or of the wrong shape. The caller keeps `weights`
 * (dispose them after).
 * @example
 * const weights = loadSafetensors(readFileSync('gpt2/model.safetensors'));
 * const gpt = loadGpt2(weights, { nHead: 12 });
 * for (const t of Object.values(weights)) t.dispose();
 */
export function loadGpt2(weights: StateDict, options: LoadGpt2Options): GPT {
  const where = 'loadGpt2';
  const sd = new Map<string, Tensor>();
  for (const [key, t] of Object.entries(weights)) {
    const name = key.startsWith('transformer.') ? key.slice('transformer.'.length) : key;
    if (!SKIPPED.test(name)) sd.set(name, t);
  }
  const wte = sd.get('wte.weight');
  const wpe = sd.get('wpe.weight');
  const fc = sd.get('h.0.mlp.c_fc.weight');
  check(wte !== undefined && wpe !== undefined && fc !== undefined, where, () =>
    `expected GPT-2 keys wte.weight, wpe.weight and h.0.mlp.c_fc.weight, got ${[...sd.keys()].slice(0, 8).join(', ')}${sd.size > 8 ? ', ...' : ''}`);
  const nLayer = 1 + Math.max(...[...sd.keys()].map((k) => Number(/^h\.(\d+)\./.exec(k)?.[1] ?? -1)));
  for (const [key, t] of sd) {
    if (CONV1D.test(key)) check(t.ndim === 2, where, () => `${key} must be a 2-D Conv1D weight [in, out], got ${fmt(t.shape)}`);
  }
  const gpt = new GPT({
    vocabSize: wte.shape[0], dModel: wte.shape[1], contextLength: wpe.shape[0], nLayer, nHead: options.nHead,
    dimFeedforward: fc.shape[1], activation: 'geluTanh', layerNormEps: options.layerNormEps ?? 1e-5,
  });
  const transposed: Tensor[] = [];
  const mapped = new Map<string, Tensor>();
  for (const [key, t] of sd) {
    const value = CONV1D.test(key) ? transpose(t, 0, 1) : t;
    if (value !== t) transposed.push(value);
    mapped.set(`transformer.${key}`, value);
  }
  try {
    gpt.loadStateDict(mapped);
  } catch (error) {
    gpt.dispose();
    throw new Error(`${where}: ${(error as Error).message}`);
  } finally {
    for (const t of transposed) t.dispose();
  }
  return gpt;
}
