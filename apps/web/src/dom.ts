// A small helper for building the pages' DOM without a framework.

/**
 * Creates an element with attributes (`class`, `data-*`, ...) and children.
 * @example el('button', { class: 'primary' }, 'Train')
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Resolves after the browser has had a chance to paint and handle input. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
