// TransformerEncoderLayer: torch.nn.TransformerEncoderLayer (self-attention and feed-forward,
// post-norm or pre-norm) with its parameter keys, defaults and masks, on attention's
// MultiheadAttention (the fused attention kernel: the layer never asks for the weights).
import type { Tensor } from '@tessera/core';
import { Module, type Dropout, type LayerNorm } from '@tessera/layers';
import { MultiheadAttention } from '@tessera/attention';
import { checkSequence, sequenceDims } from './args.js';
import { checkMasks } from './masks.js';
import { registerDropouts, registerFeedForward, registerNorms, residual, resolveLayerOptions, type ResolvedLayerOptions, type TransformerLayerOptions } from './layer-options.js';

/** Options of TransformerEncoderLayer.forward. */
export interface TransformerEncoderLayerForwardOptions {
  /** `[L, L]` or `[N·nhead, L, L]`: bool true = may NOT attend; float = added to the scores. */
  srcMask?: Tensor | null;
  /** `[N, L]` (`[L]` unbatched): bool true = padding, ignored as a key; float = added. */
  srcKeyPaddingMask?: Tensor | null;
  /** Attend causally (position i sees 0..i). With a srcMask it is only a hint (srcMask is used, as PyTorch). Default false. */
  isCausal?: boolean;
}

/**
 * `torch.nn.TransformerEncoderLayer`: `self_attn` (MultiheadAttention), `linear1`, `linear2`,
 * `norm1`, `norm2`; post-norm `x = norm1(x + sa(x)); x = norm2(x + ff(x))` or, with
 * normFirst, `x = x + sa(norm1(x)); x = x + ff(norm2(x))`. A PyTorch state_dict loads unchanged.
 * @example
 * const layer = new TransformerEncoderLayer(64, 4, { dimFeedforward: 256, batchFirst: true });
 * const y = layer.call(x, { srcKeyPaddingMask: padding }); // x: [N, L, 64], padding: [N, L] bool
 */
export class TransformerEncoderLayer extends Module {
  /** The options with PyTorch's defaults filled in. */
  readonly options: ResolvedLayerOptions;
  /** The self-attention, `self_attn`. */
  readonly selfAttn: MultiheadAttention;
  readonly #feedForward: (x: Tensor) => Tensor;
  readonly #norms: LayerNorm[];
  readonly #dropouts: Dropout[];

  constructor(readonly dModel: number, readonly nhead: number, options: TransformerLayerOptions = {}) {
    super();
    this.options = resolveLayerOptions('TransformerEncoderLayer', dModel, nhead, options);
    const o = this.options;
    this.selfAttn = this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, bias: o.bias }));
    this.#feedForward = registerFeedForward(this, dModel, o);
    this.#norms = registerNorms(this, dModel, o, 2);
    this.#dropouts = registerDropouts(this, o, 2);
  }

  /** src `[L, N, E]` (`[N, L, E]` with batchFirst, `[L, E]` unbatched) → the same shape. */
  forward(src: Tensor, options: TransformerEncoderLayerForwardOptions = {}): Tensor {
    const { srcMask = null, srcKeyPaddingMask = null, isCausal = false } = options;
    const where = 'TransformerEncoderLayer';
    checkSequence(where, 'src', src, this.dModel, this.options.batchFirst);
    const [N, L] = sequenceDims(src, this.options.batchFirst);
    checkMasks(where, { mask: srcMask, padding: srcKeyPaddingMask, names: ['srcMask', 'srcKeyPaddingMask'] }, N, L, L, this.nhead);
    const [norm1, norm2] = this.#norms;
    const [dropout1, dropout2] = this.#dropouts;
    const selfAttention = (h: Tensor) => dropout1.forward(this.selfAttn.forward(h, h, h, {
      attnMask: srcMask, keyPaddingMask: srcKeyPaddingMask, needWeights: false, isCausal: isCausal && !srcMask,
    })[0]);
    const x = residual(src, norm1, this.options.normFirst, selfAttention);
    return residual(x, norm2, this.options.normFirst, (h) => dropout2.forward(this.#feedForward(h)));
  }

  /**
   * A new layer with the same options and a copy of this one's parameters (PyTorch's deepcopy,
   * which TransformerEncoder uses to stack layers).
   * @example const twin = layer.clone();
   */
  clone(): TransformerEncoderLayer {
    const copy = new TransformerEncoderLayer(this.dModel, this.nhead, this.options);
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }
}
