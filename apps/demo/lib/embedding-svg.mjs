// Draws 2-D node embeddings at several training steps side by side as one SVG: edges in
// grey, nodes coloured by their true class, labelled nodes ringed.

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/**
 * An SVG of `snapshots` ([{ step, points: [[x, y], ...] }]), one panel each.
 * @example writeFileSync('emb.svg', embeddingSvg({ snapshots, edges, faction, labelled: [0, 33], title: 'GCN' }));
 */
export function embeddingSvg({ snapshots, edges, faction, labelled, title }) {
  const size = 220;
  const pad = 14;
  const width = snapshots.length * size;
  const height = size + 40;
  const panels = snapshots.map(({ step, points }, k) => {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (v) => k * size + pad + ((v - minX) / (maxX - minX || 1)) * (size - 2 * pad);
    const sy = (v) => 30 + pad + ((maxY - v) / (maxY - minY || 1)) * (size - 2 * pad);
    const lines = edges.map(([a, b]) =>
      `<line x1="${sx(xs[a]).toFixed(1)}" y1="${sy(ys[a]).toFixed(1)}" x2="${sx(xs[b]).toFixed(1)}" y2="${sy(ys[b]).toFixed(1)}" stroke="#ccc" stroke-width="0.6"/>`);
    const dots = points.map((_, i) =>
      `<circle cx="${sx(xs[i]).toFixed(1)}" cy="${sy(ys[i]).toFixed(1)}" r="${labelled.includes(i) ? 6 : 4}" fill="${COLOURS[faction[i]]}"${labelled.includes(i) ? ' stroke="#000" stroke-width="2"' : ''}/>`);
    return [`<text x="${k * size + size / 2}" y="26" text-anchor="middle" font-size="12">step ${step}</text>`, ...lines, ...dots].join('\n');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="12" font-size="11">${title} (colour: true faction; ringed: the labelled nodes)</text>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
