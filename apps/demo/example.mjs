// A tour of @tessera/core from the built package: creation, broadcasting, reductions,
// matmul, a convolution and a softmax classifier, with memory accounting at the end.
import * as T from '@tessera/core';

// Four significant digits, so the float32 values read as the numbers they stand for.
const round = (v) => (Array.isArray(v) ? v.map(round) : typeof v === 'number' ? Number(v.toPrecision(4)) : v);
const show = (label, t) => console.log(`${label.padEnd(28)} ${JSON.stringify(round(t.arraySync()))}`);

// The default backend is wasm; `node example.mjs js` runs the same tour on the reference backend.
const backend = process.argv[2];
if (backend) await T.setBackend(backend);
await T.ready();
T.manualSeed(0);
console.log(`backend: ${T.getBackend()}`);

T.tidy(() => {
  const x = T.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
  show('x', x);
  show('x + [10, 20, 30]', x.add(T.tensor([10, 20, 30])));
  show('x.sum(1)', x.sum(1));
  show('x.mean(0, keepdim)', x.mean(0, true));
  show('x.var(1)', x.var(1));
  show('x @ x.T', x.matmul(x.transpose(0, 1)));
  show('softmax(x, -1)', T.softmax(x, -1));

  // A vertical edge detector over a 6x6 image that is dark on the left, bright on the right.
  const image = T.tensor(Array.from({ length: 6 }, () => [0, 0, 0, 1, 1, 1]), { dtype: 'float32' }).reshape([1, 1, 6, 6]);
  const sobel = T.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], { dtype: 'float32' }).reshape([1, 1, 3, 3]);
  show('conv2d(image, sobel)', T.conv2d(image, sobel).reshape([4, 4]));
  show('maxPool2d(image, 2)', T.maxPool2d(image, { kernelSize: 2 }).reshape([3, 3]));

  // A fixed linear classifier over four points and its cross-entropy.
  const points = T.tensor([[2, 0], [0, 2], [-2, 0], [0, -2]], { dtype: 'float32' });
  const weight = T.eye(2).mul(1.5);
  const logits = points.matmul(weight);
  const labels = T.tensor([0, 1, 0, 1]);
  show('predicted class', logits.argmax(1));
  show('cross-entropy', T.crossEntropy(logits, labels));
});

const { numTensors, numBytes } = T.memory();
console.log(`live tensors after tidy: ${numTensors} (${numBytes} bytes)`);
