// Errors name the op first, then the shapes and what was expected, so a message alone
// says where a bad argument came from: `matmul: inner dimensions differ: [2,3] @ [4,5]`.

/** Formats a shape as PyTorch users read it: `[2,3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** An Error whose message starts with the op's name. */
export function opError(op: string, message: string): Error {
  return new Error(`${op}: ${message}`);
}

/** Throws `opError(op, message)` unless `condition` holds. */
export function check(condition: unknown, op: string, message: () => string): asserts condition {
  if (!condition) throw opError(op, message());
}
