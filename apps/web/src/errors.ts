// The page's error panel: failures of the app (a training step that throws, a backend that
// does not start, an uncaught rejection) are shown to the person using it, not only logged.

let panel: HTMLElement | undefined;

/** Makes `element` the place errors are shown, and routes uncaught errors there. */
export function installErrorPanel(element: HTMLElement): void {
  panel = element;
  window.addEventListener('error', (event) => showError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => showError(event.reason));
}

/**
 * Shows `error` in the page (and in the console for developers), prefixed by `context`.
 * @example try { await train(); } catch (error) { showError(error, 'MNIST training'); }
 */
export function showError(error: unknown, context?: string): void {
  const text = error instanceof Error ? error.message : String(error);
  console.error(context ? `${context}: ` : '', error);
  if (!panel) return;
  const item = document.createElement('p');
  item.className = 'error';
  item.textContent = context ? `${context}: ${text}` : text;
  panel.append(item);
}

/** Removes the errors shown (when another page is opened). */
export function clearErrors(): void {
  panel?.replaceChildren();
}
