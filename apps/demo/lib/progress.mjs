// A one-line progress bar for training loops: redrawn in place on a terminal, and written
// as plain lines (one per epoch) when the output is a file or a pipe, so logs stay readable.

/**
 * A progress bar over `total` steps labelled `label`; `update(step, text)` redraws it with
 * a caption such as the running loss, `done(text)` closes the line.
 * @example const bar = new ProgressBar('epoch 1/5', 125); bar.update(10, 'loss 0.4123'); bar.done('loss 0.2011');
 */
export class ProgressBar {
  constructor(label, total, { stream = process.stdout, width = 30 } = {}) {
    this.label = label;
    this.total = total;
    this.stream = stream;
    this.width = width;
    this.start = performance.now();
    this.lastDraw = 0;
  }

  /** Redraws the bar at `step` of `total` with `text` (at most every 100 ms on a terminal). */
  update(step, text) {
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && step < this.total) return;
    this.lastDraw = now;
    const filled = Math.round((this.width * step) / this.total);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
    this.stream.write(`\r${this.label} ${bar} ${String(step).padStart(String(this.total).length)}/${this.total} ${text} ${this.#elapsed()}\x1b[K`);
  }

  /** Ends the bar with `text`: the final redraw on a terminal, or one plain line otherwise. */
  done(text) {
    if (this.stream.isTTY) {
      this.lastDraw = 0;
      this.update(this.total, text);
      this.stream.write('\n');
    } else {
      this.stream.write(`${this.label} ${this.total}/${this.total} ${text} ${this.#elapsed()}\n`);
    }
  }

  #elapsed() {
    return `${((performance.now() - this.start) / 1000).toFixed(1)}s`;
  }
}
