// TransformerDecoderLayer: torch.nn.TransformerDecoderLayer (masked self-attention, attention
// over the encoder's memory, feed-forward; post-norm or pre-norm) with its parameter keys,
// defaults and masks, on attention's MultiheadAttention.
import type { Tensor } from '@tessera/core';
import { Module, type Dropout, type LayerNorm } from '@tessera/layers';
import { MultiheadAttention } from '@tessera/attention';
import { check, checkSequence, fmt, sequenceDims } from './args.js';
import { checkMasks } from './masks.js';
import { registerDropouts, registerFeedForward, registerNorms, residual, resolveLayerOptions, type ResolvedLayerOptions, type TransformerLayerOptions } from './layer-options.js';

/** Options of TransformerDecoderLayer.forward and TransformerDecoder.forward. */
export interface TransformerDecoderForwardOptions {
  /** `[T, T]` or `[N·nhead, T, T]` over the target: bool true = may NOT attend; float = added. */
  tgtMask?: Tensor | null;
  /** `[T, S]` or `[N·nhead, T, S]` from target to memory: bool true = may NOT attend; float = added. */
  memoryMask?: Tensor | null;
  /** `[N, T]` (`[T]` unbatched): bool true = target padding, ignored as a key. */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]` (`[S]` unbatched): bool true = memory padding, ignored. */
  memoryKeyPaddingMask?: Tensor | null;
  /** The target attends causally; with a tgtMask only a hint (tgtMask is used). Default false. */
  tgtIsCausal?: boolean;
  /** Target position i attends to memory 0..i; with a memoryMask only a hint. Default false. */
  memoryIsCausal?: boolean;
}

/** Checks target and memory (`[T, N, E]`, `[S, N, E]`, batch-first or unbatched alike) and the four masks. */
function checkDecoderInputs(where: string, tgt: Tensor, memory: Tensor, dModel: number, nhead: number, batchFirst: boolean, options: TransformerDecoderForwardOptions): void {
  checkSequence(where, 'tgt', tgt, dModel, batchFirst);
  checkSequence(where, 'memory', memory, dModel, batchFirst);
  const [N, T] = sequenceDims(tgt, batchFirst);
  const [Nm, S] = sequenceDims(memory, batchFirst);
  check(tgt.ndim === memory.ndim && N === Nm, where, () => `tgt and memory must have the same batch size (or both be unbatched), got tgt ${fmt(tgt.shape)} and memory ${fmt(memory.shape)}`);
  checkMasks(where, { mask: options.tgtMask, padding: options.tgtKeyPaddingMask, names: ['tgtMask', 'tgtKeyPaddingMask'] }, N, T, T, nhead);
  checkMasks(where, { mask: options.memoryMask, padding: options.memoryKeyPaddingMask, names: ['memoryMask', 'memoryKeyPaddingMask'] }, N, T, S, nhead);
}

/**
 * `torch.nn.TransformerDecoderLayer`: `self_attn`, `multihead_attn` (over the memory),
 * `linear1`, `linear2`, `norm1`..`norm3`; post-norm `x = norm1(x + sa(x)); x = norm2(x +
 * mha(x, memory)); x = norm3(x + ff(x))` or the pre-norm form with normFirst. A PyTorch
 * state_dict loads unchanged.
 * @example
 * const layer = new TransformerDecoderLayer(64, 4, { batchFirst: true });
 * const y = layer.call(tgt, memory, { tgtIsCausal: true }); // tgt: [N, T, 64], memory: [N, S, 64]
 */
export class TransformerDecoderLayer extends Module {
  /** The options with PyTorch's defaults filled in. */
  readonly options: ResolvedLayerOptions;
  /** The masked self-attention over the target, `self_attn`. */
  readonly selfAttn: MultiheadAttention;
  /** The attention from target to memory, `multihead_attn`. */
  readonly multiheadAttn: MultiheadAttention;
  readonly #feedForward: (x: Tensor) => Tensor;
  readonly #norms: LayerNorm[];
  readonly #dropouts: Dropout[];

  constructor(readonly dModel: number, readonly nhead: number, options: TransformerLayerOptions = {}) {
    super();
    this.options = resolveLayerOptions('TransformerDecoderLayer', dModel, nhead, options);
    const o = this.options;
    const attention = () => new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst, bias: o.bias });
    this.selfAttn = this.registerModule('self_attn', attention());
    this.multiheadAttn = this.registerModule('multihead_attn', attention());
    this.#feedForward = registerFeedForward(this, dModel, o);
    this.#norms = registerNorms(this, dModel, o, 3);
    this.#dropouts = registerDropouts(this, o, 3);
  }

  /** tgt `[T, N, E]`, memory `[S, N, E]` (batch-first with batchFirst; unbatched 2-D) → like tgt. */
  forward(tgt: Tensor, memory: Tensor, options: TransformerDecoderForwardOptions = {}): Tensor {
    checkDecoderInputs('TransformerDecoderLayer', tgt, memory, this.dModel, this.nhead, this.options.batchFirst, options);
    const { tgtMask = null, memoryMask = null, tgtKeyPaddingMask = null, memoryKeyPaddingMask = null, tgtIsCausal = false, memoryIsCausal = false } = options;
    const [norm1, norm2, norm3] = this.#norms;
    const [dropout1, dropout2, dropout3] = this.#dropouts;
    const { normFirst } = this.options;
    const selfAttention = (h: Tensor) => dropout1.forward(this.selfAttn.forward(h, h, h, {
      attnMask: tgtMask, keyPaddingMask: tgtKeyPaddingMask, needWeights: false, isCausal: tgtIsCausal && !tgtMask,
    })[0]);
    const crossAttention = (h: Tensor) => dropout2.forward(this.multiheadAttn.forward(h, memory, memory, {
      attnMask: memoryMask, keyPaddingMask: memoryKeyPaddingMask, needWeights: false, isCausal: memoryIsCausal && !memoryMask,
    })[0]);
    let x = residual(tgt, norm1, normFirst, selfAttention);
    x = residual(x, norm2, normFirst, crossAttention);
    return residual(x, norm3, normFirst, (h) => dropout3.forward(this.#feedForward(h)));
  }

  /**
   * A new layer with the same options and a copy of this one's parameters (PyTorch's deepcopy,
   * which TransformerDecoder uses to stack layers).
   * @example const twin = layer.clone();
   */
  clone(): TransformerDecoderLayer {
    const copy = new TransformerDecoderLayer(this.dModel, this.nhead, this.options);
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }
}
