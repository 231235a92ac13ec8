// Module: the base class of every layer and model, as torch.nn.Module. It owns a tree of
// named parameters, buffers and submodules, which is what stateDict keys, optimisers,
// train/eval switches and backend moves walk.
import { cast, keep, tidy, type BackendName, type Tensor } from '@tessera/core';
import { noGrad, zeroGrad as zeroGrads } from '@tessera/autograd';

/** Options of loadStateDict. */
export interface LoadStateDictOptions {
  /** Every key of the module must be present and no other key may be (default true). */
  strict?: boolean;
}

/** What loadStateDict did not match: keys the module has but `sd` lacks, and the reverse. */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A state dict: tensors under PyTorch's dotted keys (`features.0.weight`). */
export type StateDict = Record<string, Tensor>;

const validName = /^[^.]+$/;

/**
 * The base class of layers and models. Subclasses register their parameters, buffers and
 * submodules under PyTorch's names (the names become `stateDict` keys) and implement
 * `forward`; `call` runs it inside `tidy`, so intermediates are freed.
 * @example
 * class Mlp extends Module {
 *   readonly fc1 = this.registerModule('fc1', new Linear(784, 128));
 *   readonly fc2 = this.registerModule('fc2', new Linear(128, 10));
 *   forward(x: Tensor): Tensor { return this.fc2.call(this.fc1.call(x).relu()); }
 * }
 * const logits = new Mlp().call(x);
 */
export abstract class Module {
  /** Whether the module is in training mode (dropout active, batch norm on batch statistics). */
  training = true;
  readonly #parameters = new Map<string, Tensor | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();
  readonly #modules = new Map<string, Module | null>();

  /** The computation; call it through `call`. */
  abstract forward(...args: any[]): any;

