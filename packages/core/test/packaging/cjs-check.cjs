// Node CommonJS consumer of the built package: requires @tessera/core by name and runs a
// matmul on the default (wasm) backend.
const { getBackend, matmul, tensor } = require('@tessera/core');

const product = matmul(tensor([[1, 2], [3, 4]], { dtype: 'float32' }), tensor([[5, 6], [7, 8]], { dtype: 'float32' }));
console.log(JSON.stringify({ backend: getBackend(), values: Array.from(product.dataSync()) }));
