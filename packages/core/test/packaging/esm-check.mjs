// Node ESM consumer of the built package: imports @tessera/core by name (the package
// resolves itself through its "exports") and runs a matmul on the default (wasm) backend.
import { getBackend, matmul, tensor } from '@tessera/core';

const product = matmul(tensor([[1, 2], [3, 4]], { dtype: 'float32' }), tensor([[5, 6], [7, 8]], { dtype: 'float32' }));
console.log(JSON.stringify({ backend: getBackend(), values: Array.from(product.dataSync()) }));
