// Seeded permutations for shuffling. The loader keeps its own generator so that shuffling
// neither draws from nor disturbs core's global one (manualSeed, rand, dropout).

/**
 * A small seeded generator (mulberry32) of uniform floats in [0, 1): the same seed gives the
 * same sequence everywhere. For shuffling and data augmentation outside core's generator.
 * @example const random = seededRandom(1); random(); // 0.6270739405881613
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A permutation of 0..n-1 that depends only on `seed` and `epoch` (Fisher–Yates).
 * @example seededPermutation(5, 42, 0); // Int32Array [1, 4, 2, 0, 3], on every call
 */
export function seededPermutation(n: number, seed: number, epoch: number): Int32Array {
  // Warm the generator up so that neighbouring seeds and epochs start far apart.
  const random = seededRandom(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b));
  for (let i = 0; i < 4; i++) random();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
