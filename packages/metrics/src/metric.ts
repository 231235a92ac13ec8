// The streaming interface shared by every accumulating metric, as torchmetrics has it:
// `update` with each batch, `compute` for the value over everything seen, `reset` to start
// again. One-shot functions are one update followed by compute, so the two cannot disagree.

/** A metric accumulated over batches. */
export interface Metric<Inputs extends unknown[], Result> {
  /** Adds a batch; async because tensors are read back from their backend. */
  update(...inputs: Inputs): Promise<void>;
  /** The metric over every batch added since construction or the last `reset`. */
  compute(): Result;
  /** Forgets every batch. */
  reset(): void;
}

/** Runs `metric` over a single batch: how each one-shot function is defined. */
export async function computeOnce<Inputs extends unknown[], Result>(metric: Metric<Inputs, Result>, ...inputs: Inputs): Promise<Result> {
  await metric.update(...inputs);
  return metric.compute();
}
