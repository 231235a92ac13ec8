// A long-lived /usr/bin/python3 child (Debian's python3-torch) as a benchmark peer: the
// benches' PyTorch scripts are line servers (`prepare ID ...`, `run ID`, `dispose ID`, each
// answered by one line, after a first line `ready TORCH_VERSION`), so PyTorch's steps
// interleave with Tessera's in the same rounds of lib/timing.mjs and a machine loaded by
// others slows every peer alike.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const PYTHON = '/usr/bin/python3';

/**
 * Starts `script` (a path) with `args`. Resolves `{ version, request(line), close() }`, or
 * `{ skipped: reason }` when PyTorch is missing or fails to start; `onClose` runs on close
 * (or on a failed start), e.g. to remove files written for the script.
 */
export async function startTorchServer(script, args, onClose = () => {}) {
  if (!existsSync(PYTHON)) {
    onClose();
    return { skipped: `${PYTHON} not found` };
  }
  const child = spawn(PYTHON, [script, ...args.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
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
    onClose();
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

/** A timing.mjs peer whose model the server builds from `prepare ID ${what}` and steps with `run ID`. */
export function torchPeer(server, label, what) {
  return {
    label,
    async prepare() {
      const id = `m${nextId++}`;
      await server.request(`prepare ${id} ${what}`);
      return {
        run: () => server.request(`run ${id}`),
        dispose: () => void server.request(`dispose ${id}`),
      };
    },
  };
}