  /**
   * Runs `forward` inside `tidy`: tensors it creates and does not return are freed. So
   * `forward` returns a tensor, or arrays / plain objects of tensors (what tidy keeps).
   * @example const y = layer.call(x);
   */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return tidy(() => this.forward(...args));
  }

  // ------------------------------------------------------------------ registration

  /**
   * Registers `t` as a parameter under `name` (its stateDict key, written as PyTorch writes
   * it). The tensor is marked `requiresGrad`, exempted from enclosing `tidy` scopes and owned
   * by the module from now on. `null` declares an absent parameter (a bias switched off).
   * @example this.registerParameter('weight', zeros([out, in]));
   */
  registerParameter(name: string, t: Tensor | null): void {
    this.#checkName('registerParameter', name, this.#parameters);
    if (t) {
      if (t.dtype !== 'float32') throw new Error(`${this.constructor.name}.registerParameter: '${name}' must be float32, got ${t.dtype}`);
      t.requiresGrad = true;
      keep(t);
    }
    this.#parameters.set(name, t);
  }

  /**
   * Registers a tensor that is state but not a parameter (running statistics). A
   * non-persistent buffer is left out of `stateDict`.
   * @example this.registerBuffer('running_mean', zeros([c]));
   */
  registerBuffer(name: string, t: Tensor | null, persistent = true): void {
    this.#checkName('registerBuffer', name, this.#buffers);
    if (t) keep(t);
    this.#buffers.set(name, t);
    if (persistent) this.#nonPersistent.delete(name);
    else this.#nonPersistent.add(name);
  }

  /**
   * Registers a submodule; its entries appear under `name.` in every listing. Returns it, so
   * a field can be declared and registered at once.
   * @example readonly fc = this.registerModule('fc', new Linear(4, 2));
   */
  registerModule<M extends Module | null>(name: string, m: M): M {
    this.#checkName('registerModule', name, this.#modules);
    this.#modules.set(name, m);
    return m;
  }

  #checkName(op: string, name: string, own: Map<string, unknown>): void {
    const where = `${this.constructor.name}.${op}`;
    if (!validName.test(name)) throw new Error(`${where}: a name must be non-empty and contain no '.', got '${name}'`);
    for (const kind of [this.#parameters, this.#buffers, this.#modules]) {
      if (kind !== own && kind.has(name)) throw new Error(`${where}: '${name}' is already registered as another kind of entry`);
    }
  }

  /** The parameter registered as `name`; throws if there is none or it is null. */
  protected getParameter(name: string): Tensor {
    return this.#present('parameter', name, this.#parameters.get(name));
  }

  /** The parameter registered as `name`, or null when it was registered as absent. */
  protected getOptionalParameter(name: string): Tensor | null {
    return this.#parameters.get(name) ?? null;
  }

  /** The buffer registered as `name`; throws if there is none or it is null. */
  protected getBuffer(name: string): Tensor {
    return this.#present('buffer', name, this.#buffers.get(name));
  }

  /** The buffer registered as `name`, or null when it was registered as absent. */
  protected getOptionalBuffer(name: string): Tensor | null {
    return this.#buffers.get(name) ?? null;
  }

  /** The submodule registered as `name`; throws if there is none. */
  protected getModule(name: string): Module {
    const m = this.#modules.get(name);
    if (!m) throw new Error(`${this.constructor.name}: no submodule '${name}'`);
    return m;
  }

  #present<T>(kind: string, name: string, value: T | null | undefined): T {
    if (value === undefined || value === null) throw new Error(`${this.constructor.name}: no ${kind} '${name}'`);
    return value;
  }

  // ------------------------------------------------------------------ traversal

  /**
   * Every module below this one with its dotted name, depth first, this one first (as '').
   * A module reached twice is listed once.
   * @example for (const [name, m] of model.namedModules()) console.log(name, m.constructor.name);
   */
  namedModules(prefix = '', memo = new Set<Module>()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, m] of this.#modules) if (m) out.push(...m.namedModules(join(prefix, name), memo));
    return out;
  }

  /**
   * This module and every module below it.
   * @example model.modules().length
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * The direct submodules with their names.
   * @example model.namedChildren().map(([name]) => name) // ['0', '1', '2']
   */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const [name, m] of this.#modules) {
      if (m && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  /**
   * The direct submodules.
   * @example model.children().length
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  #namedTensors(which: (m: Module) => Map<string, Tensor | null>, prefix: string, recurse: boolean, skip?: (m: Module, name: string) => boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const owners: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [path, m] of owners) {
      for (const [name, t] of which(m)) {
        if (!t || seen.has(t) || skip?.(m, name)) continue;
        seen.add(t);
        out.push([join(path, name), t]);
      }
    }
    return out;
  }

  /**
   * Parameters with PyTorch's dotted names (`features.0.weight`); a shared tensor is listed
   * once, under its first name.
   * @example new Linear(2, 3).namedParameters() // [['weight', w], ['bias', b]]
   */
  namedParameters(prefix = '', recurse = true): [string, Tensor][] {
    return this.#namedTensors((m) => m.#parameters, prefix, recurse);
  }

  /**
   * The parameters, for an optimiser.
   * @example const opt = new SGD(model.parameters(), { lr: 0.1 });
   */
  parameters(recurse = true): Tensor[] {
    return this.namedParameters('', recurse).map(([, t]) => t);
  }

  /**
   * Buffers (running statistics...) with their dotted names.
   * @example new BatchNorm1d(3).namedBuffers().map(([k]) => k) // ['running_mean', 'running_var', 'num_batches_tracked']
   */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.#namedTensors((m) => m.#buffers, prefix, recurse);
  }

  /**
   * The buffers.
   * @example model.buffers().length
   */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, t]) => t);
  }

  // ------------------------------------------------------------------ modes

  /**
   * Sets training mode on this module and all below it; returns this.
   * @example model.train();
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Evaluation mode: `train(false)`.
   * @example model.eval();
   */
  eval(): this {
    return this.train(false);
  }

  // ------------------------------------------------------------------ state

  /**
   * Parameters and persistent buffers under PyTorch's keys, in registration order, as
   * PyTorch's `state_dict()`. The values are the module's own tensors (not copies): read or
   * save them, do not dispose them.
   * @example saveSafetensors(model.stateDict());
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    this.#collectState('', out, new Set());
    return out;
  }

  // Unlike namedModules, a module held under two names is listed under both (as PyTorch's
  // state_dict), so tied weights load from either key; `path` only guards against cycles.
  #collectState(prefix: string, out: StateDict, path: Set<Module>): void {
    if (path.has(this)) return;
    path.add(this);
    for (const [name, t] of this.#parameters) if (t) out[join(prefix, name)] = t;
    for (const [name, t] of this.#buffers) if (t && !this.#nonPersistent.has(name)) out[join(prefix, name)] = t;
    for (const [name, m] of this.#modules) if (m) m.#collectState(join(prefix, name), out, path);
    path.delete(this);
  }

  /**
   * Copies tensors from `sd` (PyTorch keys) into the module's parameters and persistent
   * buffers, casting to their dtype. With `strict` (the default) missing and unexpected keys
   * are errors; shape mismatches and tensors on another backend always are. Every problem is
   * listed in one error and nothing is changed when it throws. The module keeps its own
   * tensor objects (their values are replaced), so optimisers stay valid.
   * @example model.loadStateDict(loadSafetensors(bytes));
   */
  loadStateDict(sd: StateDict | Map<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const { strict = true } = options;
    const given = sd instanceof Map ? sd : new Map(Object.entries(sd));
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !(k in own));
    const problems: string[] = [];
    const pairs: [Tensor, Tensor][] = [];
    for (const [key, target] of Object.entries(own)) {
      const value = given.get(key);
      if (!value) continue;
      if (value.isDisposed) problems.push(`'${key}' was disposed`);
      else if (!sameShape(value.shape, target.shape)) problems.push(`size mismatch for '${key}': got [${value.shape}], the module has [${target.shape}]`);
      else if (value.backend !== target.backend) problems.push(`'${key}' is on ${value.backend}, the module on ${target.backend} (move it with await t.to('${target.backend}'))`);
      else pairs.push([target, value]);
    }
    if (strict && missingKeys.length > 0) problems.unshift(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.unshift(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    if (problems.length > 0) throw new Error(`${this.constructor.name}.loadStateDict: ${problems.join('; ')}`);
    noGrad(() => tidy(() => {
      for (const [target, value] of pairs) target.assign(cast(value, target.dtype));
    }));
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Clears the gradients of all parameters: disposes them (the default, as PyTorch's
   * `set_to_none=True`) or fills them with zeros.
   * @example model.zeroGrad();
   */
  zeroGrad(setToNone = true): void {
    zeroGrads(this.parameters(), { setToNone });
  }

  /**
   * Moves every parameter (with its gradient) and buffer to `backend`, in place as PyTorch's
   * `module.to(device)`: each tensor keeps its identity, so optimisers built before the move
   * still hold the model's parameters. All or nothing: if a copy fails, nothing moves.
   * @example await model.to('wasm');
   */
  async to(backend: BackendName): Promise<this> {
    const tensors = new Set<Tensor>();
    for (const m of this.modules()) {
      for (const store of [m.#parameters, m.#buffers]) {
        for (const t of store.values()) {
          for (const u of [t, t?.grad]) if (u && u.backend !== backend) tensors.add(u);
        }
      }
    }
    const copies = new Map<Tensor, Tensor>();
    try {
      for (const t of tensors) copies.set(t, await t.to(backend));
    } catch (error) {
      for (const copy of copies.values()) copy.dispose();
      throw error;
    }
    for (const [t, copy] of copies) {
      t.set(copy);
      copy.dispose();
    }
    return this;
  }

  /**
   * Frees every parameter (and its gradient) and buffer of this module and those below it.
   * @example model.dispose();
   */
  dispose(): void {
    for (const m of this.modules()) {
      for (const t of [...m.#parameters.values(), ...m.#buffers.values()]) {
        t?.grad?.dispose();
        t?.dispose();
      }
    }
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
