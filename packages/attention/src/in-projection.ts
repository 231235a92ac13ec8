// The input and output projections that MultiheadAttention, PerformerAttention and
// LinformerAttention share, under PyTorch's MultiheadAttention names (`in_proj_weight`,
// `in_proj_bias`, `out_proj.*`; `q_proj_weight`... when kdim or vdim differ), so a PyTorch
// checkpoint's projections load into any of them.
import { add, matmul, permute, reshape, slice, transpose, zeros, type Tensor } from '@tessera/core';
import { Linear, Module, init } from '@tessera/layers';
import { check, checkSize, fmt } from './args.js';

/** Options of the shared projections. */
export interface InProjectionOptions {
  /** Biases on the input and output projections. Default true. */
  bias?: boolean;
  /** Feature size of keys; default embedDim. */
  kdim?: number | null;
  /** Feature size of values; default embedDim. */
  vdim?: number | null;
}

function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const y = matmul(x, transpose(weight, 0, 1));
  return bias ? add(y, bias) : y;
}

/**
 * A Module with PyTorch MultiheadAttention's projections: query, key and value are projected
 * to `embedDim` and split into `numHeads` heads; `out_proj` maps the merged heads back.
 * Weights start as PyTorch's (Xavier-uniform input weights, zero biases). Subclass it for a
 * new attention whose checkpoints share MultiheadAttention's keys.
 * @example
 * class CosineAttention extends InProjectedAttention {
 *   constructor(embedDim: number, numHeads: number) { super('CosineAttention', embedDim, numHeads); }
 *   forward(q: Tensor, k: Tensor, v: Tensor): Tensor {
 *     const [qh, kh, vh] = this.project(q, k, v).map((t) => this.splitHeads(t));
 *     return this.mergeHeads(scaledDotProductAttention(normalize(qh), normalize(kh), vh));
 *   }
 * }
 */
export abstract class InProjectedAttention extends Module {
  /** Features per head: embedDim / numHeads. */
  readonly headDim: number;
  /** Feature size of keys. */
  readonly kdim: number;
  /** Feature size of values. */
  readonly vdim: number;
  /** Whether query, key and value share one stacked `in_proj_weight` (kdim = vdim = embedDim). */
  readonly qkvSameEmbedDim: boolean;
  /** The output projection, `out_proj`. */
  readonly outProj: Linear;

  /** `checkOptions` validates the subclass's own options before anything is allocated. */
  constructor(readonly layerName: string, readonly embedDim: number, readonly numHeads: number, options: InProjectionOptions = {}, checkOptions?: () => void) {
    super();
    checkOptions?.();
    checkSize(layerName, 'embedDim', embedDim);
    checkSize(layerName, 'numHeads', numHeads);
    check(embedDim % numHeads === 0, layerName, () => `embedDim must be divisible by numHeads, got embedDim ${embedDim} and numHeads ${numHeads}`);
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    checkSize(layerName, 'kdim', this.kdim);
    checkSize(layerName, 'vdim', this.vdim);
    this.headDim = embedDim / numHeads;
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    const bias = options.bias ?? true;
    if (this.qkvSameEmbedDim) {
      this.registerParameter('in_proj_weight', init.xavierUniform(zeros([3 * embedDim, embedDim])));
    } else {
      this.registerParameter('q_proj_weight', init.xavierUniform(zeros([embedDim, embedDim])));
      this.registerParameter('k_proj_weight', init.xavierUniform(zeros([embedDim, this.kdim])));
      this.registerParameter('v_proj_weight', init.xavierUniform(zeros([embedDim, this.vdim])));
    }
    this.registerParameter('in_proj_bias', bias ? zeros([3 * embedDim]) : null);
    this.outProj = this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias }));
    if (this.outProj.bias) init.zeros(this.outProj.bias);
  }

  /** Throws unless the inputs' last dimensions are embedDim, kdim and vdim. */
  protected checkFeatures(query: Tensor, key: Tensor, value: Tensor): void {
    const shapes = `query ${fmt(query.shape)}, key ${fmt(key.shape)}, value ${fmt(value.shape)}`;
    const last = (t: Tensor) => t.shape[t.ndim - 1];
    check(last(query) === this.embedDim, this.layerName, () => `query's last dimension must be embedDim=${this.embedDim}, got ${shapes}`);
    check(last(key) === this.kdim, this.layerName, () => `key's last dimension must be kdim=${this.kdim}, got ${shapes}`);
    check(last(value) === this.vdim, this.layerName, () => `value's last dimension must be vdim=${this.vdim}, got ${shapes}`);
  }

  /** Projects batch-first query `[N, L, E]`, key `[N, S, kdim]`, value `[N, S, vdim]` to `[N, *, E]` each. */
  protected project(query: Tensor, key: Tensor, value: Tensor): [Tensor, Tensor, Tensor] {
    const E = this.embedDim;
    const b = this.getOptionalParameter('in_proj_bias');
    const biases = [0, 1, 2].map((i) => (b ? slice(b, 0, i * E, (i + 1) * E) : null));
    const weights = this.qkvSameEmbedDim
      ? [0, 1, 2].map((i) => slice(this.getParameter('in_proj_weight'), 0, i * E, (i + 1) * E))
      : ['q_proj_weight', 'k_proj_weight', 'v_proj_weight'].map((name) => this.getParameter(name));
    return [linear(query, weights[0], biases[0]), linear(key, weights[1], biases[1]), linear(value, weights[2], biases[2])];
  }

  /** `[N, L, E]` → `[N, numHeads, L, headDim]`. */
  protected splitHeads(x: Tensor): Tensor {
    return permute(reshape(x, [x.shape[0], x.shape[1], this.numHeads, this.headDim]), [0, 2, 1, 3]);
  }

  /** `[N, numHeads, L, headDim]` → out_proj of `[N, L, E]`. */
  protected mergeHeads(x: Tensor): Tensor {
    const merged = reshape(permute(x, [0, 2, 1, 3]), [x.shape[0], x.shape[2], this.embedDim]);
    return this.outProj.forward(merged);
  }
}
