// The progress bar every demo's training loop shows: cli-progress redraws it in place on a
// terminal; when the output is a file or a pipe only the closing line is written, one per
// bar, so logs (and CI) stay readable.
import cliProgress from 'cli-progress';

/**
 * A progress bar over `total` steps labelled `label`; `update(step, text)` redraws it with a
 * caption such as the running loss, `done(text)` closes it with its final line.
 * @example const bar = new ProgressBar('epoch 1/5', 125); bar.update(10, 'loss 0.4123'); bar.done('loss 0.2011');
 */
export class ProgressBar {
  constructor(label, total, { stream = process.stdout } = {}) {
    this.label = label;
    this.total = total;
    this.stream = stream;
    this.start = performance.now();
    this.bar = stream.isTTY
      ? new cliProgress.SingleBar(
          { format: `${label} {bar} {value}/{total} {text} {duration}s`, stream, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.bar?.start(total, 0, { text: '' });
  }

  /** Redraws the bar at `step` of `total` with `text`. */
  update(step, text) {
    this.bar?.update(step, { text });
  }

  /** Ends the bar and writes one line: the label, `text` and the time taken. */
  done(text) {
    this.bar?.stop();
    const seconds = ((performance.now() - this.start) / 1000).toFixed(1);
    this.stream.write(`${this.label} ${this.total}/${this.total} ${text} ${seconds}s\n`);
  }
}
