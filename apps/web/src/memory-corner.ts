// The live tensor count in the corner of every page: the quickest way to see a leak.
type Core = typeof import('@tessera/core');

/**
 * Shows `core.memory().numTensors` in `element` (and its `data-tensors`), refreshed four times a second.
 * @example watchMemory(corner, await startBackend('wasm'));
 */
export function watchMemory(element: HTMLElement, core: Core): void {
  const update = () => {
    const { numTensors, numBytes } = core.memory();
    element.dataset.tensors = String(numTensors);
    element.textContent = `${core.getBackend()} · ${numTensors} tensors · ${(numBytes / 2 ** 20).toFixed(1)} MiB`;
  };
  update();
  setInterval(update, 250);
}
