// Errors name the op first, then the shapes and what was expected, so a message alone
// says where a bad argument came from: `matmul: inner dimensions differ: [2,3] @ [4,5]`.

/**
 * Formats a shape as PyTorch users read it: `[2,3]`. Exported, with `check`, `checkSize` and
 * `checkProbability`, so packages built on core word their errors the same way.
 * @example fmt([2, 3]); // '[2,3]'
 */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** An Error whose message starts with the op's name. */
export function opError(op: string, message: string): Error {
  return new Error(`${op}: ${message}`);
}

/**
 * Throws `op: message` unless `condition` holds; the message is built only on failure.
 * @example check(x.ndim === 3, 'LSTM', () => `input must be 3-D, got ${fmt(x.shape)}`);
 */
export function check(condition: unknown, op: string, message: () => string): asserts condition {
  if (!condition) throw opError(op, message());
}

/**
 * Throws `op: name must be a positive integer` unless `size` is one.
 * @example checkSize('LSTM', 'hiddenSize', hiddenSize);
 */
export function checkSize(op: string, name: string, size: number): void {
  check(Number.isInteger(size) && size > 0, op, () => `${name} must be a positive integer, got ${size}`);
}

/**
 * Throws `op: name must be between 0 and 1` unless `p` is a probability.
 * @example checkProbability('Dropout', 'p', p);
 */
export function checkProbability(op: string, name: string, p: number): void {
  check(typeof p === 'number' && p >= 0 && p <= 1, op, () => `${name} must be between 0 and 1, got ${p}`);
}
