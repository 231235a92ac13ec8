// The backend-parity harness every package's op suite shares: which backends to run, one
// describe block per backend, and decoding/comparison of the JSON specs that the PyTorch
// fixture generators write. It imports core's source (not the built @tessera/core, which
// depends on this package) so tests run against the same module instance they exercise.
import { beforeAll, describe } from 'vitest';
import { loadBackend } from '../packages/core/src/engine';
import '../packages/core/src/webgpu'; // registers the webgpu backend
import { reshape, setBackend, tensor, type BackendName, type Tensor } from '../packages/core/src/index';

/** A dtype as fixtures spell it. */
export type SpecDType = 'float32' | 'int32' | 'bool';

/** A tensor in a fixture: row-major values, with NaN and infinities written as "nan", "inf", "-inf". */
export interface TensorSpec {
  shape: number[];
  dtype: SpecDType;
  data: (number | boolean | string)[];
}

/** What a fixture expects an op to return: one tensor, or several (split, chunk). */
export type ResultSpec = TensorSpec | { list: TensorSpec[] };

/**
 * Backends to test, from `TESSERA_BACKENDS` (comma-separated); every backend when unset. A
 * webgpu that cannot start (no adapter) is left out with a warning, or fails the run where
 * `TESSERA_REQUIRE_WEBGPU=1` (CI).
 */
export const backends = await usableBackends(
  (process.env.TESSERA_BACKENDS ?? 'js,wasm,webgpu')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0) as BackendName[],
);

async function usableBackends(requested: BackendName[]): Promise<BackendName[]> {
  if (!requested.includes('webgpu')) return requested;
  try {
    await loadBackend('webgpu');
    return requested;
  } catch (error) {
    const message = `parity: WebGPU suites skipped: ${(error as Error).message}`;
    if (globalThis.process?.env.TESSERA_REQUIRE_WEBGPU === '1') throw new Error(`${message} (TESSERA_REQUIRE_WEBGPU=1 requires them to run)`);
    console.warn(message);
    return requested.filter((name) => name !== 'webgpu');
  }
}

/** Reads a fixture number: a JSON number, a boolean, or "nan" / "inf" / "-inf". */
export function decodeNumber(value: number | boolean | string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };
  if (!(value in special)) throw new Error(`parity: unknown number ${JSON.stringify(value)} in a fixture`);
  return special[value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `fn` inside one describe block per backend, with that backend active. */
export function describeEachBackend(name: string, fn: (backend: BackendName) => void): void {
  describe.each(backends)(`${name} [%s]`, (backend) => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    fn(backend);
  });
}

/** Makes a tensor on the active backend from a spec. */
export function decodeTensor(spec: TensorSpec): Tensor {
  const values = spec.data.map(decodeNumber);
  const flat =
    spec.dtype === 'float32'
      ? tensor(Float32Array.from(values), { dtype: 'float32' })
      : spec.dtype === 'int32'
        ? tensor(Int32Array.from(values), { dtype: 'int32' })
        : tensor(values.map((v) => v !== 0), { dtype: 'bool' });
  if (spec.shape.length === 1) return flat;
  const shaped = reshape(flat, spec.shape);
  flat.dispose();
  return shaped;
}

/**
 * Decodes one fixture argument: `{ tensor }` becomes a tensor (pushed onto `created` so the
 * caller can dispose it), `{ number }` a non-finite number; arrays and options objects are
 * decoded member by member; anything else is passed through.
 */
export function decode(arg: unknown, created: Tensor[]): unknown {
  if (Array.isArray(arg)) return arg.map((item) => decode(item, created));
  if (!isRecord(arg)) return arg;
  const keys = Object.keys(arg);
  if (keys.length === 1 && keys[0] === 'tensor') {
    const t = decodeTensor(arg.tensor as TensorSpec);
    created.push(t);
    return t;
  }
  if (keys.length === 1 && keys[0] === 'number') return decodeNumber(arg.number as string);
  return Object.fromEntries(keys.map((key) => [key, decode(arg[key], created)]));
}

function multiIndex(flat: number, shape: readonly number[]): string {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return `[${index.join(',')}]`;
}

/** `expectClose` whose failure message starts with `label` (a parameter key, "gradient of w"). */
export async function expectNamedClose(label: string, actual: Tensor | null, expected: TensorSpec, atol = 1e-4, rtol = 1e-3): Promise<void> {
  if (!actual) throw new Error(`${label}: no tensor`);
  await expectClose(actual, expected, atol, rtol).catch((e: Error) => {
    throw new Error(`${label}: ${e.message}`);
  });
}

/**
 * Checks shape, dtype and values of `actual` against a spec. Floats pass when
 * |a - e| <= atol + rtol * |e|; NaN matches only NaN, infinities must match exactly, and int32
 * and bool must be equal. On failure the message names the worst element.
 */
export async function expectClose(actual: Tensor, expected: TensorSpec, atol = 1e-4, rtol = 1e-3): Promise<void> {
  const shape = `[${actual.shape.join(',')}]`;
  const wantShape = `[${expected.shape.join(',')}]`;
  if (shape !== wantShape) throw new Error(`shape mismatch: got ${shape}, expected ${wantShape}`);
  if (actual.dtype !== expected.dtype) throw new Error(`dtype mismatch: got ${actual.dtype}, expected ${expected.dtype}`);
  const got = await actual.data();
  const want = expected.data.map(decodeNumber);
  if (got.length !== want.length) throw new Error(`data length ${got.length}, expected ${want.length} for shape ${shape}`);
  const exact = expected.dtype !== 'float32';
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const e = want[i];
    let excess: number;
    if (Number.isNaN(e) || Number.isNaN(a)) excess = Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity;
    else if (!Number.isFinite(e) || !Number.isFinite(a)) excess = a === e ? 0 : Infinity;
    else excess = Math.abs(a - e) - (exact ? 0 : atol + rtol * Math.abs(e));
    if (excess > 0) {
      failures++;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (failures > 0) {
    throw new Error(
      `${failures} of ${want.length} values differ (atol ${atol}, rtol ${rtol}); worst at ${multiIndex(worst, actual.shape)}: ` +
        `got ${got[worst]}, expected ${want[worst]}`,
    );
  }
}
