// Shapes in error messages, written as PyTorch users read them: [2,3].

/** Formats a shape as `[2,3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
