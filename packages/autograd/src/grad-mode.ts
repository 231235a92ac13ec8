// noGrad / enableGrad: scoped switches of recording, as torch.no_grad and torch.enable_grad.
import { gradModeEnabled, withGradMode } from './mode.js';

/**
 * Runs `fn` without recording: results do not require a gradient. Use it for evaluation and
 * for parameter updates. `fn` must be synchronous.
 * @example noGrad(() => tidy(() => { w.assign(w.sub(w.grad!.mul(0.1))); }));
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn, 'noGrad');
}

/**
 * Runs `fn` with recording on, even inside noGrad. `fn` must be synchronous.
 * @example noGrad(() => enableGrad(() => x.mul(2))); // recorded
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn, 'enableGrad');
}

/** Whether operations are recorded now (false inside noGrad). */
export function isGradEnabled(): boolean {
  return gradModeEnabled();
}
