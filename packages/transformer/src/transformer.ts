// Transformer: torch.nn.Transformer, the encoder–decoder model of "Attention Is All You Need"
// (stacks with final layer norms under `encoder.` and `decoder.`), with PyTorch's defaults,
// its Xavier initialisation and its square causal mask.
import { noGrad } from '@tessera/autograd';
import type { Tensor } from '@tessera/core';
import { LayerNorm, Module, init } from '@tessera/layers';
import { check, fmt, sequenceDims, checkSequence } from './args.js';
import { TransformerDecoderLayer, type TransformerDecoderForwardOptions } from './decoder-layer.js';
import { TransformerEncoderLayer } from './encoder-layer.js';
import type { TransformerLayerOptions } from './layer-options.js';
import { generateSquareSubsequentMask } from './masks.js';
import { TransformerDecoder, TransformerEncoder } from './stacks.js';

/** Options of Transformer (PyTorch's keyword arguments in camelCase). */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Model width. Default 512. */
  dModel?: number;
  /** Attention heads. Default 8. */
  nhead?: number;
  /** Encoder layers. Default 6. */
  numEncoderLayers?: number;
  /** Decoder layers. Default 6. */
  numDecoderLayers?: number;
  /** Use this encoder instead of building one (the model owns it). */
  customEncoder?: Module | null;
  /** Use this decoder instead of building one (the model owns it). */
  customDecoder?: Module | null;
}

/** Options of Transformer.forward: the masks of PyTorch's forward, in camelCase. */
export interface TransformerForwardOptions extends TransformerDecoderForwardOptions {
  /** `[S, S]` or `[N·nhead, S, S]` over the source: bool true = may NOT attend; float = added. */
  srcMask?: Tensor | null;
  /** `[N, S]` (`[S]` unbatched): bool true = source padding (pass it as memoryKeyPaddingMask too, as PyTorch). */
  srcKeyPaddingMask?: Tensor | null;
  /** The source attends causally; with a srcMask only a hint. Default false. */
  srcIsCausal?: boolean;
}

/**
 * `torch.nn.Transformer`: a TransformerEncoder and a TransformerDecoder, each with a final
 * LayerNorm (keys `encoder.layers.0.linear1.weight`, ..., `decoder.norm.bias`). Every
 * parameter with two or more dimensions starts Xavier-uniform, as PyTorch's `_reset_parameters`.
 * @example
 * const model = new Transformer({ dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, batchFirst: true });
 * const tgtMask = Transformer.generateSquareSubsequentMask(tgt.shape[1]);
 * const out = model.call(src, tgt, { tgtMask }); // src: [N, S, 64], tgt: [N, T, 64]
 */
export class Transformer extends Module {
  /** Model width. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Sequences are `[N, L, E]`. */
  readonly batchFirst: boolean;
  /** The encoder (TransformerEncoder unless customEncoder was given). */
  readonly encoder: Module;
  /** The decoder (TransformerDecoder unless customDecoder was given). */
  readonly decoder: Module;

  constructor(options: TransformerOptions = {}) {
    super();
    const { dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6, customEncoder = null, customDecoder = null, ...layerOptions } = options;
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = layerOptions.batchFirst ?? false;
    const norm = () => new LayerNorm(dModel, { eps: layerOptions.layerNormEps ?? 1e-5, bias: layerOptions.bias ?? true });
    const build = <L extends Module>(layer: L, make: (l: L) => Module): Module => {
      const built = make(layer);
      layer.dispose();
      return built;
    };
    this.encoder = this.registerModule('encoder', customEncoder ?? build(new TransformerEncoderLayer(dModel, nhead, layerOptions), (l) =>
      new TransformerEncoder(l, numEncoderLayers, { norm: norm() })));
    this.decoder = this.registerModule('decoder', customDecoder ?? build(new TransformerDecoderLayer(dModel, nhead, layerOptions), (l) =>
      new TransformerDecoder(l, numDecoderLayers, { norm: norm() })));
    noGrad(() => {
      for (const p of this.parameters()) if (p.ndim > 1) init.xavierUniform(p);
    });
  }

  /**
   * src `[S, N, E]`, tgt `[T, N, E]` (batch-first with batchFirst; unbatched 2-D) → `[T, N, E]`:
   * the decoder's output over the encoded source.
   */
  forward(src: Tensor, tgt: Tensor, options: TransformerForwardOptions = {}): Tensor {
    const { srcMask = null, srcKeyPaddingMask = null, srcIsCausal = false, ...decoderOptions } = options;
    const where = 'Transformer';
    checkSequence(where, 'src', src, this.dModel, this.batchFirst);
    checkSequence(where, 'tgt', tgt, this.dModel, this.batchFirst);
    check(src.ndim === tgt.ndim && sequenceDims(src, this.batchFirst)[0] === sequenceDims(tgt, this.batchFirst)[0], where, () =>
      `src and tgt must have the same batch size (or both be unbatched), got src ${fmt(src.shape)} and tgt ${fmt(tgt.shape)}`);
    const memory = this.encoder.forward(src, { mask: srcMask, srcKeyPaddingMask, isCausal: srcIsCausal });
    return this.decoder.forward(tgt, memory, decoderOptions);
  }

  /**
   * The float mask `[n, n]`: 0 on and below the diagonal, -Infinity above (position i attends to 0..i).
   * @example const tgtMask = Transformer.generateSquareSubsequentMask(10);
   */
  static generateSquareSubsequentMask(n: number): Tensor {
    return generateSquareSubsequentMask(n);
  }
}
