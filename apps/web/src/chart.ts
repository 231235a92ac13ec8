// Training curves drawn with uPlot: one x axis (the step) and a few series that grow as
// training runs, on a left scale (losses) and an optional right scale (accuracy, 0..1).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A curve: its legend label, colour, and whether it is read on the right (0..1) scale. */
export interface Curve {
  label: string;
  stroke: string;
  right?: boolean;
}

/**
 * A live chart of `curves` against the step; `push(step, values)` adds one point to each
 * (null where a curve has no value at that step, as accuracy between evaluations).
 * @example const chart = new TrainingChart(div, [{ label: 'loss', stroke: '#c0392b' }]); chart.push(1, [2.3]);
 */
export class TrainingChart {
  private readonly plot: uPlot;
  private readonly data: (number | null)[][];

  constructor(parent: HTMLElement, curves: Curve[], { width = 520, height = 240 } = {}) {
    this.data = [[], ...curves.map(() => [])];
    const right = curves.some((curve) => curve.right);
    this.plot = new uPlot(
      {
        width,
        height,
        scales: { x: { time: false }, ...(right ? { right: { range: [0, 1] as [number, number] } } : {}) },
        axes: [{ label: 'step' }, { label: 'loss' }, ...(right ? [{ scale: 'right', side: 1 as const, label: 'accuracy', grid: { show: false } }] : [])],
        series: [{ label: 'step' }, ...curves.map((curve) => ({ label: curve.label, stroke: curve.stroke, width: 2, spanGaps: true, ...(curve.right ? { scale: 'right' } : {}) }))],
      },
      this.data as uPlot.AlignedData,
      parent,
    );
  }

  /** Adds one point per curve at `step` and redraws. */
  push(step: number, values: (number | null)[]): void {
    this.data[0].push(step);
    values.forEach((value, i) => this.data[i + 1].push(value));
    this.plot.setData(this.data as uPlot.AlignedData);
  }

  /** Removes the chart from the page. */
  destroy(): void {
    this.plot.destroy();
  }
}
