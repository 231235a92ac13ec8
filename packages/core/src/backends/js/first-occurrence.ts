// Groups repeated indices: for each entry, where its value first appears.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';

/** `out[k]` = the first position holding `index[k]`'s value. */
export const firstOccurrence: Kernel<'firstOccurrence', JsHandle> = ([index]) => {
  const values = index.handle;
  const first = new Map<number, number>();
  const out = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const seen = first.get(values[k]);
    if (seen === undefined) first.set(values[k], k);
    out[k] = seen ?? k;
  }
  return out;
};
