// Errors name the metric first, then the shapes or values and what was expected, as core's
// op errors do: `precision: preds has shape [3] and target [4]; expected equal shapes`.

/** Formats a shape as PyTorch users read it: `[2,3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** An Error whose message starts with the metric's name. */
export function metricError(metric: string, message: string): Error {
  return new Error(`${metric}: ${message}`);
}

/** Formats a list of labels for an error message, shortened when long. */
export function fmtLabels(labels: readonly number[]): string {
  const shown = labels.slice(0, 10).join(', ');
  return labels.length > 10 ? `[${shown}, ...]` : `[${shown}]`;
}
