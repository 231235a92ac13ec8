// PyTorch as a peer of the GNN benchmark (gnn.mjs) in timing.mjs's `{ label, prepare }` shape:
// one long-lived server (lib/torch-server.mjs running lib/gnn_torch.py) holds the graph and
// the models and runs one epoch per request, interleaved with Tessera's in the same rounds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTorchServer, torchPeer } from './torch-server.mjs';

/**
 * Starts the PyTorch server on `data` (the SBM of lib/sbm.mjs with its gcn_norm weights).
 * Resolves `{ version, request(line), close() }`, or `{ skipped: reason }` when PyTorch is
 * missing or fails to start.
 */
export async function startTorch(data) {
  const folder = mkdtempSync(join(tmpdir(), 'tessera-gnn-'));
  for (const [name, values] of Object.entries({ src: data.src, dst: data.dst, norm: data.norm, x: data.x, y: data.y })) {
    writeFileSync(join(folder, `${name}.bin`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }
  const script = fileURLToPath(new URL('./gnn_torch.py', import.meta.url));
  return startTorchServer(script, [folder, data.nodes, data.features, data.classes], () => rmSync(folder, { recursive: true, force: true }));
}

/** A peer training PyTorch's `variant` ('gcn sparse.mm', 'gcn index_add_', 'gat index_add_') on `threads` threads in `server`. */
export function torchGnn(server, label, variant, threads) {
  return torchPeer(server, label, `${variant.replace(' ', '+')} ${threads}`);
}
