// Browser consumer on a cross-origin isolated page: the wasm backend shares its memory with
// worker threads there, so a matmul split over two threads must equal the single-threaded
// one. Reports through the document title.
import { matmul, ready, setThreads, tensor } from '@tessera/core';

function values(size, seed) {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.sin(seed * 1000 + i);
  return out;
}

async function main() {
  await ready();
  const a = tensor(values(200 * 300, 1)).reshape([200, 300]);
  const b = tensor(values(300 * 180, 2)).reshape([300, 180]);
  await setThreads(1);
  const single = Array.from(matmul(a, b).dataSync());
  await setThreads(2);
  const split = Array.from(matmul(a, b).dataSync());
  return { isolated: globalThis.crossOriginIsolated === true, equal: single.every((v, i) => v === split[i]), size: split.length };
}

main()
  .then((result) => (document.title = JSON.stringify(result)))
  .catch((error) => (document.title = JSON.stringify({ error: String(error) })));
