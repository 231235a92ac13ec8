// TransformerEncoder and TransformerDecoder: torch.nn's stacks of N copies of a layer
// (`layers.0.`, `layers.1.`...) with an optional final layer norm (`norm.`).
import type { Tensor } from '@tessera/core';
import { LayerNorm, Module, ModuleList } from '@tessera/layers';
import { checkSize } from './args.js';
import type { TransformerDecoderForwardOptions, TransformerDecoderLayer } from './decoder-layer.js';
import type { TransformerEncoderLayer } from './encoder-layer.js';

/** Options of TransformerEncoder and TransformerDecoder. */
export interface TransformerStackOptions {
  /** A final layer norm, registered as `norm` (nn.Transformer passes one). Default none. */
  norm?: LayerNorm | null;
}

/** Options of TransformerEncoder.forward (PyTorch's `mask`, `src_key_padding_mask`, `is_causal`). */
export interface TransformerEncoderForwardOptions {
  /** `[L, L]` or `[N·nhead, L, L]`: bool true = may NOT attend; float = added to the scores. */
  mask?: Tensor | null;
  /** `[N, L]` (`[L]` unbatched): bool true = padding. */
  srcKeyPaddingMask?: Tensor | null;
  /** Attend causally; with a mask only a hint. Default false. */
  isCausal?: boolean;
}

/** `numLayers` copies of `layer` (its parameters copied, as PyTorch's deepcopy), registered as `layers`. */
function stack<L extends Module & { clone(): L }>(owner: Module, where: string, layer: L, numLayers: number): L[] {
  checkSize(where, 'numLayers', numLayers);
  const layers = Array.from({ length: numLayers }, () => layer.clone());
  owner.registerModule('layers', new ModuleList(layers));
  return layers;
}

/**
 * `torch.nn.TransformerEncoder`: `numLayers` copies of `encoderLayer` (it is copied, not
 * used: dispose it when done), then the optional `norm`. Keys: `layers.0.self_attn.in_proj_weight`, ..., `norm.weight`.
 * @example
 * const layer = new TransformerEncoderLayer(64, 4);
 * const encoder = new TransformerEncoder(layer, 6, { norm: new LayerNorm(64) });
 * layer.dispose();
 * const memory = encoder.call(src, { srcKeyPaddingMask: padding });
 */
export class TransformerEncoder extends Module {
  /** The stacked layers. */
  readonly layers: TransformerEncoderLayer[];
  /** The final layer norm, or null. */
  readonly norm: LayerNorm | null;

  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, options: TransformerStackOptions = {}) {
    super();
    this.layers = stack(this, 'TransformerEncoder', encoderLayer, numLayers);
    this.norm = this.registerModule('norm', options.norm ?? null);
  }

  /** src `[L, N, E]` (`[N, L, E]` with batchFirst, `[L, E]` unbatched) → the same shape. */
  forward(src: Tensor, options: TransformerEncoderForwardOptions = {}): Tensor {
    const { mask = null, srcKeyPaddingMask = null, isCausal = false } = options;
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, { srcMask: mask, srcKeyPaddingMask, isCausal });
    return this.norm ? this.norm.forward(x) : x;
  }
}

/**
 * `torch.nn.TransformerDecoder`: `numLayers` copies of `decoderLayer` (copied, not used:
 * dispose it when done), then the optional `norm`. Keys: `layers.0.multihead_attn.in_proj_weight`, ..., `norm.weight`.
 * @example
 * const layer = new TransformerDecoderLayer(64, 4);
 * const decoder = new TransformerDecoder(layer, 6);
 * layer.dispose();
 * const out = decoder.call(tgt, memory, { tgtIsCausal: true });
 */
export class TransformerDecoder extends Module {
  /** The stacked layers. */
  readonly layers: TransformerDecoderLayer[];
  /** The final layer norm, or null. */
  readonly norm: LayerNorm | null;

  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, options: TransformerStackOptions = {}) {
    super();
    this.layers = stack(this, 'TransformerDecoder', decoderLayer, numLayers);
    this.norm = this.registerModule('norm', options.norm ?? null);
  }

  /** tgt `[T, N, E]`, memory `[S, N, E]` (batch-first with batchFirst; unbatched 2-D) → like tgt. */
  forward(tgt: Tensor, memory: Tensor, options: TransformerDecoderForwardOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, options);
    return this.norm ? this.norm.forward(x) : x;
  }
}
