// Checks and defaults the layer constructors share (not exported from the package).

/** `[-1/√fanIn, 1/√fanIn]`, PyTorch's default range for biases (0 when fanIn is 0). */
export function symmetric(fanIn: number): [number, number] {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return [-bound, bound];
}

/** Throws naming `layer` unless every size is a positive integer. */
export function checkSizes(layer: string, sizes: Record<string, number>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${layer}: ${name} must be a positive integer, got ${value}`);
  }
}
