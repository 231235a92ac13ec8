// The base of every optimiser, as torch.optim.Optimizer: parameter groups with per-group
// options, per-parameter state, step/zeroGrad and PyTorch's state-dict layout (state keyed
// by the parameter's index across all groups, then the groups with those indices).
import { keep, SparseGradient, tidy, Tensor } from '@tessera/core';
import { noGrad, zeroGrad as zeroGrads } from '@tessera/autograd';

/** The options every optimiser has. Schedulers set `initialLr` the first time they see a group. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
  /** The learning rate a scheduler started from. */
  initialLr?: number;
}

/** A parameter group: its parameters and its (complete) options. */
export type ParamGroup<O extends OptimizerOptions> = O & { params: Tensor[] };

/** A parameter group as given to a constructor: options left out take the optimiser's defaults. */
export type ParamGroupInput<O extends OptimizerOptions> = Partial<O> & { params: Iterable<Tensor> };

/** What optimisers accept: parameters, or parameter groups with their own options. */
export type Params<O extends OptimizerOptions> = Iterable<Tensor> | ParamGroupInput<O>[];

/** Per-parameter state: tensors (moments, buffers) and numbers (the step count). */
export type ParamState = Record<string, Tensor | number | undefined>;

/** PyTorch's optimiser state dict: per-parameter state by index, and the groups' options with those indices. */
export interface OptimizerStateDict<O extends OptimizerOptions = OptimizerOptions, S extends ParamState = ParamState> {
  state: Record<number, S>;
  paramGroups: (O & { params: number[] })[];
}

