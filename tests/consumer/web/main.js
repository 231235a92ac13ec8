// A page that imports only @tessera/core, built by Vite for production: it waits for the
// wasm backend, runs a matmul and reports through the document title.
import { getBackend, matmul, ready, tensor } from '@tessera/core';

ready()
  .then(() => {
    const product = matmul(tensor([[1, 2], [3, 4]], { dtype: 'float32' }), tensor([[5, 6], [7, 8]], { dtype: 'float32' }));
    document.title = JSON.stringify({ backend: getBackend(), values: Array.from(product.dataSync()) });
  })
  .catch((error) => {
    document.title = JSON.stringify({ error: String(error) });
  });
