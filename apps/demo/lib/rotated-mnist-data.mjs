// Rotated MNIST in the manner of MNIST-rot: every digit of a set turned once by its own seeded
// uniform angle in [0°, 360°) with bilinear interpolation, for training and test alike.

const SIZE = 28;

/**
 * Turns one 28×28 digit (pixels in [0, 1], background 0) by `angle` radians about its centre,
 * bilinear, writing into `out` at `offset`; pixels that come from outside the image are 0.
 */
function rotateDigit(source, sourceOffset, angle, out, offset) {
  const centre = (SIZE - 1) / 2;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const pixel = (r, c) => (r >= 0 && r < SIZE && c >= 0 && c < SIZE ? source[sourceOffset + r * SIZE + c] : 0);
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      const [y, x] = [i - centre, j - centre];
      const row = y * cos + x * sin + centre;
      const col = -y * sin + x * cos + centre;
      const [r0, c0] = [Math.floor(row), Math.floor(col)];
      const [fr, fc] = [row - r0, col - c0];
      out[offset + i * SIZE + j] =
        (1 - fr) * ((1 - fc) * pixel(r0, c0) + fc * pixel(r0, c0 + 1)) + fr * ((1 - fc) * pixel(r0 + 1, c0) + fc * pixel(r0 + 1, c0 + 1));
    }
  }
}

/**
 * A copy of `set` (as from mnist-data's loadMnist) with each digit rotated by an angle drawn
 * uniformly from [0, 2π) with `random`.
 * @example const rotatedTrain = rotateSet(train, seededRandom(1));
 */
export function rotateSet(set, random) {
  const images = new Float32Array(set.images.length);
  for (let k = 0; k < set.count; k++) rotateDigit(set.images, k * SIZE * SIZE, 2 * Math.PI * random(), images, k * SIZE * SIZE);
  return { images, labels: set.labels.slice(), count: set.count };
}
