// The PyTorch fixture cases (fixtures/grads.json, written by generate_grads.py) and how to run
// them: decoding arguments with the shared parity harness, calling the core op by name, and
// swapping the differentiated arguments for other tensors.
import { readFileSync } from 'node:fs';
import * as core from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { decode, type ResultSpec, type TensorSpec } from '../../../tooling/parity';

/** A path to an argument: top-level position, then list index or option name. */
export type ArgPath = (number | string)[];

/** A first-order case: torch's gradients of `op(...args)` for a random upstream gradient. */
export interface GradCase {
  name: string;
  op: string;
  args: unknown[];
  grad: ArgPath[];
  gradcheck: boolean;
  output: ResultSpec;
  upstream: ResultSpec;
  grads: TensorSpec[];
}

/** A second-order case: with s = Σ weight·op(x), torch's gradient of Σ_k vectors[k]·∂s/∂x_k. */
export interface SecondCase {
  name: string;
  op: string;
  args: unknown[];
  grad: ArgPath[];
  weight: TensorSpec;
  vectors: TensorSpec[];
  grads: TensorSpec[];
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/grads.json', import.meta.url), 'utf8')) as {
  cases: GradCase[];
  second: SecondCase[];
};

/** Every first-order case. */
export const gradCases = fixtures.cases;
/** Every second-order case. */
export const secondCases = fixtures.second;

/** Decoded arguments of a case and the tensors made for them (to dispose afterwards). */
export function decodeArgs(args: unknown[]): { args: unknown[]; created: Tensor[] } {
  const created: Tensor[] = [];
  return { args: decode(args, created) as unknown[], created };
}

/** The argument at `path`. */
export function argAt(args: unknown, path: ArgPath): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], args);
}

/** A copy of `args` with the arguments at `paths` replaced by `values` (the rest shared). */
export function withArgs(args: unknown[], paths: ArgPath[], values: readonly unknown[]): unknown[] {
  const replace = (value: unknown, path: ArgPath, replacement: unknown): unknown => {
    if (path.length === 0) return replacement;
    const [key, ...rest] = path;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
    copy[key] = replace(copy[key], rest, replacement);
    return copy;
  };
  return paths.reduce<unknown[]>((acc, path, i) => replace(acc, path, values[i]) as unknown[], args);
}

/** Calls the core function named `op` (every CORE_API name is exported by @tessera/core). */
export function callOp(op: string, args: unknown[]): Tensor | Tensor[] {
  const fn = (core as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>)[op];
  if (typeof fn !== 'function') throw new Error(`no core function named ${op}`);
  return fn(...args);
}

/** One tensor from an op's result: itself, or its parts flattened and joined. */
export function joined(result: Tensor | Tensor[]): Tensor {
  return Array.isArray(result) ? core.cat(result.map((t) => core.reshape(t, [-1]))) : result;
}
