// Containers: Sequential chains modules, ModuleList and ModuleDict hold them so that their
// parameters are registered (under '0', '1', ... or the dictionary's keys, as PyTorch).
import type { Tensor } from '@tessera/core';
import { Module } from './module.js';

/** Index `i` of a container of `length` (negative counts from the end), or an error naming `layer`. */
function position(layer: string, i: number, length: number): number {
  const k = i < 0 ? i + length : i;
  if (!Number.isInteger(i) || k < 0 || k >= length) throw new Error(`${layer}: index ${i} is out of range for ${length} modules`);
  return k;
}

/** What Sequential and ModuleList share: modules registered under '0', '1', ... */
abstract class IndexedModules extends Module {
  #length = 0;

  constructor(modules: Iterable<Module>) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * The module at `i` (negative counts from the end).
   * @example model.at(-1) // the last layer
   */
  at(i: number): Module {
    return this.getModule(String(position(this.constructor.name, i, this.#length)));
  }

  /**
   * Adds a module at the end; returns this.
   * @example model.append(new Softmax(1));
   */
  append(m: Module): this {
    this.registerModule(String(this.#length++), m);
    return this;
  }

  /** Iterates over the modules in order. */
  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }
}

/**
 * Runs its modules in order, each on the previous one's output. State dict keys are
 * `0.weight`, `1.bias`..., as `torch.nn.Sequential`.
 * @example const mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 */
export class Sequential extends IndexedModules {
  constructor(...modules: Module[]) {
    super(modules);
  }

  /** The input passed through every module in turn. */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this) x = m.call(x);
    return x;
  }
}

/**
 * A list of modules whose parameters are registered (keys `0.`, `1.`...). It has no forward:
 * index or iterate over it in the owner's forward.
 * @example readonly blocks = this.registerModule('blocks', new ModuleList([new Linear(8, 8), new Linear(8, 8)]));
 */
export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> = []) {
    super(modules);
  }

  /** Throws, as PyTorch's ModuleList: call the modules it holds instead. */
  forward(): never {
    throw new Error('ModuleList: a ModuleList has no forward; index or iterate over it and call its modules');
  }
}

/**
 * Modules under string keys (keys become stateDict prefixes: `encoder.weight`), in insertion
 * order. It has no forward: look modules up in the owner's forward.
 * @example const heads = new ModuleDict({ cls: new Linear(64, 10), box: new Linear(64, 4) });
 */
export class ModuleDict extends Module {
  // The keys in insertion order (a module may be held under two keys, as in PyTorch).
  readonly #keys: string[] = [];

  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const entries = Symbol.iterator in modules ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [key, m] of entries) this.set(key, m);
  }

  /** Number of entries. */
  get size(): number {
    return this.#keys.length;
  }

  /**
   * The module under `key`; throws naming the keys when absent.
   * @example heads.get('cls').call(features)
   */
  get(key: string): Module {
    if (!this.has(key)) throw new Error(`ModuleDict: no module '${key}' (keys: ${this.#keys.join(', ')})`);
    return this.getModule(key);
  }

  /**
   * Adds or replaces the module under `key` (no '.'); returns this.
   * @example heads.set('seg', new Conv2d(64, 2, 1));
   */
  set(key: string, m: Module): this {
    this.registerModule(key, m);
    if (!this.has(key)) this.#keys.push(key);
    return this;
  }

  /** Whether `key` holds a module. */
  has(key: string): boolean {
    return this.#keys.includes(key);
  }

  /** The keys in insertion order. */
  keys(): string[] {
    return [...this.#keys];
  }

  /** The modules in insertion order. */
  values(): Module[] {
    return this.#keys.map((k) => this.getModule(k));
  }

  /** `[key, module]` pairs in insertion order. */
  entries(): [string, Module][] {
    return this.#keys.map((k) => [k, this.getModule(k)]);
  }

  /** Throws, as PyTorch's ModuleDict: call the modules it holds instead. */
  forward(): never {
    throw new Error('ModuleDict: a ModuleDict has no forward; look modules up with get(key) and call them');
  }
}