const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The base class of optimisers. Subclasses give their defaults, check their options and
 * implement `update`, which runs once per parameter with a gradient, inside `noGrad` and
 * `tidy`, and writes the parameter and its state with `assign`.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * backward(loss); opt.step(); opt.zeroGrad();
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions, S extends ParamState = ParamState> {
  /** The options a group gets for whatever it does not set. */
  readonly defaults: O;
  /** The parameter groups; change `lr` (or any option) here between steps. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created at a parameter's first update. */
  readonly state = new Map<Tensor, S>();

  protected constructor(params: Params<O>, defaults: O) {
    this.checkOptions(defaults);
    this.defaults = defaults;
    const list: (Tensor | ParamGroupInput<O>)[] = [...params];
    if (list.length === 0) throw new Error(`${this.constructor.name}: got an empty parameter list`);
    const groups = list.every(isGroup) ? list : [{ params: list } as unknown as ParamGroupInput<O>];
    const added = this.paramGroups.length;
    try {
      for (const group of groups) this.addParamGroup(group);
    } catch (error) {
      this.paramGroups.splice(added);
      throw error;
    }
  }

  /** Throws, naming the optimiser, if an option is out of range. */
  protected abstract checkOptions(options: O): void;

  /**
   * Updates one parameter from its gradient (run inside noGrad and tidy). The gradient is a
   * `SparseGradient` only where `refuses` accepted one.
   */
  protected abstract update(param: Tensor, grad: Tensor, state: S, group: ParamGroup<O>): void;

  /**
   * Why this optimiser cannot apply a gradient of this kind under `group`'s options, or null
   * if it can. By default sparse gradients are refused, with PyTorch's advice.
   */
  protected refuses(sparse: boolean, _group: ParamGroup<O>): string | null {
    return sparse ? `${this.constructor.name} does not support sparse gradients, please consider SparseAdam instead` : null;
  }

  /**
   * Adds a parameter group (as PyTorch's `add_param_group`), filling unset options from the defaults.
   * @example opt.addParamGroup({ params: head.parameters(), lr: 1e-3 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    const { params: given, ...overrides } = group;
    const params = [...given];
    if (params.length === 0) throw new Error(`${name}: a parameter group has no parameters`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new Error(`${name}: expected tensors or parameter groups ({ params, ...options }), got ${String(p)}`);
      if (p.isDisposed) throw new Error(`${name}: parameter of shape ${fmt(p.shape)} was disposed`);
      if (p.dtype !== 'float32') throw new Error(`${name}: parameters must be float32, got ${p.dtype} ${fmt(p.shape)}`);
      if (seen.has(p)) throw new Error(`${name}: a parameter of shape ${fmt(p.shape)} appears in more than one group (or twice)`);
      seen.add(p);
    }
    const options = { ...this.defaults, ...overrides } as O;
    this.checkOptions(options);
    this.paramGroups.push({ ...options, params });
  }

  /**
   * Updates every parameter that has a gradient (those whose `.grad` is null are skipped),
   * in place. Gradients must have their parameter's shape; nothing changes if one has not.
   * @example backward(loss); opt.step();
   */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const sparse = g instanceof SparseGradient;
        const shape = sparse ? g.denseShape : g.shape;
        const problem = g.isDisposed
          ? 'disposed'
          : !sameShape(shape, p.shape) || g.dtype !== 'float32'
            ? `${g.dtype} ${fmt(shape)}${sparse ? ' (sparse)' : ''}, expected float32 of the parameter's shape`
            : g.backend !== p.backend
              ? `on ${g.backend}, the parameter on ${p.backend}`
              : null;
        if (problem) throw new Error(`${this.constructor.name}.step: the gradient of a parameter of shape ${fmt(p.shape)} is ${problem}`);
        const refusal = this.refuses(sparse, group);
        if (refusal) throw new Error(`${this.constructor.name}.step: ${refusal} (the gradient of a parameter of shape ${fmt(p.shape)} is ${sparse ? 'sparse' : 'dense'})`);
      }
    }
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          let state = this.state.get(p);
          if (!state) {
            state = {} as S;
            this.state.set(p, state);
          }
          const s = state;
          tidy(() => this.update(p, grad, s, group));
        }
      }
    });
  }

  /**
   * Clears the gradients of every parameter: disposes them (PyTorch's default
   * `set_to_none=True`) or fills them with zeros.
   * @example opt.zeroGrad();
   */
  zeroGrad(setToNone = true): void {
    zeroGrads(this.paramGroups.flatMap((g) => g.params), { setToNone });
  }

  /**
   * PyTorch's `state_dict()`: `{ state, paramGroups }`, the parameters numbered in group
   * order. The state's tensors are the optimiser's own (not copies): save them, do not
   * dispose them.
   * @example const saved = opt.stateDict(); // e.g. saved.state[0].expAvg
   */
  stateDict(): OptimizerStateDict<O, S> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...options }) => ({
      ...(options as unknown as O),
      params: params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      }),
    }));
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state dict from `stateDict()` (of an optimiser over parameters of the same
   * shapes, in the same group layout): copies its state tensors and takes its groups'
   * options. Everything is checked first; nothing changes if it throws.
   * @example opt.loadStateDict(saved);
   */
  loadStateDict(sd: OptimizerStateDict<O, S>): void {
    const name = `${this.constructor.name}.loadStateDict`;
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new Error(`${name}: got ${sd.paramGroups.length} parameter groups, the optimiser has ${this.paramGroups.length}`);
    }
    sd.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new Error(`${name}: group ${i} has ${g.params.length} parameters, the optimiser's has ${this.paramGroups[i].params.length}`);
      }
    });
    const params = new Map<number, Tensor>();
    sd.paramGroups.forEach((g, i) => g.params.forEach((id, j) => params.set(id, this.paramGroups[i].params[j])));
    const problems: string[] = [];
    for (const [id, s] of Object.entries(sd.state)) {
      const p = params.get(Number(id));
      if (!p) {
        problems.push(`state for parameter ${id}, which no group lists`);
        continue;
      }
      for (const [key, v] of Object.entries(s)) {
        if (typeof v === 'number' || v === undefined) continue;
        if (v.isDisposed) problems.push(`state ${id}.${key} was disposed`);
        else if (!sameShape(v.shape, p.shape)) problems.push(`state ${id}.${key} has shape ${fmt(v.shape)}, the parameter ${fmt(p.shape)}`);
        else if (v.backend !== p.backend) problems.push(`state ${id}.${key} is on ${v.backend}, the parameter on ${p.backend}`);
      }
    }
    if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`);
    this.disposeState();
    for (const [id, s] of Object.entries(sd.state)) {
      const copy: ParamState = {};
      for (const [key, v] of Object.entries(s)) copy[key] = typeof v === 'number' || v === undefined ? v : keep(v.clone());
      this.state.set(params.get(Number(id)) as Tensor, copy as S);
    }
    sd.paramGroups.forEach(({ params: _, ...options }, i) => Object.assign(this.paramGroups[i], options));
  }

  /**
   * Frees the optimiser's state tensors (the parameters are not its to free).
   * @example opt.dispose();
   */
  dispose(): void {
    this.disposeState();
  }

  private disposeState(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (typeof v === 'object') v.dispose();
    this.state.clear();
  }
}

function isGroup<O extends OptimizerOptions>(item: Tensor | ParamGroupInput<O>): item is ParamGroupInput<O> {
  return 'params' in item;
}

/** Throws `${op}: invalid ${what}: ${value}` unless `ok`. */
export function checkOption(ok: boolean, op: string, what: string, value: unknown): void {
  if (!ok) throw new Error(`${op}: invalid ${what}: ${JSON.stringify(value)}`);
}
