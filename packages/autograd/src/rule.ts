// The shape of a gradient rule: what it saves during the forward pass and how it maps the
// output's gradient to its inputs' gradients. The table in gradients.ts holds one per kernel.
import type { RecordedName, RecordedSignatures, Tensor } from '@tessera/core';

/** What a rule reads at backward time besides the output gradient. */
export interface Saves {
  /** Positions of the inputs whose values the rule reads. */
  readonly inputs: readonly number[];
  /** Whether the rule reads the output's value. */
  readonly output: boolean;
}

/** What a rule sees when it runs. */
export interface RuleContext<K extends RecordedName> {
  /** The kernel's attributes, as recorded. */
  readonly attrs: RecordedSignatures[K]['attrs'];
  /** Every input's shape. */
  readonly shapes: readonly (readonly number[])[];
  /** Per input: whether its gradient is wanted (rules skip the others). */
  readonly needs: readonly boolean[];
  /** The saved value of input `i` (one the rule's `saves` lists). */
  input(i: number): Tensor;
  /** The saved output (when the rule's `saves.output` is true). */
  output(): Tensor;
}

/**
 * The gradient of one recorded operation. `grad` is written with @tessera/core's public ops,
 * so it runs on every backend and is itself recorded when a graph of the gradient is asked
 * for (higher-order derivatives). It returns one entry per input: the gradient, shaped like
 * that input, or null where the input is not differentiable or not needed.
 */
export interface GradientRule<K extends RecordedName> {
  /** What to save: fixed, or chosen from the attributes and which gradients are wanted. */
  readonly saves: Saves | ((attrs: RecordedSignatures[K]['attrs'], needs: readonly boolean[]) => Saves);
  readonly grad: (g: Tensor, ctx: RuleContext<K>) => readonly (Tensor | null)[];
}

/** One rule per recorded operation: a kernel without a rule is a type error. */
export type GradientTable = { readonly [K in RecordedName]: GradientRule<K> };
