// Every long action of the app (training, mostly) runs through LongAction: a progress bar, a
// Stop button, errors shown in the page, and the live tensor count recorded after each step
// so that anyone (and the end-to-end test) can see that memory stays flat.
import { memory } from '@tessera/core';
import { el, nextFrame } from './dom';
import { showError } from './errors';

/** What a step reports: a line of status text. */
export type StepFn = (step: number) => Promise<string>;

/**
 * A long action with progress and a Stop button. Its element carries `data-state`
 * (idle, running, done, stopped or failed), `data-step` and `data-tensors` (the live tensor
 * count after that step).
 * @example
 * const action = new LongAction('Training');
 * page.append(action.element);
 * await action.run(200, async (step) => `loss ${await trainOne()}`);
 */
export class LongAction {
  readonly element: HTMLElement;
  private readonly bar = el('progress', { max: '1', value: '0' });
  private readonly status = el('span', { class: 'status' });
  private readonly stopButton = el('button', { class: 'stop', disabled: '' }, 'Stop');
  private stopRequested = false;
  private finished: Promise<void> = Promise.resolve();

  constructor(private readonly label: string) {
    this.element = el('div', { class: 'long-action', 'data-state': 'idle', 'data-step': '0' }, this.bar, this.stopButton, this.status);
    this.stopButton.addEventListener('click', () => void this.stop());
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.element.dataset.state === 'running';
  }

  /**
   * Runs `step(1)` ... `step(total)` one after the other, yielding to the browser between
   * steps, until done, stopped or failed (a failure is shown in the page). Resolves with
   * whether all steps ran.
   */
  run(total: number, step: StepFn): Promise<boolean> {
    if (this.running) throw new Error(`${this.label}: already running`);
    this.stopRequested = false;
    this.bar.max = total;
    this.bar.value = 0;
    this.stopButton.disabled = false;
    this.setState('running');
    const task = this.loop(total, step);
    this.finished = task.then(() => undefined);
    return task;
  }

  /** Asks the run to stop after its current step; resolves once it has. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.finished;
  }

  private async loop(total: number, step: StepFn): Promise<boolean> {
    try {
      for (let i = 1; i <= total; i++) {
        if (this.stopRequested) {
          this.setState('stopped');
          return false;
        }
        const text = await step(i);
        this.bar.value = i;
        this.status.textContent = `${this.label}: step ${i} / ${total} · ${text}`;
        this.element.dataset.step = String(i);
        this.element.dataset.tensors = String(memory().numTensors);
        await nextFrame();
      }
      this.setState('done');
      return true;
    } catch (error) {
      showError(error, this.label);
      this.setState('failed');
      return false;
    } finally {
      this.stopButton.disabled = true;
    }
  }

  private setState(state: string): void {
    this.element.dataset.state = state;
  }
}
