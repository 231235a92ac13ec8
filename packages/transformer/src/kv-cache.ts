// KVCache: the keys and values a GPT has already computed, one pair per layer, so that
// decoding token t attends to the cached t − 1 positions instead of recomputing them:
// each step costs O(t), not O(t²).
import { keep, type Tensor } from '@tessera/core';
import { check } from './args.js';

/** What a GPT's blocks read and write: each layer's keys and values `[B, nHead, length, headDim]`. */
export interface KeyValueStore {
  /** Number of positions held (0 when empty). */
  readonly length: number;
  /** Batch size of the held sequences, or null when empty. */
  readonly batchSize: number | null;
  /** Layer `i`'s `[keys, values]`, or null when nothing is held yet. */
  get(i: number): [Tensor, Tensor] | null;
  /** Replaces layer `i`'s keys and values (which already include the old ones). */
  set(i: number, keys: Tensor, values: Tensor): void;
}

/**
 * Per-layer keys and values `[B, nHead, length, headDim]` of the tokens seen so far. Pass the
 * same cache to successive `gpt.call(tokens, { cache })` calls with only the new tokens; the
 * cache owns its tensors (they survive `tidy`): dispose it when the sequence is done.
 * @example
 * const cache = gpt.createCache();
 * let logits = gpt.call(prompt, { cache });      // [1, P, V]; cache.length = P
 * logits = gpt.call(nextToken, { cache });       // [1, 1, V]; attends to P + 1 positions
 * cache.dispose();
 */
export class KVCache implements KeyValueStore {
  readonly #keys: (Tensor | null)[];
  readonly #values: (Tensor | null)[];

  constructor(readonly numLayers: number) {
    this.#keys = new Array<Tensor | null>(numLayers).fill(null);
    this.#values = new Array<Tensor | null>(numLayers).fill(null);
  }

  /** Number of positions cached (0 when empty). */
  get length(): number {
    const k = this.#keys[this.numLayers - 1];
    return k ? k.shape[2] : 0;
  }

  /** Batch size of the cached sequences, or null when empty. */
  get batchSize(): number | null {
    const k = this.#keys[0];
    return k ? k.shape[0] : null;
  }

  /** Layer `i`'s cached `[keys, values]`, or null when nothing is cached yet. */
  get(i: number): [Tensor, Tensor] | null {
    const [k, v] = [this.#keys[i], this.#values[i]];
    return k && v ? [k, v] : null;
  }

  /** Replaces layer `i`'s keys and values (which already include the old ones), freeing the old. */
  set(i: number, keys: Tensor, values: Tensor): void {
    check(i >= 0 && i < this.numLayers, 'KVCache', () => `layer ${i} is out of range for ${this.numLayers} layers`);
    this.#keys[i]?.dispose();
    this.#values[i]?.dispose();
    this.#keys[i] = keep(keys);
    this.#values[i] = keep(values);
  }

  /**
   * Frees every cached tensor; the cache is empty and usable again.
   * @example cache.dispose();
   */
  dispose(): void {
    for (const store of [this.#keys, this.#values]) {
      for (const [i, t] of store.entries()) {
        t?.dispose();
        store[i] = null;
      }
    }
  }
}
