// Browser consumer of the built package, bundled by esbuild with no configuration: waits
// for the wasm backend (a page may not compile WebAssembly synchronously), runs a matmul
// and reports through the document title.
import { getBackend, matmul, ready, tensor } from '@tessera/core';

ready()
  .then(() => {
    const product = matmul(tensor([[1, 2], [3, 4]], { dtype: 'float32' }), tensor([[5, 6], [7, 8]], { dtype: 'float32' }));
    document.title = JSON.stringify({ backend: getBackend(), values: Array.from(product.dataSync()) });
  })
  .catch((error) => {
    document.title = JSON.stringify({ error: String(error) });
  });
