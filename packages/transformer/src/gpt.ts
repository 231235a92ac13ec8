// GPT: a decoder-only language model (token and learned or rotary positions, pre-norm blocks,
// causal fused attention, a final layer norm, output tied to the token embedding), with
// GPT-2's module names, and incremental decoding through a KVCache.
import { arange, matmul, reshape, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { Dropout, Embedding, LayerNorm, Linear, Module, ModuleList, init } from '@tessera/layers';
import { check, fmt } from './args.js';
import { GPTBlock } from './gpt-block.js';
import { resolveGPTConfig, type GPTConfig, type ResolvedGPTConfig } from './gpt-config.js';
import { KVCache, type KeyValueStore } from './kv-cache.js';
import { generateTokens, type GenerateOptions } from './generate.js';
import type { DecodedSequence } from '@tessera/layers';

/** Options of GPT.forward. */
export interface GPTForwardOptions {
  /**
   * Keys and values of the tokens before these (from earlier calls); the new ones are
   * appended. With a cache the forward runs without recording gradients (it is for inference).
   */
  cache?: KVCache | null;
}

/** The trunk: `wte`, `wpe` (learned positions), `drop`, `h.0`..., `ln_f`, under `transformer.` as GPT-2. */
class Trunk extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding | null;
  readonly drop: Dropout;
  readonly h: GPTBlock[];
  readonly lnF: LayerNorm;

  constructor(c: ResolvedGPTConfig) {
    super();
    this.wte = this.registerModule('wte', new Embedding(c.vocabSize, c.dModel));
    this.wpe = this.registerModule('wpe', c.positions === 'learned' ? new Embedding(c.contextLength, c.dModel) : null);
    this.drop = this.registerModule('drop', new Dropout(c.dropout));
    this.h = Array.from({ length: c.nLayer }, () => new GPTBlock(c));
    this.registerModule('h', new ModuleList(this.h));
    this.lnF = this.registerModule('ln_f', new LayerNorm(c.dModel, { eps: c.layerNormEps }));
  }

  forward(): never {
    throw new Error('GPT: the trunk runs through GPT.forward');
  }
}

/**
 * A GPT-style language model. Parameter keys are GPT-2's (`transformer.wte.weight`,
 * `transformer.h.0.attn.c_attn.weight`, ..., `transformer.ln_f.bias`; `lm_head.weight` only
 * when the weights are not tied), in nn.Linear's `[out, in]` layout (`fromGpt2` converts
 * Hugging Face's Conv1D layout). Weights start as GPT-2's: N(0, 0.02), residual projections
 * N(0, 0.02/√(2·nLayer)), zero biases.
 * @example
 * const gpt = new GPT({ vocabSize: 65, contextLength: 256, dModel: 128, nLayer: 4, nHead: 4 });
 * const logits = gpt.call(tokens); // tokens: int32 [B, T] → [B, T, 65]
 * const loss = crossEntropy(reshape(logits, [-1, 65]), reshape(targets, [-1]));
 */
export class GPT extends Module {
  /** The configuration with its defaults filled in. */
  readonly config: ResolvedGPTConfig;
  readonly #trunk: Trunk;
  readonly #lmHead: Linear | null;

  constructor(config: GPTConfig) {
    super();
    this.config = resolveGPTConfig(config);
    const c = this.config;
    this.#trunk = this.registerModule('transformer', new Trunk(c));
    this.#lmHead = this.registerModule('lm_head', c.tieWeights ? null : new Linear(c.dModel, c.vocabSize, { bias: false }));
    noGrad(() => {
      for (const [name, p] of this.namedParameters()) {
        if (name.endsWith('.bias')) init.zeros(p);
        else if (p.ndim === 2) init.normal(p, 0, name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * c.nLayer) : 0.02);
      }
    });
  }

  /**
   * An empty key/value cache for this model.
   * @example const cache = gpt.createCache();
   */
  createCache(): KVCache {
    return new KVCache(this.config.nLayer);
  }

  /**
   * Generates up to `maxNewTokens` tokens after `prompt` (token ids) through the layers
   * decoding module, on a key/value cache: sampling with `temperature` (0: greedy), `topK`,
   * `topP` and `seed`, or beam search with `beams` > 1 (and `lengthPenalty`). Returns the new
   * tokens (not the prompt), their log-probability, and whether `endToken` ended them. Call
   * `gpt.eval()` first to turn dropout off. Prompt plus new tokens must fit the context.
   * @example
   * gpt.eval();
   * const { tokens } = await gpt.generate([12, 5, 40], { maxNewTokens: 50, temperature: 0.8, topK: 20, seed: 1 });
   */
  generate(prompt: readonly number[], options: GenerateOptions): Promise<DecodedSequence> {
    return generateTokens('GPT.generate', (ids, store) => this.logits(ids, store), this.config.contextLength, prompt, options);
  }

  /**
   * tokens: int32 `[B, T]` (or `[T]`) → logits `[B, T, vocabSize]` (`[T, vocabSize]`). With a
   * cache, the tokens continue the cached ones: positions start at `cache.length`.
   */
  forward(tokens: Tensor, options: GPTForwardOptions = {}): Tensor {
    const { cache = null } = options;
    check(cache === null || cache.numLayers === this.config.nLayer, 'GPT', () => `the cache has ${cache?.numLayers} layers, the model ${this.config.nLayer}`);
    const run = () => this.logits(tokens, cache);
    return cache ? noGrad(run) : run();
  }

  /** The logits of `tokens` after the positions `cache` holds (tokens checked here). */
  protected logits(tokens: Tensor, cache: KeyValueStore | null): Tensor {
    const c = this.config;
    const where = 'GPT';
    check(tokens.dtype === 'int32' && (tokens.ndim === 1 || tokens.ndim === 2), where, () =>
      `tokens must be int32 [B, T] or [T], got ${tokens.dtype} of shape ${fmt(tokens.shape)}`);
    const ids = tokens.ndim === 1 ? reshape(tokens, [1, tokens.shape[0]]) : tokens;
    const [B, T] = ids.shape;
    const offset = cache?.length ?? 0;
    check(offset + T <= c.contextLength, where, () => offset > 0
      ? `${T} new tokens after ${offset} cached exceed the context length ${c.contextLength}`
      : `a sequence of ${T} tokens exceeds the context length ${c.contextLength}`);
    check(!cache || cache.batchSize === null || cache.batchSize === B, where, () => `the cache holds ${cache?.batchSize} sequences, the tokens ${B}`);
    const trunk = this.#trunk;
    let x = trunk.wte.forward(ids);
    if (trunk.wpe) x = x.add(trunk.wpe.forward(arange(offset, offset + T, 1, { dtype: 'int32' })));
    x = trunk.drop.forward(x);
    for (const [layer, block] of trunk.h.entries()) x = block.forward(x, { cache, layer, offset });
    x = trunk.lnF.forward(x);
    const logits = this.#lmHead ? this.#lmHead.forward(x) : matmul(x, trunk.wte.weight.transpose(0, 1));
    return tokens.ndim === 1 ? reshape(logits, [T, c.vocabSize]) : logits;
  }
}
