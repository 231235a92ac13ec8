// A canvas to draw a digit on (or to show a picked one), read back as MNIST does its
// digits: the strokes' bounding box fitted into 20×20 and centred in 28×28.
import { el } from './dom';
import { paintDigit } from './mnist-data';

const SIZE = 280;

/**
 * A drawing pad; `onChange` runs after each stroke, `pixels()` gives the 28×28 digit.
 * @example const pad = new DigitPad(() => update(pad.pixels())); page.append(pad.element);
 */
export class DigitPad {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { width: String(SIZE), height: String(SIZE), 'aria-label': 'draw a digit' });
  private readonly context: CanvasRenderingContext2D;
  private drawn = false;

  constructor(private readonly onChange: () => void) {
    const clear = el('button', {}, 'Clear');
    this.element = el('div', { class: 'pad' }, this.canvas, el('div', {}, clear));
    this.context = this.canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    clear.addEventListener('click', () => {
      this.clear();
      this.onChange();
    });
    let last: [number, number] | null = null;
    const at = (event: PointerEvent): [number, number] => {
      const box = this.canvas.getBoundingClientRect();
      return [((event.clientX - box.left) * SIZE) / box.width, ((event.clientY - box.top) * SIZE) / box.height];
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      last = at(event);
      this.canvas.setPointerCapture(event.pointerId);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (!last) return;
      const next = at(event);
      const c = this.context;
      c.strokeStyle = '#fff';
      c.lineWidth = 22;
      c.lineCap = 'round';
      c.beginPath();
      c.moveTo(...last);
      c.lineTo(...next);
      c.stroke();
      last = next;
      this.drawn = true;
    });
    this.canvas.addEventListener('pointerup', () => {
      last = null;
      this.onChange();
    });
  }

  /** Whether anything is on the pad. */
  get empty(): boolean {
    return !this.drawn;
  }

  /** Blanks the pad. */
  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, SIZE, SIZE);
    this.drawn = false;
  }

  /** Shows a 28×28 digit (pixels in [0, 1]) on the pad, as if drawn. */
  show(pixels: Float32Array): void {
    const small = el('canvas');
    paintDigit(small, pixels);
    this.context.imageSmoothingEnabled = false;
    this.context.drawImage(small, 0, 0, SIZE, SIZE);
    this.drawn = true;
    this.onChange();
  }

  /** The digit as 784 pixels in [0, 1]: the ink's bounding box scaled into 20×20, centred. */
  pixels(): Float32Array {
    const { data } = this.context.getImageData(0, 0, SIZE, SIZE);
    let [top, left, bottom, right] = [SIZE, SIZE, -1, -1];
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (data[4 * (y * SIZE + x)] === 0) continue;
        [top, left, bottom, right] = [Math.min(top, y), Math.min(left, x), Math.max(bottom, y), Math.max(right, x)];
      }
    }
    const out = new Float32Array(28 * 28);
    if (bottom < 0) return out;
    const [w, h] = [right - left + 1, bottom - top + 1];
    const scale = 20 / Math.max(w, h);
    const small = el('canvas', { width: '28', height: '28' });
    const c = small.getContext('2d', { willReadFrequently: true })!;
    c.imageSmoothingQuality = 'high';
    c.drawImage(this.canvas, left, top, w, h, 14 - (w * scale) / 2, 14 - (h * scale) / 2, w * scale, h * scale);
    const pixels = c.getImageData(0, 0, 28, 28).data;
    for (let i = 0; i < out.length; i++) out[i] = pixels[4 * i] / 255;
    return out;
  }
}
