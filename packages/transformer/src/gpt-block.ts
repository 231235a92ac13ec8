// One pre-norm GPT block, with GPT-2's module names (`ln_1`, `attn.c_attn`, `attn.c_proj`,
// `ln_2`, `mlp.c_fc`, `mlp.c_proj`) in nn.Linear's layout: causal self-attention on the fused
// kernel that appends its keys and values to a KVCache when given one.
import { arange, cat, gelu, le, relu, reshape, type Tensor } from '@tessera/core';
import { Dropout, LayerNorm, Linear, Module } from '@tessera/layers';
import { applyRotaryEmbedding, scaledDotProductAttention } from '@tessera/attention';
import type { ResolvedGPTConfig } from './gpt-config.js';
import type { KeyValueStore } from './kv-cache.js';

/** Where a block's attention reads and writes its cache, and where the new tokens start. */
export interface BlockState {
  cache: KeyValueStore | null;
  layer: number;
  offset: number;
}

/** `[T, S]` bool, true where query i (at position offset + i) may attend key j: j ≤ offset + i. */
function mayAttend(T: number, S: number, offset: number): Tensor {
  return le(reshape(arange(S), [1, S]), reshape(arange(offset, offset + T), [T, 1]));
}

/** Causal multi-head self-attention: `c_attn` (q, k, v stacked, `[3E, E]`) and `c_proj`. */
class CausalSelfAttention extends Module {
  readonly cAttn: Linear;
  readonly cProj: Linear;
  readonly #residDropout: Dropout;

  constructor(readonly config: ResolvedGPTConfig) {
    super();
    this.cAttn = this.registerModule('c_attn', new Linear(config.dModel, 3 * config.dModel));
    this.cProj = this.registerModule('c_proj', new Linear(config.dModel, config.dModel));
    this.#residDropout = this.registerModule('resid_dropout', new Dropout(config.dropout));
  }

  /** x `[B, T, E]` → `[B, T, E]`; keys and values of positions before `offset` come from the cache. */
  forward(x: Tensor, state: BlockState): Tensor {
    const [B, T, E] = x.shape;
    const { nHead, positions, rotaryBase, dropout } = this.config;
    const heads = (t: Tensor) => reshape(t, [B, T, nHead, E / nHead]).transpose(1, 2);
    let [q, k, v] = this.cAttn.forward(x).chunk(3, -1).map(heads);
    if (positions === 'rotary') {
      [q, k] = applyRotaryEmbedding(q, k, Array.from({ length: T }, (_, i) => state.offset + i), { base: rotaryBase });
    }
    const past = state.cache?.get(state.layer) ?? null;
    if (past) [k, v] = [cat([past[0], k], 2), cat([past[1], v], 2)];
    state.cache?.set(state.layer, k, v);
    // Without cached positions the top-left causal mask is right; with them, T new queries
    // see every cached key (one query needs no mask at all).
    const S = k.shape[2];
    const attnMask = past && T > 1 ? mayAttend(T, S, state.offset) : null;
    const out = scaledDotProductAttention(q, k, v, { isCausal: !past, attnMask, dropoutP: this.training ? dropout : 0 });
    return this.#residDropout.forward(this.cProj.forward(reshape(out.transpose(1, 2), [B, T, E])));
  }
}

/** The MLP: `c_fc` → activation → `c_proj` → dropout. */
class Mlp extends Module {
  readonly cFc: Linear;
  readonly cProj: Linear;
  readonly #dropout: Dropout;

  constructor(readonly config: ResolvedGPTConfig) {
    super();
    this.cFc = this.registerModule('c_fc', new Linear(config.dModel, config.dimFeedforward));
    this.cProj = this.registerModule('c_proj', new Linear(config.dimFeedforward, config.dModel));
    this.#dropout = this.registerModule('dropout', new Dropout(config.dropout));
  }

  /** `[..., E]` → `[..., E]`. */
  forward(x: Tensor): Tensor {
    const h = this.cFc.forward(x);
    const { activation } = this.config;
    const a = activation === 'relu' ? relu(h) : gelu(h, { approximate: activation === 'geluTanh' ? 'tanh' : 'none' });
    return this.#dropout.forward(this.cProj.forward(a));
  }
}

/** A pre-norm block: `x + attn(ln_1(x))`, then `x + mlp(ln_2(x))`. */
export class GPTBlock extends Module {
  readonly ln1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln2: LayerNorm;
  readonly mlp: Mlp;

  constructor(config: ResolvedGPTConfig) {
    super();
    const norm = () => new LayerNorm(config.dModel, { eps: config.layerNormEps });
    this.ln1 = this.registerModule('ln_1', norm());
    this.attn = this.registerModule('attn', new CausalSelfAttention(config));
    this.ln2 = this.registerModule('ln_2', norm());
    this.mlp = this.registerModule('mlp', new Mlp(config));
  }

  /** x `[B, T, E]` → `[B, T, E]`. */
  forward(x: Tensor, state: BlockState): Tensor {
    const h = x.add(this.attn.forward(this.ln1.forward(x), state));
    return h.add(this.mlp.forward(this.ln2.forward(h)));
  }
}
