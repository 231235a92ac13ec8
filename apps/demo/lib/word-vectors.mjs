// Looking at trained word vectors: nearest neighbours by cosine similarity (@tessera/metrics)
// and a 2-D principal-component projection computed with Tessera ops, drawn as an SVG.
import { cat, indexSelect, matmul, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { pairwiseCosineSimilarity } from '@tessera/metrics';

/**
 * The `k` nearest words (by cosine similarity) of each query word present in the
 * vocabulary: `[{ word, neighbours: [{ word, similarity }] }]`.
 * @example const lists = await nearestNeighbours(vectors, vocab, ['whale', 'ship'], 8);
 */
export async function nearestNeighbours(vectors, vocab, queries, k = 8) {
  const present = queries.filter((w) => vocab.id.has(w));
  const rows = noGrad(() => tidy(() => indexSelect(vectors, 0, tensor(present.map((w) => vocab.id.get(w)), { dtype: 'int32' }))));
  const similarities = await pairwiseCosineSimilarity(rows, vectors);
  rows.dispose();
  return present.map((word, q) => {
    const order = similarities[q].map((s, i) => [s, i]).filter(([, i]) => vocab.words[i] !== word).sort((a, b) => b[0] - a[0]);
    return { word, neighbours: order.slice(0, k).map(([s, i]) => ({ word: vocab.words[i], similarity: s })) };
  });
}

/**
 * The projection of the rows of `x` `[n, D]` on their first two principal components,
 * `[n, 2]`: the centred rows times the top eigenvectors of their covariance, found by power
 * iteration with deflation (all with Tessera ops).
 */
export function principalComponents2d(x, iterations = 200) {
  return noGrad(() => tidy(() => {
    const centred = x.sub(x.mean(0, true));
    let covariance = matmul(centred.transpose(0, 1), centred).div(x.shape[0] - 1);
    const components = [];
    for (let c = 0; c < 2; c++) {
      // Power iteration from a fixed start: v ← Cv / ‖Cv‖ converges to the top eigenvector.
      let v = tensor(Float32Array.from({ length: x.shape[1] }, (_, i) => 1 + ((i * 7919) % 13) / 13)).reshape([-1, 1]);
      for (let it = 0; it < iterations; it++) {
        const next = tidy(() => {
          const w = matmul(covariance, v);
          return w.div(w.square().sum().sqrt());
        });
        v.dispose();
        v = next;
      }
      components.push(v);
      // Deflate: remove the found direction, λvvᵀ with λ = vᵀCv.
      const lambda = matmul(v.transpose(0, 1), matmul(covariance, v));
      covariance = covariance.sub(matmul(v, v.transpose(0, 1)).mul(lambda));
    }
    return matmul(centred, cat(components, 1));
  }));
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An SVG scatter plot of labelled 2-D points (`points`: [[x, y]], `labels`: strings),
 * scaled to fit `width`×`height`, with `title` on top.
 */
export function scatterSvg(points, labels, title, { width = 900, height = 700, margin = 40 } = {}) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => margin + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * margin);
  const sy = (y) => height - margin - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * margin);
  const marks = points.map(([x, y], i) =>
    `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="#1f6feb"/><text x="${(sx(x) + 4).toFixed(1)}" y="${(sy(y) - 3).toFixed(1)}">${escapeXml(labels[i])}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin}" y="${margin / 2 + 4}" font-size="14">${escapeXml(title)}</text>`,
    ...marks,
    '</svg>',
    '',
  ].join('\n');
}
