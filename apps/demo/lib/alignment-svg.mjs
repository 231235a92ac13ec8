// An attention-alignment picture for the g2p demo: one heat map per word, letters across,
// the phonemes the decoder emitted down, darker where the attention weight is larger.

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An SVG of attention maps: `maps` is `[{ letters: string[], phonemes: string[], weights: number[][] }]`
 * (`weights[t][s]` in [0, 1], one row per phoneme), drawn side by side under `title`.
 * @example writeFileSync('out/g2p-attention.svg', alignmentSvg([{ letters: [...'CAT'], phonemes: ['K', 'AE', 'T', '</s>'], weights }], 'g2p'));
 */
export function alignmentSvg(maps, title, { cell = 18, gap = 40, label = 44 } = {}) {
  const widths = maps.map((m) => label + m.letters.length * cell);
  const height = 40 + label + Math.max(...maps.map((m) => m.phonemes.length)) * cell + 10;
  const width = widths.reduce((a, b) => a + b + gap, gap);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${gap}" y="20" font-size="13">${escape(title)}</text>`,
  ];
  let x0 = gap;
  maps.forEach((m, i) => {
    const top = 40 + label;
    const left = x0 + label;
    m.letters.forEach((c, s) => parts.push(`<text x="${left + s * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${escape(c)}</text>`));
    m.phonemes.forEach((p, t) => {
      parts.push(`<text x="${left - 4}" y="${top + t * cell + cell * 0.7}" text-anchor="end">${escape(p)}</text>`);
      m.weights[t].forEach((w, s) => {
        const shade = Math.round(255 * (1 - Math.min(1, Math.max(0, w))));
        parts.push(`<rect x="${left + s * cell}" y="${top + t * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},${shade})" stroke="#ddd"/>`);
      });
    });
    x0 += widths[i] + gap;
  });
  parts.push('</svg>');
  return parts.join('\n');
}
