// PyTorch as a peer of the GNN benchmark (gnn.mjs) in timing.mjs's `{ label, prepare }` shape:
// one long-lived /usr/bin/python3 child (lib/gnn_torch.py, Debian's python3-torch) holds the
// graph and the models and runs one epoch per request, so its epochs interleave with
// Tessera's in the same rounds and a machine loaded by others slows every peer alike.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

/**
 * Starts the PyTorch server on `data` (the SBM of lib/sbm.mjs with its gcn_norm weights).
 * Resolves `{ version, request(line), close() }`, or `{ skipped: reason }` when PyTorch is
 * missing or fails to start.
 */
export async function startTorch(data) {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const folder = mkdtempSync(join(tmpdir(), 'tessera-gnn-'));
  for (const [name, values] of Object.entries({ src: data.src, dst: data.dst, norm: data.norm, x: data.x, y: data.y })) {
    writeFileSync(join(folder, `${name}.bin`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }
  const script = fileURLToPath(new URL('./gnn_torch.py', import.meta.url));
  const child = spawn(PYTHON, [script, folder, data.nodes, data.features, data.classes].map(String), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`PyTorch exited: ${stderr.trim().split('\n').pop()}`);
    return value;
  };
  // One request at a time: measureCase awaits each run before the next.
  const request = async (line) => {
    child.stdin.write(`${line}\n`);
    return next();
  };
  const close = () => {
    child.stdin.end();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const ready = await next();
    return { version: ready.split(' ')[1], request, close };
  } catch (error) {
    close();
    return { skipped: `PyTorch failed: ${error.message}` };
  }
}

let nextId = 0;

/** A peer training PyTorch's `variant` ('gcn sparse.mm', 'gcn index_add_', 'gat index_add_') on `threads` threads in `server`. */
export function torchGnn(server, label, variant, threads) {
  return {
    label,
    async prepare() {
      const id = `m${nextId++}`;
      await server.request(`prepare ${id} ${variant.replace(' ', '+')} ${threads}`);
      return {
        run: () => server.request(`run ${id}`),
        dispose: () => void server.request(`dispose ${id}`),
      };
    },
  };
}
