// Importing core and metrics alone loads neither autograd nor layers: autograd, once
// loaded, would have added backward() to tensors.
import { Tensor, tensor } from '@tessera/core';
import { accuracy } from '@tessera/metrics';

const score = await accuracy(tensor([0, 1, 1]), tensor([0, 1, 0]));
process.stdout.write(`${JSON.stringify({ score, autogradLoaded: 'backward' in Tensor.prototype })}\n`);
