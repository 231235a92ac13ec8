// A cli-progress bar for the training loops of the word-embedding demos: redrawn in place on
// a terminal; when the output is a file or a pipe, only the line `done` writes is printed.
import cliProgress from 'cli-progress';

/**
 * A bar over `total` steps labelled `label`; `update(step, loss)` redraws it, `done(text)`
 * stops it and prints `label: text`.
 * @example const bar = progressBar('skip-gram', 500); bar.update(10, 0.69); bar.done('loss 0.41');
 */
export function progressBar(label, total) {
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value}/{total} loss {loss} {duration_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const tty = Boolean(process.stdout.isTTY);
  if (tty) bar.start(total, 0, { loss: '-' });
  return {
    update: (step, loss) => tty && bar.update(step, { loss: loss.toFixed(4) }),
    done: (text) => {
      if (tty) bar.stop();
      console.log(`${label}: ${text}`);
    },
  };
}
