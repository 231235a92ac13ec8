// Whether operations are being recorded (grad mode), and how deeply grad() calls nest. Kept
// apart from the public functions so the recorder can read it without import cycles.

let gradMode = true;

/** Whether kernels run now are recorded for differentiation. */
export function gradModeEnabled(): boolean {
  return gradMode;
}

/** Runs `fn` with grad mode set to `on`, restoring the previous mode afterwards. */
export function withGradMode<T>(on: boolean, fn: () => T, op: string): T {
  const saved = gradMode;
  gradMode = on;
  let result: T;
  try {
    result = fn();
  } finally {
    gradMode = saved;
  }
  if (result instanceof Promise) {
    throw new Error(`${op}: the function must not be async: grad mode would be restored before it resolves`);
  }
  return result;
}

let depth = 0;

/** How many grad()/valueAndGrad() calls are in progress (nested ones record their gradients). */
export function callDepth(): number {
  return depth;
}

/** Runs `fn` as one more grad()/valueAndGrad() call in progress. */
export function inCall<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}
