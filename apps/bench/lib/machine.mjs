// A description of the machine a benchmark ran on, written into every report.
import os from 'node:os';

/** CPU model, core count, memory, OS, Node and V8 versions, and the load when measuring began. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}
