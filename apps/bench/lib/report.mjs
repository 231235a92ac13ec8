// Turns measurements into the Markdown table and the JSON document written to results/.

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** GFLOPS of a case run in `ms` milliseconds. */
export function gflops(flops, ms) {
  return flops / ms / 1e6;
}

function ratio(results, c, numerator, denominator) {
  const a = results.find((r) => r.case === c.name && r.peer === numerator);
  const b = results.find((r) => r.case === c.name && r.peer === denominator);
  return a && b ? `${(b.medianMs / a.medianMs).toFixed(2)}×` : '—';
}

/**
 * A Markdown report: the machine, then one row per case with each peer's median time and
 * GFLOPS, and speed ratios (how many times faster the first named peer is).
 */
export function markdown({ date, machine, environment, cases, peers, results, threads }) {
  const wasm1 = 'tessera wasm 1 thread';
  const wasmN = `tessera wasm ${threads} threads`;
  const lines = [
    `# Tessera benchmark, ${date}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node} (V8 ${machine.v8}); ` +
      `load average at start ${machine.loadAverage.join(' / ')}.`,
    '',
    ...environment.map((line) => `- ${line}`),
    '',
    'Each cell: median milliseconds over repeated runs (after warm-up), and GFLOPS in parentheses; a run computes the result (synchronously, or awaited for jax-js) without reading it back. — means not run.',
    '',
    `| case | ${peers.join(' | ')} | wasm ÷ tfjs wasm | wasm ${threads}T ÷ tfjs wasm | wasm ÷ js |`,
    `| --- | ${peers.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ];
  for (const c of cases) {
    const cells = peers.map((peer) => {
      const r = results.find((x) => x.case === c.name && x.peer === peer);
      return r ? `${fmtMs(r.medianMs)} (${r.gflops.toFixed(1)})` : '—';
    });
    lines.push(`| ${c.name} | ${cells.join(' | ')} | ${ratio(results, c, wasm1, 'tfjs wasm')} | ${ratio(results, c, wasmN, 'tfjs wasm')} | ${ratio(results, c, wasm1, 'tessera js')} |`);
  }
  const notes = cases.filter((c) => c.flopsNote).map((c) => `- ${c.name}: GFLOPS count ${c.flopsNote}.`);
  if (notes.length) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
