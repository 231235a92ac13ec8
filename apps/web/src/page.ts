// What every page module exports, so that the layout can mount and leave it.
import type { WebBackend } from './backend';

/** A page: `mount` fills `root` and returns what undoes it (stops its actions, frees its tensors). */
export interface Page {
  mount(root: HTMLElement, backend: WebBackend): Promise<() => Promise<void>>;
}
